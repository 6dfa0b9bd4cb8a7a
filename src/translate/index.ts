// The translator's one entry point: CUDA source text in, MSL + host C++ + manifest + diagnostics out.
import { devirtualise } from './virtuals';
import { rewriteDeviceHeap } from './deviceHeap';
import { diag, hasErrors, type Diagnostic } from '../diagnostics/diagnostic';
import { translateHost } from '../host/host';
import { PROVIDED_HEADERS, libraryDiagnostics } from '../host/libraries';
import { NATIVE_INCLUDE } from '../build/paths';
import { commentStateAfter, preprocess, type Macro } from '../parse/preprocess';
import type { HostRegion } from '../parse/includes';
import { depthDiagnostic, parseSource, syntaxDiagnostics } from '../parse/parse';
import { parenthesizeVexingArguments, unparenthesizeValueCasts } from '../parse/castAmbiguity';
import { renameCubWrapperAliases } from './cubWrappers';
import { foreignCallsOf, type ForeignInstance, type TranslateOptions } from './function';
import { FUNCTION_BY_NAME } from './tables/functions';
import { uniqueDiagnostics } from './unique';
import { inlineGridSyncHelpers, resolveArchConditionalsAroundGridSyncs, splitGridSyncKernels, whileForGridSyncLoops } from './gridSync';
import { DEFAULT_OPTIONS, TOOL_VERSION, translateDevice, type Manifest } from './translate';

export type { Manifest } from './translate';
export type { KernelManifest, KernelParamManifest, TranslateOptions } from './function';
export { FOREIGN_DEFINITION } from './function';

export interface Translation {
  readonly msl: string;
  readonly host: string;
  /** The original device code for the cuda-cpu reference backend. */
  readonly cudaCpu: string;
  readonly manifest: Manifest;
  readonly diagnostics: Diagnostic[];
  /** Text of the .cu file and of every header inlined into it (for rendering diagnostics). */
  readonly sources: ReadonlyMap<string, string>;
  /** Calls of functions defined in another .cu that pass memory other than device (run.ts asks that file for the instance). */
  readonly foreignCalls?: readonly ForeignInstance[];
  /** The device functions this file defines (with a body). */
  readonly deviceFunctions?: readonly string[];
  readonly ok: boolean;
}

/** Output names derive from this: app.cu → app.metal, app.host.cpp, app.manifest.json. */
export const stemOf = (file: string): string => file.replace(/^.*[\\/]/, '').replace(/\.(cu|cuh|cpp|cc|cxx)$/, '');

/** Source text as the translator expects it: no UTF-8 byte-order mark, LF line ends. */
const ALIGNAS = String.raw`alignas\s*\(((?:[^()\n]|\((?:[^()\n]|\([^()\n]*\))*\))*)\)`;
const SHARED_ALIGNAS = new RegExp(String.raw`\b__shared__[ \t]+${ALIGNAS}|${ALIGNAS}[ \t]+__shared__\b`, 'g');

/**
 * The source as the translator and the references read it: no byte-order mark, `\n` line ends, and
 * the alignment of a __shared__ variable (`__shared__ alignas(16) float s[N]`, as nvcc accepts and
 * cuda-samples write it, or `alignas(16) __shared__ ...`) spelled `__shared__
 * __attribute__((aligned(16)))`, which C++ takes among the specifiers and the MSL lowering gives
 * the storage (the line breaks stay, so lines keep their numbers).
 */
export const normalizeSource = (text: string): string => {
  const t = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return t.includes('alignas') ? t.replace(SHARED_ALIGNAS, (_m, a: string | undefined, b: string | undefined) => `__shared__ __attribute__((aligned(${a ?? b ?? ''})))`) : t;
};

/**
 * Macros the translator expands at their uses instead of copying them into the MSL as text: bodies
 * with CUDA syntax, `double`, or calls whose translation rewrites the whole call (or that have no
 * Metal equivalent), which cannot be translated inside a #define.
 */
