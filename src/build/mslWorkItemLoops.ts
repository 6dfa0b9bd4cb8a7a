// Work-item loops for the msl-cpu backend (issue 8): the transform of src/build/workItemLoops.ts
// applied to the lowered MSL (src/build/mslLower.ts), so that msl-cpu runs the exact MSL we emit.
// A barrier kernel in the same restricted subset gets a second function, `cu2m_wil_NAME::NAME`,
// inserted after it (with `#line` directives, so errors keep the user's lines), that runs a whole
// threadgroup in one call: the body is cut at its `threadgroup_barrier(...)` statements and each
// stretch between cuts is a loop over the threadgroup's threads. What differs from cuda-cpu:
// - the thread position arrives as kernel parameters (`uint3 threadIdx
//   [[thread_position_in_threadgroup]]`, `[[thread_index_in_threadgroup]]`,
//   `[[thread_position_in_grid]]`): the generated function takes the same parameters (the glue
//   passes thread 0's) and each thread loop declares variables of the same names that shadow them;
// - threadgroup arrays are already lowered to references into per-threadgroup storage
//   (`threadgroup T (&s)[N] = *(...)::cu2m_msl::threadgroup_static(...)`): those declarations run
//   once per threadgroup, before the thread loops;
// - the module is C++ for OpenCL (no thread_local, no new[]): per-thread arrays of the locals that
//   live across a barrier come from the support library (native/cpu/msl/cu2m_msl_support.cpp,
//   cu2m_msl_wil_slots: one buffer per variable and worker OS thread, grown to the block's size);
//   their types must be trivially copyable (checked by the compiler: a module whose generated code
//   does not compile is built again without it, src/build/build.ts);
// - SIMD-group functions (our warp operations) are warp cuts (src/build/mslWarpCuts.ts); the others
//   (quadgroup functions, simd_active_threads_mask, ...) keep fibers, as do parameters with a
//   thread-dependent attribute the loops do not know;
// - a kernel template gets one generated template (before its explicit instantiations), and a
//   cooperative-groups block handle (a struct holding the thread position) is a per-thread local.
// The analysis parses a copy of the lowered MSL in which what the C++ grammar does not know is
// blanked out at the same offsets (address spaces, `kernel`, `[[...]]` attributes, `#line`,
// `#pragma unroll`), so
// the copied statements are the lowered MSL as written.
import { parseSource, type SyntaxNode } from '../parse/parse';
import type { Manifest } from '../translate/index';
import { mslGlue } from './glue';
import { inlineHelpers } from './inlineHelpers';
import { uniqueNames } from './uniqueNames';
import { MSL_WARP_CUTS } from './mslWarpCuts';
import { declaredName, Fallback, fileFacts, KernelTransform, presumedLines, withInserts, type WilDialect, type WorkItemLoops, type WorkItemVerdict } from './workItemLoops';
import { LOCKSTEP_MSL, lockstepRewrite } from '../translate/lockstep';

const MSL_DENIED = /\b(cu2m_uni_sync|simd_(?!vote\b)\w+|quad_\w+|simdgroup_\w+|cu2m_msl_warp\w*|warp_exchange|cu2m_msl_barrier|__syncwarp|asm|__asm__|setjmp|longjmp)\b/;

/** The thread-dependent parameter attributes the thread loops know, and the value each thread gets (as uint3 or uint). */
const THREAD_ATTRIBUTES = new Map<string, { vector: boolean; value: string }>([
  ['thread_position_in_threadgroup', { vector: true, value: '::cu2m_msl::u3(cu2m_dim3{cu2m_x, cu2m_y, cu2m_z})' }],
  ['thread_index_in_threadgroup', { vector: false, value: 'cu2m_tid' }],
  ['thread_position_in_grid', { vector: true, value: '::cu2m_msl::u3(cu2m_ctx->block_idx) * ::cu2m_msl::u3(cu2m_ctx->block_dim) + ::cu2m_msl::u3(cu2m_dim3{cu2m_x, cu2m_y, cu2m_z})' }],
]);
/** Parameter attributes whose value is the same for every thread of a threadgroup. */
const UNIFORM_ATTRIBUTES = /^(buffer|texture|sampler|threadgroup|cu2m_threadgroup|threadgroup_position_in_grid|threads_per_threadgroup|threadgroups_per_grid|threads_per_grid|threads_per_simdgroup|thread_execution_width|dispatch_threads_per_threadgroup)$/;

