// `static` local variables in device code. Metal has none (only program-scope `constant`), but a
// `static constexpr` local (`static constexpr auto i8_min = ...;`), or a `static const` one whose
// initialiser is made of literals and sizeofs only, holds the same value in every call and every thread: it is
// an ordinary constant local once `static` goes, which is what the translation writes. A mutable
// static local (one value shared by every thread and call) stays refused (C2M1001).
import type { SyntaxNode } from '../parse/parse';
import { declaratorShape } from './syntax';

/** A literal-only initialiser: numbers, characters, operators, parentheses, braces, `true`/`false`, float casts. */
const LITERAL_INIT = /^(?:[\s\d.xXa-fA-FuUlL+\-*/%()<>&|^~!?:,{}]|'(?:[^'\\]|\\.)'|\btrue\b|\bfalse\b)*$/;

/**
 * The `static` token of a local declaration whose value is fixed (see above), to be dropped; null
 * when the declaration is not static, or is a mutable static local.
 */
export function constantStaticLocal(decl: SyntaxNode): SyntaxNode | null {
  const stat = decl.children.find((c) => c.type === 'storage_class_specifier' && c.text === 'static');
  if (!stat) return null;
  const quals = decl.children.filter((c) => c.type === 'type_qualifier').map((c) => c.text);
  if (quals.includes('constexpr')) return stat;
  if (!quals.includes('const')) return null;
  const declarators = decl.childrenForFieldName('declarator');
  const fixed = declarators.every((d) => {
    const s = declaratorShape(d);
    // `sizeof(c) / sizeof(double)`: a size is as fixed as a literal.
    return s.pointerDepth === 0 && !s.reference && s.init !== null && LITERAL_INIT.test(s.init.text.replace(/\bsizeof\s*\(\s*[\w\s]*\)|\bsizeof\s+\w+/g, '1'));
  });
  return declarators.length > 0 && fixed ? stat : null;
}
