// The translator's one entry point: CUDA source text in, MSL + host C++ + manifest + diagnostics out.
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic';
import { translateHost } from '../host/host';
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
  readonly ok: boolean;
}

/** `name` is the file name used in diagnostics and #line directives; `stem` names outputs (app → app.metal). */
export function translateSource(name: string, text: string, options: Partial<TranslateOptions> = {}): Translation {
  const opts: TranslateOptions = { ...DEFAULT_OPTIONS, ...options };
  const file = parseSource(name, text);
  const diagnostics: Diagnostic[] = syntaxDiagnostics(file);
  const stem = name.replace(/^.*\//, '').replace(/\.(cu|cuh|cpp|cc)$/, '');
  const device = translateDevice(file, diagnostics, opts, `${stem}.metal`);
  const host = translateHost(device.program, device.manifest.kernels, diagnostics);
  diagnostics.sort((a, b) => a.start.line - b.start.line || a.start.column - b.start.column);
  return { msl: device.msl, host: host.host, cudaCpu: host.cudaCpu, manifest: device.manifest, diagnostics, ok: !hasErrors(diagnostics) };
}