const SLOTS_HELPER = [
  '// ---- cu2metal work-item loops (src/build/mslWorkItemLoops.ts): per-thread storage of the locals',
  '// that live across a barrier, one array per variable and worker thread (cu2m_msl_support.cpp) ----',
  'CU2M_MSL_SUPPORT void* cu2m_msl_wil_slots(uint32_t key, size_t bytes, size_t align);',
  'namespace cu2m_wil {',
  '// In the thread address space, as the locals were: `&x` is a `thread T*`, as the MSL expects.',
  'template <class Cu2mT, unsigned Cu2mK> inline thread Cu2mT* slots(uint32_t cu2m_n) {',
  '  static_assert(__is_trivially_copyable(Cu2mT) && __is_trivially_constructible(Cu2mT), "a local that lives across a barrier must be trivially copyable and constructible");',
  '  return (thread Cu2mT*)cu2m_msl_wil_slots(Cu2mK, sizeof(Cu2mT) * cu2m_n, alignof(Cu2mT));',
  '}',
  '}  // namespace cu2m_wil',
].join('\n');

/** Spaces for the characters of `s` (newlines kept), so that offsets do not move. */
const blank = (s: string): string => s.replace(/[^\n]/g, ' ');

/**
 * The copy of the lowered MSL that the C++ grammar parses: same length and lines. A lowered
 * threadgroup declaration's leading `threadgroup` becomes `__shared__` (and a space), which the
 * analysis runs once per threadgroup; other address spaces, `kernel`, attributes, `#line` and
 * `#pragma unroll` lines become spaces (a pragma between two statements of a stretch is dropped:
 * it only asks for unrolling).
 */
export function maskMsl(code: string): string {
  return code
    .replace(/^[ \t]*#[ \t]*(?:line\b|pragma[ \t]+(?:unroll|nounroll)\b)[^\n]*/gm, blank)
    .replace(/\[\[(?:[^\]]|\](?!\]))*\]\]/g, blank)
    .replace(/\bthreadgroup (?=[^;\n]*\(&\w+\)[^;\n]*= \*\(threadgroup [^;\n]*\)::cu2m_msl::threadgroup_static\()/g, '__shared__  ')
    .replace(/\b(?:kernel|device|constant|threadgroup|thread|__global|__constant|__local|__private)\b/g, blank);
}

/** The dialect of one kernel: its thread-position parameters are the thread-dependent names. */
function mslDialect(threadParams: ReadonlyMap<string, { type: string; attribute: string }>): WilDialect {
  const threadLoop = [
    '  cu2m_ctx->thread_idx = cu2m_dim3{cu2m_x, cu2m_y, cu2m_z};',
    '  cu2m_ctx->linear_tid = cu2m_tid;',
  ];
  for (const [name, { type, attribute }] of threadParams) {
    const a = THREAD_ATTRIBUTES.get(attribute)!;
    const value = (a.vector && type === 'uint3') || (!a.vector && /^(uint|uint32_t|unsigned( int)?)$/.test(type)) ? a.value : `::cu2m_msl::builtin<${type}>(${a.value})`;
    threadLoop.push(`  const ${type} ${name} = ${value}; (void)${name};`);
  }
  return {
    barrier: 'threadgroup_barrier',
    warps: MSL_WARP_CUTS,
    // `cg::this_thread_block(threadIdx, blockIdx, blockDim)`: a struct holding the thread's position
    // (our prelude), so a per-thread local; its sync() is the threadgroup barrier.
    blockHandle: { args: '[\\w\\s,]*', uniform: false },
    barrierCall: /^(?:metal::)?threadgroup_barrier\s*\(\s*(?:(?:metal::)?mem_flags::\w+\s*\|\s*)*(?:metal::)?mem_flags::\w+\s*\)$/,
    denied: MSL_DENIED,
    threadVars: new Set(threadParams.keys()),
    builtins: new Map(),
    // The kernel's parameters after the context (the glue passes thread 0's position).
    head: (name, params, templateParams) => [
      `${templateParams ? `template ${templateParams}\n` : ''}static void ${name}(cu2m_thread_ctx* const cu2m_ctx, ${params.slice(1).trimStart()} {`,
      '  const uint32_t cu2m_bx = cu2m_ctx->block_dim.x, cu2m_by = cu2m_ctx->block_dim.y, cu2m_bz = cu2m_ctx->block_dim.z;',
      '  const uint32_t cu2m_n = cu2m_bx * cu2m_by * cu2m_bz;',
      '  (void)cu2m_n;',
    ],
    threadLoop,
    // A stretch with a thread's `return` is a lambda called in place (Metal has no goto).
    stretch: { open: '  [&]() {', close: ' }();', jump: 'return;' },
    slots: (type, key) => `::cu2m_wil::slots<${type}, ${key}u>(cu2m_n)`,
    trap: (message) => `cu2m_msl_trap(cu2m_ctx, "${message}");`,
    // The specifiers as written (address spaces included; `const` dropped where it qualifies the
    // variable itself, since the arrays are assigned, and kept where it qualifies a pointee).
    declType: (decl, text) => {
      const declarators = decl.childrenForFieldName('declarator');
      // A leading address space is blanked in the parsed copy, so the node starts after it.
      const lead = /(?:\b(?:device|constant|threadgroup|thread|const|volatile)\b\s*)+$/.exec(text.slice(Math.max(0, decl.startIndex - 64), decl.startIndex))?.[0] ?? '';
      const specifiers = lead + text.slice(decl.startIndex, declarators[0] ? declarators[0].startIndex : decl.endIndex).replace(/\[\[(?:[^\]]|\](?!\]))*\]\]/g, ' ');
      const pointer = declarators.some((d) => /^[^=]*[*&]/.test(d.text));
      return (pointer ? specifiers.replace(/\bvolatile\b/g, ' ') : specifiers.replace(/\b(?:const|volatile)\b/g, ' ')).replace(/\s+/g, ' ').trim();
    },
  };
}

