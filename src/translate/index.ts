// The translator's one entry point: CUDA source text in, MSL + host C++ + manifest + diagnostics out.
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic';
import { translateHost } from '../host/host';
import { expandIncludes } from '../parse/includes';
import { parseSource, syntaxDiagnostics } from '../parse/parse';
import type { TranslateOptions } from './function';
import { DEFAULT_OPTIONS, translateDevice, type Manifest } from './translate';

export type { Manifest } from './translate';
export type { KernelManifest, KernelParamManifest, TranslateOptions } from './function';

export interface Translation {
  readonly msl: string;
  readonly host: string;
  /** The original device code for the cuda-cpu reference backend. */
  readonly cudaCpu: string;
  readonly manifest: Manifest;
  readonly diagnostics: Diagnostic[];
  /** Text of the .cu file and of every header inlined into it (for rendering diagnostics). */
  readonly sources: ReadonlyMap<string, string>;
  readonly ok: boolean;
}

/** `name` is the file name used in diagnostics and #line directives; `stem` names outputs (app → app.metal). */
export function translateSource(name: string, text: string, options: Partial<TranslateOptions> = {}): Translation {
  const opts: TranslateOptions = { ...DEFAULT_OPTIONS, ...options };
  const expanded = expandIncludes(name, text, opts.includeDirs ?? []);
  const file = parseSource(name, expanded.text, expanded);
  const diagnostics: Diagnostic[] = [];
  const rawDiagnostics: Diagnostic[] = syntaxDiagnostics(file);
  const stem = name.replace(/^.*\//, '').replace(/\.(cu|cuh|cpp|cc)$/, '');
  const device = translateDevice(file, rawDiagnostics, opts, `${stem}.metal`);
  const host = translateHost(device.program, device.manifest.kernels, rawDiagnostics);
  // Positions in the include-expanded text → positions in the files the user wrote.
  for (const d of rawDiagnostics) {
    const start = expanded.map.map(d.start.line);
    const end = d.end ? expanded.map.map(d.end.line) : undefined;
    diagnostics.push({ ...d, file: start.file, start: { ...d.start, line: start.line }, end: d.end && end?.file === start.file ? { ...d.end, line: end.line } : undefined });
  }
  diagnostics.sort((a, b) => (a.file === b.file ? 0 : a.file === name ? 1 : -1) || a.start.line - b.start.line || a.start.column - b.start.column);
  return { msl: device.msl, host: host.host, cudaCpu: host.cudaCpu, manifest: device.manifest, diagnostics, sources: expanded.sources, ok: !hasErrors(diagnostics) };
}
