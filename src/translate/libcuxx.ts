// libcu++'s asynchronous copies and barriers (native/include/cuda/barrier, cuda/pipeline): the
// headers are CUDA of ours, translated like a program's headers; this pass refuses, where the
// program writes them, the shapes Metal's one barrier (threadgroup_barrier, which every thread of
// the threadgroup must reach) cannot express:
//   - a cuda::barrier of another scope than thread_scope_block, or one whose expected count is a
//     part of the block (`init(&bar, blockDim.x / 2)`, `init(&bar, n - 32)`: an arithmetic other
//     than products of the block's extents); a count the translator cannot see (a variable, a
//     constant) is checked when init runs (an assert in the header);
//   - a pipeline whose threads are split into producers and consumers (make_pipeline(group,
//     &state, role) or a producer count), or one of a group that is not the whole block (a tile);
//   - the collective cuda::memcpy_async(group, dst, src, size, pipe|bar);
//   - a block barrier's arrive (or a block pipeline's producer_acquire / consumer_wait) under an
//     if, loop or ?: whose condition names the thread (`if (threadIdx.x >= n) bar.arrive_and_drop();`):
//     only some threads would reach the barrier. (Other divergent calls stop the CPU backends at run
//     time as a divergent barrier.)
// docs/DESIGN.md ("libcu++ pipelines and barriers") says why the rest needs nothing more.
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { pos, type SourceFile, type SyntaxNode } from '../parse/parse';
import { isIfZero } from './program';
import { declaratorShape } from './syntax';

const insideIfZero = (n: SyntaxNode): boolean => {
  for (let p = n.parent; p; p = p.parent) if (isIfZero(p)) return true;
  return false;
};

/** The function definition around `n`, or null at file scope. */
function enclosingFunction(n: SyntaxNode): SyntaxNode | null {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return null;
}

/** The unqualified name a call calls (`cuda::make_pipeline` → make_pipeline, `f<1>` → f). */
function calleeName(call: SyntaxNode): string {
  const f = call.childForFieldName('function');
  return /(\w+)\s*(<[^]*>)?\s*$/.exec(f?.text ?? '')?.[1] ?? '';
}