/**
 * Finds each barrier kernel of the lowered MSL, transforms those in the subset and inserts the
 * results; `calls` names the generated function of each (called as `F(ctx, args...)`).
 */
export function mslWorkItemLoops(code: string, manifest: Manifest): WorkItemLoops {
  const barrierKernels = manifest.kernels.filter((k) => k.usesBarriers);
  if (barrierKernels.length === 0) return { code, kernels: new Set(), calls: new Map(), verdicts: [] };
  const masked = maskMsl(code);
  const root = parseSource('<msl-cpu>', masked).tree.rootNode;
  const presumed = presumedLines(code);
  // Functions defined at file scope, by name (a template's definition under its name too).
  const defs = new Map<string, { fn: SyntaxNode; template: SyntaxNode | null }[]>();
  for (const c of root.namedChildren) {
    const f = c.type === 'template_declaration' ? c.namedChildren.find((x) => x.type === 'function_definition') : c;
    if (f?.type !== 'function_definition') continue;
    const fd = f.childForFieldName('declarator');
    const name = fd?.type === 'function_declarator' ? fd.childForFieldName('declarator') : null;
    if (name?.type !== 'identifier') continue;
    defs.set(name.text, [...(defs.get(name.text) ?? []), { fn: f, template: c.type === 'template_declaration' ? c : null }]);
  }
  let facts: ReturnType<typeof fileFacts> | undefined;
  const verdicts: WorkItemVerdict[] = [];
  const inserts: { at: number; text: string }[] = [];
  const calls = new Map<string, string>();
  let keys = 0;
  // Per definition (a kernel template's instances share one generated template): the reason, or null.
  const done = new Map<string, string | null>();
  for (const k of barrierKernels) {
    // A template instance is named `blockSum<64, int>` (the MSL's explicit instantiation).
    const name = k.mslName ?? k.name;
    const lt = name.indexOf('<');
    const base = lt < 0 ? name : name.slice(0, lt).trim();
    const known = done.get(base);
    if (known !== undefined) {
      if (known === null) calls.set(k.name, `cu2m_wil_${base}::${name}`);
      verdicts.push({ kernel: k.name, reason: known });
      continue;
    }
    const found = defs.get(base) ?? [];
    let reason: string | null = found.length === 0 ? 'its definition is not at file scope' : found.length > 1 ? 'it is overloaded' : (lt >= 0) !== !!found[0]!.template ? 'a template instance it cannot place' : null;
    const template = found[0]?.template ?? null;
    const fn = found[0]?.fn;
    const params = fn?.childForFieldName('declarator')?.childForFieldName('parameters');
    const body = fn?.childForFieldName('body');
    if (reason === null && (!params || !body || params.text.includes('...') || params.namedChildren.length === 0)) reason = 'its parameters are not plain';
    if (reason === null) {
      try {
        const threadParams = new Map<string, { type: string; attribute: string }>();
        const paramNames = new Set<string>();
        for (const p of params!.namedChildren) {
          const d = p.childForFieldName('declarator');
          const id = d ? declaredName(d)?.text : undefined;
          if (!id) throw new Fallback(`its parameter '${p.text.trim()}' has no name`);
          paramNames.add(id);
          // The attribute follows the declarator (blanked in the parsed copy, so past the node's end).
          const attr = /^\s*\[\[\s*(\w+)/.exec(code.slice(p.endIndex))?.[1];
          if (!attr) throw new Fallback(`its parameter '${id}' has no attribute`);
          if (THREAD_ATTRIBUTES.has(attr)) {
            if (d!.type !== 'identifier') throw new Fallback(`its parameter '${id}' [[${attr}]] is not a plain value`);
            threadParams.set(id, { type: code.slice(p.startIndex, d!.startIndex).replace(/\s+/g, ' ').trim(), attribute: attr });
          } else if (!UNIFORM_ATTRIBUTES.test(attr)) throw new Fallback(`its parameter '${id}' has the attribute [[${attr}]]`);
        }
        const dialect = mslDialect(threadParams);
        facts ??= fileFacts(root, masked, dialect);
        // Helpers with barriers (or warp operations) inlined first (src/build/inlineHelpers.ts).
        const inl = inlineHelpers({ fn: fn!, template }, code, root, facts, presumed, { mask: maskMsl, builtins: new Set(), collective: (n) => MSL_WARP_CUTS.mentions(n) || n.startsWith('cu2m_') });
        // Then each local declared twice gets a name of its own (src/build/uniqueNames.ts).
        const outer = template ?? fn!;
        const u = uniqueNames(inl?.text ?? code.slice(outer.startIndex, outer.endIndex), inl?.presumed ?? ((r) => presumed(outer.startPosition.row + r)), maskMsl, code);
        const t = u
          ? new KernelTransform({ fn: u.fn, body: u.body, params: u.params, paramNames }, facts, u.text, u.presumed, dialect)
          : inl
            ? new KernelTransform({ fn: inl.fn, body: inl.body, params: inl.params, paramNames }, facts, inl.text, inl.presumed, dialect)
            : new KernelTransform({ fn: fn!, body: body!, params: params!, paramNames }, facts, code, presumed, dialect);
        const g = t.generate(t.analyse(), base, keys, template?.childForFieldName('parameters')?.text);
        keys = g.keys;
        const nl = code.indexOf('\n', (template ?? fn!).endIndex);
        const after = presumed((template ?? fn!).endPosition.row + 1);
        inserts.push({ at: nl < 0 ? code.length : nl + 1, text: `${nl < 0 ? '\n' : ''}${g.text}\n#line ${after.line}${after.file ? ` ${after.file}` : ''}\n` });
      } catch (e) {
        if (!(e instanceof Fallback)) throw e;
        reason = e.message;
      }
    }
    done.set(base, reason);
    if (reason === null) calls.set(k.name, `cu2m_wil_${base}::${name}`);
    verdicts.push({ kernel: k.name, reason });
  }
  const kernels = new Set(calls.keys());
  if (inserts.length === 0) return { code, kernels, calls, verdicts };
  return { code: withInserts(code, inserts, SLOTS_HELPER), kernels, calls, verdicts };
}

/**
 * The msl-cpu module source: the lowered MSL (with work-item loops unless `workItemLoops` is false)
 * and the glue.
 */
export function mslCpuModuleCode(plain: string, manifest: Manifest, workItemLoops = true): string {
  // Warp-synchronous volatile accesses (and shared ones of a function without barriers) run in
  // lockstep (src/translate/lockstep.ts).
  const lowered = /\b(volatile|threadgroup|threadgroup_barrier)\b/.test(plain) ? lockstepRewrite(plain, maskMsl(plain), LOCKSTEP_MSL) : plain;
  if (!workItemLoops) return lowered + mslGlue(manifest, new Map(), lowered);
  const w = mslWorkItemLoops(lowered, manifest);
  return w.code + mslGlue(manifest, w.calls, lowered);
}