export function macroNeedsExpansion(m: Macro, body: string): boolean {
  // `#define SQRT sqrtf`: an alias of a CUDA function; `SQRT(x)` is then the table's call.
  if (m.params === null && FUNCTION_BY_NAME.has(body.trim())) return true;
  if (/\b(__global__|__device__|__shared__|__constant__|__syncthreads|double(?:[1234]|4_16a|4_32a)?)\b|<\s*<\s*</.test(body)) return true;
  // `#define GET(A, I) A[I]`: an element of a parameter, whose address (`&GET(p, i)`) needs the
  // pointer's space, which the translator sees only in the expansion (addressSpaces.ts).
  const element = /^\(?\s*\(?\s*([A-Za-z_]\w*)\s*\)?\s*\[/.exec(body.trim());
  if (m.params && element && m.params.includes(element[1]!)) return true;
  // `#define AT(T, p, i) ((T *) at_((uchar *)(p), i))`: a cast to a pointer type needs the
  // operand's address space (`(device uchar*)`), which the translator sees only in the expansion.
  if (/\(\s*(?:const\s+|volatile\s+)*[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*\s*(?:\*\s*(?:const\s*)?)+\)|_cast\s*<[^<>]*\*\s*>/.test(body)) return true;
  for (const id of body.match(/[A-Za-z_]\w*/g) ?? []) {
    if (m.params?.includes(id)) continue; // a parameter named like a CUDA function (`y1`)
    const row = FUNCTION_BY_NAME.get(id);
    if (row && row.map.kind !== 'rename' && row.map.kind !== 'polyfill' && row.map.kind !== 'same') return true;
  }
  return false;
}

/** `name` is the file name used in diagnostics and #line directives. */
export function translateSource(name: string, text: string, options: Partial<TranslateOptions> = {}): Translation {
  const opts: TranslateOptions = { ...DEFAULT_OPTIONS, ...options };
  const expanded = preprocess(name, normalizeSource(text), { includeDirs: opts.includeDirs, defines: opts.defines, provided: { headers: PROVIDED_HEADERS, dir: NATIVE_INCLUDE }, seeThrough: macroNeedsExpansion });
  // (The previous translation's tree is reused where the texts agree: src/parse/reuse.ts.)
  let file = parseSource(name, expanded.text, expanded, true);
  // `(a) - (b)` read as a cast to a type `a` that is a variable: parsed again without those parentheses.
  const uncast = unparenthesizeValueCasts(file);
  if (uncast !== null) file = parseSource(name, uncast, expanded, true);
  // `Pair<T, int> p(val, lane());` read as a function declaration: parsed again with `(val)`.
  const unvexed = parenthesizeVexingArguments(file, (n) => FUNCTION_BY_NAME.has(n));
  if (unvexed !== null) file = parseSource(name, unvexed, expanded, true);
  // `__device__ void BlockReduce(T &x) { typedef cub::BlockReduce<T, N> BlockReduce; ... }`: the alias is renamed.
  const unshadowed = renameCubWrapperAliases(file);
  if (unshadowed !== null) file = parseSource(name, unshadowed, expanded, true);
  // Virtual functions: a type tag and a switch per virtual function (src/translate/virtuals.ts).
  const devirtualised = devirtualise(file);
  if (devirtualised.text !== null) file = parseSource(name, devirtualised.text, expanded, true);
  // Device new/delete and malloc/free: a heap of our own (src/translate/deviceHeap.ts).
  const heap = rewriteDeviceHeap(file);
  if (heap.text !== null) file = parseSource(name, heap.text, expanded, true);
  const diagnostics: Diagnostic[] = [...expanded.diagnostics];
  // Kernels that synchronise their grid: one kernel per part between syncs (src/translate/gridSync.ts).
  const splitDiagnostics: Diagnostic[] = [];
  const refusedSplits: [number, number][] = [];
  const inlined = inlineGridSyncHelpers(file, (text) => parseSource(name, text, expanded, true));
  if (inlined !== null) file = parseSource(name, inlined, expanded, true);
  const resolved = resolveArchConditionalsAroundGridSyncs(file);
  if (resolved !== null) file = parseSource(name, resolved, expanded, true);
  const whiles = whileForGridSyncLoops(file);
  if (whiles !== null) file = parseSource(name, whiles, expanded, true);
  const gridSplit = splitGridSyncKernels(file, splitDiagnostics, refusedSplits);
  if (gridSplit) file = parseSource(name, gridSplit.text, expanded, true);
  // Too deep a tree is refused before any pass walks it (they recurse).
  const tooDeep = depthDiagnostic(file);
  let rawDiagnostics: Diagnostic[] = tooDeep ? [tooDeep] : syntaxDiagnostics(file);
  // A host header that tree-sitter cannot parse (a warning: the host compiler reads it as written)
  // must not hide the code after it, whose parse the error recovery can swallow: parse again with
  // that header's code blanked (its preprocessor lines stay, for the macros).
  const inRegion = (d: Diagnostic) => (r: HostRegion) => r.first <= d.start.line && d.start.line <= r.last;
  const unparsed = expanded.hostRegions.filter((r) => rawDiagnostics.some((d) => (d.code === 'C2M0003' || d.code === 'C2M0001') && inRegion(d)(r)));
  if (unparsed.length > 0 && !tooDeep) {
    const lines = file.text.split('\n');
    for (const r of unparsed) {
      let continued = false;
      let inComment = false;
      for (let l = r.first + 1; l <= r.last; l++) {
        const t = lines[l - 1] ?? '';
        const directive: boolean = continued || (!inComment && /^\s*#/.test(t));
        continued = directive && t.endsWith('\\');
        inComment = commentStateAfter(t, inComment);
        if (!directive) lines[l - 1] = '';
        else if (inComment) lines[l - 1] = t.replace(/\/\*(?![\s\S]*\*\/)[\s\S]*$/, ''); // a comment the blanking would leave open
      }
    }
    const warnings = rawDiagnostics
      .filter((d) => unparsed.some(inRegion(d)))
      .map((d) => (d.code === 'C2M0003' ? d : diag('C2M0003', `could not parse host code (${d.message}); it goes to the host compiler as written`, d.file, d.start, d.end)));
    file = parseSource(name, lines.join('\n'), expanded);
    rawDiagnostics = [...warnings, ...syntaxDiagnostics(file).filter((d) => !unparsed.some(inRegion(d)))];
  }
  const stem = stemOf(name);
  // A file that does not parse is not translated: the passes would only add noise to the
  // syntax errors, which say what to fix.
  const parsed = !hasErrors(rawDiagnostics);
  rawDiagnostics.push(...splitDiagnostics, ...devirtualised.diagnostics, ...heap.diagnostics);
  const earlier = new Set<Diagnostic>([...devirtualised.diagnostics, ...heap.diagnostics]);
  const device = parsed ? translateDevice(file, rawDiagnostics, opts, `${stem}.metal`) : null;
  if (device) {
    const libraries = libraryDiagnostics(file, new Set(device.program.functions.map((f) => f.name)));
    // Thrust in device code is said once, by libraries.ts (why it cannot be there), not again as an untranslatable type.
    if (libraries.some((d) => d.message.includes('in device code'))) {
      for (let i = rawDiagnostics.length - 1; i >= 0; i--) {
        const d = rawDiagnostics[i];
        if (d && (d.code === 'C2M1001' || d.code === 'C2M1002') && /'thrust::/.test(d.message)) rawDiagnostics.splice(i, 1);
      }
    }
    // A cuRAND type we do not provide (curandStateSobol32) is said once, by libraries.ts: not again as
    // an untranslatable type, nor as the address-space errors its calls cause inside our curand_kernel.h.
    if (libraries.some((d) => d.message.includes('is a type of cuRAND'))) {
      for (let i = rawDiagnostics.length - 1; i >= 0; i--) {
        const d = rawDiagnostics[i];
        if (!d || d.severity !== 'error') continue;
        if (/(^|\/)curand_kernel\.h$/.test(expanded.map.map(d.start.line).file) || (d.code === 'C2M1001' && /'curand(State|Direction)/.test(d.message))) rawDiagnostics.splice(i, 1);
      }
    }
    // Sub-byte wmma operands are said once each, by libraries.ts: not again as names without a Metal equivalent.
    if (libraries.some((d) => d.message.includes('warp matrix functions'))) {
      for (let i = rawDiagnostics.length - 1; i >= 0; i--) {
        const d = rawDiagnostics[i];
        if (d && d.code === 'C2M1002' && /'(\w+::)*(experimental::\w|bmma_sync')/.test(d.message)) rawDiagnostics.splice(i, 1);
      }
    }
    rawDiagnostics.push(...libraries);
  }
  // A kernel the split refused (C2M1019 says why): not again at each of its syncs.
  if (refusedSplits.length > 0) rawDiagnostics = rawDiagnostics.filter((d) => !(d.code === 'C2M1002' && d.message.startsWith('grid-wide synchronisation') && refusedSplits.some(([a, b]) => a <= d.start.line && d.start.line <= b)));
  const host = device ? translateHost(device.program, device.manifest.kernels, rawDiagnostics, opts.defines, device.manifest.kernelTemplates, gridSplit?.splits) : { host: '', cudaCpu: '' };
  const manifest = device?.manifest ?? { tool: 'cu2metal', version: TOOL_VERSION, source: name, metal: `${stem}.metal`, kernels: [] };
  // Positions in the include-expanded text → positions in the files the user wrote.
  for (const d of rawDiagnostics) {
    const start = expanded.map.map(d.start.line);
    const end = d.end ? expanded.map.map(d.end.line) : undefined;
    // Columns too: a macro expanded in place moved the text after it on its line, and so did the
    // device heap's rewrite (deviceHeap.ts: its allocator, `free` → `cu2m_free`, ...).
    // (The virtual-function and heap passes report positions of the text before the heap's rewrite.)
    const before = earlier.has(d);
    const unshifted = (p: { line: number; column: number }): number => (heap.column && !before ? heap.column(p.line, p.column) : p.column);
    const col = (p: { line: number; column: number }): number => expanded.map.column(p.line, unshifted(p));
    diagnostics.push({ ...d, file: start.file, start: { line: start.line, column: col(d.start) }, end: d.end && end?.file === start.file ? { line: end.line, column: col(d.end) } : undefined });
  }
  diagnostics.sort((a, b) => (a.file === b.file ? 0 : a.file === name ? 1 : -1) || a.start.line - b.start.line || a.start.column - b.start.column);
  const unique = uniqueDiagnostics(diagnostics);
  const foreign = device ? foreignCallsOf(device.program) : [];
  const deviceFunctions = device ? [...new Set(device.program.functions.filter((f) => f.body && f.role !== 'host' && f.role !== 'kernel').map((f) => f.name))] : [];
  return { msl: device?.msl ?? '', host: host.host, cudaCpu: host.cudaCpu, manifest, diagnostics: unique, sources: expanded.sources, ok: !hasErrors(unique), ...(foreign.length > 0 ? { foreignCalls: foreign } : {}), deviceFunctions };
}
