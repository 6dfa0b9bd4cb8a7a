// printf and assert in device code: records in the runtime's printf buffer (printf.ts has the
// formats, the prelude and the string table). `printf("%d\n", i)` → `cu2m_printf_1(buffer,
// blockIdx, gridDim, <format id> /* "%d\n" */, cu2m_pa(i))`; a failing assert writes CUDA's message
// and the runtime fails the launch (cudaErrorAssert); under NDEBUG assert is `((void)0)`.
import type { SyntaxNode } from '../parse/parse';
import type { PassContext } from './passContext';
import { PRINTF_BUFFER, PRINTF_PRELUDE, PRINTF_STRING_HELPERS, assertMessage, conversions, literalText, ndebug, printfArity, printfArityWithStrings, printfId, printfStringsName, trapMessage } from './printf';

/** printf → a record in the printf buffer (src/translate/printf.ts). */
export function rewritePrintf(ctx: PassContext, n: SyntaxNode, f: SyntaxNode, args: readonly SyntaxNode[]): void {
  const format = args[0];
  const raw = format ? literalText(format) : null;
  if (!format || raw === null) {
    ctx.error('C2M1002', "device printf needs a string literal as its format (the runtime formats the records after the launch)", format ?? f);
    return;
  }
  const convs = conversions(raw);
  const rest = args.slice(1);
  if (rest.length > 32) {
    ctx.error('C2M1002', `device printf with ${rest.length} arguments; at most 32 are translated`, n);
    return;
  }
  ctx.program.polyfills.set('cu2m_printf', PRINTF_PRELUDE);
  // %s of a pointer (not a literal): the string travels in the record (printf.ts).
  const strings = rest.flatMap((a, i) => (convs[i] === 's' && literalText(a) === null ? [i] : []));
  if (strings.length > 0) {
    const name = printfStringsName(rest.length, strings);
    ctx.program.polyfills.set('cu2m_printf_strings', PRINTF_STRING_HELPERS);
    ctx.program.polyfills.set(name, printfArityWithStrings(rest.length, strings));
    ctx.edits.replace(f.startIndex, f.endIndex, name);
  } else {
    ctx.program.polyfills.set(`cu2m_printf_${rest.length}`, printfArity(rest.length));
    ctx.edits.replace(f.startIndex, f.endIndex, `cu2m_printf_${rest.length}`);
  }
  const argList = n.childForFieldName('arguments');
  if (argList) ctx.edits.replace(argList.startIndex, argList.startIndex + 1, `(${PRINTF_BUFFER}, blockIdx, gridDim, `);
  // The id, with the format as a comment so that the MSL stays readable.
  ctx.edits.replace(format.startIndex, format.endIndex, `${printfId(raw)} /* ${raw.replace(/\*\//g, '*\\/')} */`);
  rest.forEach((a, i) => {
    const lit = literalText(a);
    if (lit !== null) {
      ctx.edits.replace(a.startIndex, a.endIndex, `cu2m_ps(${printfId(lit)})`);
      return;
    }
    const conv = convs[i];
    if (conv === 's') return; // passed as the pointer it is
    if (conv === 'p' || conv === 'n') {
      ctx.error('C2M1002', `device printf %${conv} is not translated yet`, a);
      return;
    }
    ctx.edits.insert(a.startIndex, 'cu2m_pa(');
    ctx.edits.insert(a.endIndex, ')');
  });
}

/** assert(cond) → CUDA's message in the printf buffer; the runtime fails the launch (cudaErrorAssert). */
export function rewriteAssert(ctx: PassContext, n: SyntaxNode, args: readonly SyntaxNode[], defines: readonly string[] | undefined): void {
  if (args.length !== 1) {
    ctx.error('C2M1002', 'assert takes one condition', n);
    return;
  }
  if (ndebug(ctx.program, defines)) {
    ctx.edits.replace(n.startIndex, n.endIndex, '((void)0)');
    return;
  }
  ctx.program.polyfills.set('cu2m_printf', PRINTF_PRELUDE);
  const m = assertMessage(ctx.program.file, n, ctx.fn.name);
  const cond = ctx.edits.apply(args[0]!.startIndex, args[0]!.endIndex);
  ctx.edits.replace(n.startIndex, n.endIndex, `((${cond}) ? (void)0 : cu2m_assert_fail(${PRINTF_BUFFER}, blockIdx, gridDim, threadIdx, ${m.id}))`);
}

/** __trap()/__brkpt() → a failed assert's record with the trap's message: the runtime fails the launch (cudaErrorAssert). */
export function rewriteTrap(ctx: PassContext, n: SyntaxNode, name: string, args: readonly SyntaxNode[]): void {
  if (args.length !== 0) {
    ctx.error('C2M1002', `${name} takes no arguments`, n);
    return;
  }
  ctx.program.polyfills.set('cu2m_printf', PRINTF_PRELUDE);
  const m = trapMessage(ctx.program.file, n, ctx.fn.name, name);
  ctx.edits.replace(n.startIndex, n.endIndex, `cu2m_assert_fail(${PRINTF_BUFFER}, blockIdx, gridDim, threadIdx, ${m.id})`);
}