/** Is `e` the whole block as a group: this_thread_block(), or a local or parameter that is one? */
function isBlockGroup(e: SyntaxNode, fn: SyntaxNode | null): boolean {
  if (e.type === 'call_expression') return /\bthis_thread_block\s*$/.test(e.childForFieldName('function')?.text ?? '');
  if (e.type !== 'identifier' || !fn) return false;
  for (const d of fn.descendantsOfType(['declaration', 'parameter_declaration'])) {
    const block = /\bthread_block\b/.test(d.childForFieldName('type')?.text ?? '');
    for (const decl of d.childrenForFieldName('declarator')) {
      const s = declaratorShape(decl);
      if (s.name?.text === e.text && (block || /\bthis_thread_block\s*\(/.test(s.init?.text ?? ''))) return true;
    }
  }
  return false;
}

/**
 * A count that is visibly a part of the block: arithmetic other than `*` over the block's extents
 * or a group's size (`blockDim.x / 2`, `cta.size() - 32`), or a thread-dependent value.
 */
function partOfBlock(count: SyntaxNode): boolean {
  if (/\b(threadIdx|thread_rank|laneid|warpid)\b/.test(count.text)) return true;
  if (!/\b(blockDim|size|num_threads)\b/.test(count.text)) return false;
  for (const b of [count, ...count.descendantsOfType('binary_expression')]) {
    if (b.type !== 'binary_expression') continue;
    const op = b.childForFieldName('operator')?.text ?? '';
    if (op !== '*') return true;
  }
  return false;
}

/** The condition of the innermost if, loop or ?: around `n` (inside `fn`) that names the thread, or null. */
function threadDependentGuard(n: SyntaxNode, fn: SyntaxNode): SyntaxNode | null {
  for (let p = n.parent; p && p !== fn; p = p.parent) {
    const cond = p.type === 'if_statement' || p.type === 'while_statement' || p.type === 'do_statement' || p.type === 'conditional_expression' ? p.childForFieldName('condition') : p.type === 'for_statement' ? p.childForFieldName('condition') : null;
    if (cond && !(cond.startIndex <= n.startIndex && n.endIndex <= cond.endIndex) && /\b(threadIdx|thread_rank|thread_index|laneid|warpid)\b/.test(cond.text)) return cond;
  }
  return null;
}

/**
 * Is `object` a block's cuda::barrier (arrive*), or a pipeline of the block (producer_acquire,
 * consumer_wait): declared in `fn` (or a parameter) as `barrier<...>`, as `pipeline<...
 * thread_scope_block>`, or from make_pipeline(group, &state)?
 */
function isBlockBarrierObject(object: string, method: string, fn: SyntaxNode): boolean {
  if (!/^\w+$/.test(object)) return false;
  const text = fn.text;
  if (method.startsWith('arrive')) return new RegExp(String.raw`\bbarrier\s*<[^;{}()]*>\s*&?\s*${object}\b`).test(text);
  return new RegExp(String.raw`\bpipeline\s*<[^;{}()]*thread_scope_block\s*>\s*&?\s*${object}\b|\b${object}\s*=\s*(cuda\s*::\s*)?make_pipeline\s*\(\s*[^)\s]`).test(text);
}

/** The diagnostics for the file's uses of <cuda/barrier> and <cuda/pipeline> (see above). */
export function libcuxxDiagnostics(file: SourceFile): Diagnostic[] {
  if (!/\bcuda\s*::\s*(barrier|pipeline|make_pipeline|memcpy_async|pipeline_shared_state)\b/.test(file.text)) return [];
  const out: Diagnostic[] = [];
  const at = (n: SyntaxNode): [string, ReturnType<typeof pos>, ReturnType<typeof pos>] => [file.name, pos(n.startPosition), pos(n.endPosition)];
  const root = file.tree.rootNode;
  for (const t of root.descendantsOfType('template_type')) {
    const name = t.childForFieldName('name')?.text ?? '';
    if (!/^(barrier|pipeline|pipeline_shared_state)$/.test(name) || !/^cuda\s*::/.test(t.parent?.type === 'qualified_identifier' ? t.parent.text : '') || insideIfZero(t)) continue;
    const scope = /thread_scope_(\w+)/.exec(t.childForFieldName('arguments')?.text ?? '')?.[1];
    const allowed = name === 'pipeline' ? /^(block|thread)$/ : /^block$/;
    if (scope && !allowed.test(scope)) out.push(diag('C2M1001', `cuda::${name}<cuda::thread_scope_${scope}> is not translated: Metal's barrier synchronises one threadgroup, so cu2metal provides ${name === 'pipeline' ? 'pipelines of thread_scope_thread and thread_scope_block' : `the ${name === 'barrier' ? 'barrier' : 'shared state'} of thread_scope_block`} only`, ...at(t)));
  }
  for (const call of root.descendantsOfType('call_expression')) {
    if (insideIfZero(call)) continue;
    const name = calleeName(call);
    const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    const fn = enclosingFunction(call);
    if (!fn || fn.descendantsOfType('compound_statement')[0] === undefined) continue;
    if (name === 'make_pipeline' && args.length === 3) {
      out.push(diag('C2M1001', 'a pipeline whose threads are split into producers and consumers (make_pipeline(group, &state, role or producer count)) is not translated: its producers and consumers wait for one another at different places, and Metal\'s only barrier (threadgroup_barrier) needs every thread of the threadgroup at the same one; give every thread both roles (make_pipeline(block, &state)) or use a thread_scope_thread pipeline and __syncthreads()', ...at(call)));
    } else if (name === 'make_pipeline' && args.length === 2 && !isBlockGroup(args[0]!, fn)) {
      out.push(diag('C2M1001', `a pipeline of the group '${args[0]!.text}' is not translated: a block-scope pipeline synchronises with the block's barrier, so its group must be the whole block (cooperative_groups::this_thread_block())`, ...at(args[0]!)));
    } else if (name === 'init' && args.length === 2 && /^&/.test(args[0]!.text) && partOfBlock(args[1]!)) {
      out.push(diag('C2M1001', `a cuda::barrier expecting '${args[1]!.text}' threads is not translated: Metal's only barrier (threadgroup_barrier) waits for the whole threadgroup, so the expected count must be the block's thread count (blockDim.x * blockDim.y * blockDim.z, block.size())`, ...at(args[1]!)));
    } else if (call.childForFieldName('function')?.type === 'field_expression' && /^(arrive_and_wait|arrive|arrive_and_drop|producer_acquire|consumer_wait)$/.test(name)) {
      const f = call.childForFieldName('function')!;
      const object = f.childForFieldName('argument')?.text ?? '';
      const guard = threadDependentGuard(call, fn);
      if (guard && isBlockBarrierObject(object, name, fn)) out.push(diag('C2M1001', `'${object}.${name}()' under the thread-dependent condition '${guard.text}' is not translated: the block's barrier or pipeline is Metal's threadgroup_barrier, which every thread of the threadgroup must reach at the same place; call it from every thread (a thread with nothing to do still arrives)`, ...at(f)));
    } else if (name === 'memcpy_async' && args.length === 5 && /^cuda\s*::/.test(call.childForFieldName('function')?.text ?? '')) {
      out.push(diag('C2M1001', 'the collective cuda::memcpy_async(group, dst, src, size, pipeline or barrier) is not translated: let each thread copy its share with cuda::memcpy_async(dst, src, size, pipe), or use cooperative_groups::memcpy_async(group, dst, src, bytes)', ...at(call)));
    }
  }
  return out;
}
