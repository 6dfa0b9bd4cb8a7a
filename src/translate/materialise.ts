// A temporary bound to a `const T&` parameter of a helper that keeps its reference (one that writes
// memory or takes the parameter's address, so temporaries.ts cannot pass it by value):
//
//   store(out, s + 1);   →   float cu2m_tmp0; store(out, (cu2m_tmp0 = s + 1, cu2m_tmp0));
//
// The temporary becomes a local of the calling thread, declared (uninitialised) before the statement
// that contains the call, on the same line, and assigned where the argument was: evaluated exactly
// where and when C++ evaluates it (`i < n && f(p[i] * 2)` still reads p[i] only when i < n), and
// bound as an lvalue in `thread` memory, which the reference's `thread const T&` accepts in Metal and
// in the msl-cpu model (clang's C++ for OpenCL cannot bind it to a prvalue). Lifetime: until the end
// of the enclosing block instead of the full-expression, which a const reference cannot observe.
import type { SyntaxNode } from '../parse/parse';
import type { EditSet } from './edits';

const counters = new WeakMap<object, { n: number }>();

/** The statement directly inside a block that contains `n` (where a declaration may go), or null. */
function blockStatement(n: SyntaxNode): SyntaxNode | null {
  let cur: SyntaxNode | null = n;
  while (cur && cur.parent?.type !== 'compound_statement') cur = cur.parent;
  return cur;
}

/**
 * Rewrites the temporary argument `arg` into a thread local of MSL type `mslType` (the parameter's,
 * without const). `scope` is the calling function (for unique names). False when there is no block
 * statement to declare the local before (then the caller diagnoses as before).
 */
export function materialiseTemporary(edits: EditSet, arg: SyntaxNode, mslType: string, scope: object): boolean {
  const stmt = blockStatement(arg);
  if (!stmt || /[<>,]/.test(mslType)) return false;
  let counter = counters.get(scope);
  if (!counter) counters.set(scope, (counter = { n: 0 }));
  const name = `cu2m_tmp${counter.n++}`;
  edits.insert(stmt.startIndex, `${mslType} ${name}; `);
  edits.insert(arg.startIndex, `(${name} = `);
  edits.insert(arg.endIndex, `, ${name})`);
  return true;
}
