// Texture and surface objects in device code (textures.ts has the bindings and the call texts,
// tables/textures.ts the functions): how each object parameter is bound in Metal, from the
// tex*/surf* calls that use it, and each call rewritten as the Metal texture method
// (textureCallText).
import type { SyntaxNode } from '../parse/parse';
import type { ParamFacts } from './program';
import type { PassContext } from './passContext';
import { mslName } from './tables/reserved';
import { bindingOf, elementInfo, objectArgIndex, simpleValueType, textureCallText, type TextureBinding, type TextureFunctionRow } from './textures';

/** How a texture/surface parameter is bound in Metal, from the tex/surf calls that use it. */
export function textureBinding(ctx: PassContext, p: ParamFacts, kind: 'texture' | 'surface'): TextureBinding | null {
  const { binding: b, others } = bindingOf(ctx.fn, p.name, kind, (name) => ctx.program.definitions.get(name));
  if (others.length > 0) {
    ctx.error('C2M1001', `the ${kind} object '${p.name}' is used other than in tex*/surf* calls and as an argument of device functions (copied, compared, stored); not translated`, others[0]!);
    return null;
  }
  if (typeof b === 'string') {
    ctx.error('C2M1001', `the ${kind} object '${p.name}' cannot be bound to a Metal texture: ${b}`, p.node);
    return null;
  }
  return b;
}

/** `tex2D<float>(t, x, y)`, `surf2Dwrite(v, s, x, y)`: Metal texture methods (textures.ts). */
export function rewriteTextureCall(ctx: PassContext, textures: ReadonlyMap<string, TextureBinding>, isSymbol: (name: string) => boolean, n: SyntaxNode, f: SyntaxNode, row: TextureFunctionRow, argNodes: readonly SyntaxNode[], templateArg: string | null): void {
  if (row.metal === null) {
    ctx.error('C2M1002', `'${row.name}' is not supported in device code: ${row.reason ?? ''}`, f);
    return;
  }
  const args = argNodes.filter((a) => a.type !== 'comment');
  const obj = args[objectArgIndex(row)];
  const b = obj?.type === 'identifier' ? textures.get(obj.text) : undefined;
  if (!obj || !b) {
    const global = obj?.type === 'identifier' && ctx.program.hostGlobals.has(obj.text) && !isSymbol(obj.text); // a texture reference: diagnosed as such
    if (!global && (obj?.type !== 'identifier' || !ctx.fn.params.some((q) => q.name === obj.text))) {
      ctx.error('C2M1001', `'${row.name}' is translated only on a texture/surface object that is a parameter of the kernel itself${ctx.fn.role === 'kernel' ? '' : " (this is a device function: textures passed to device functions are not translated yet)"}`, obj ?? f);
    }
    return; // the parameter's own diagnostic says why it has no binding
  }
  if (!templateArg && row.op !== 'write') {
    ctx.error('C2M1001', `'${row.name}' without its element type (the out-parameter form) is not translated; write ${row.name}<T>(...)`, f);
    return;
  }
  const elemType = templateArg ?? (args[0] ? simpleValueType(args[0], ctx.fn) : null);
  const e = elemType ? elementInfo(elemType) : undefined;
  if (!e) {
    ctx.error('C2M1001', elemType ? `the element type '${elemType}' of '${row.name}' has no Metal texture equivalent` : `the type of the value '${args[0]?.text ?? ''}' written by '${row.name}' is not known; write ${row.name}<T>(...)`, args[0] ?? f);
    return;
  }
  const texts = args.map((a) => ctx.edits.apply(a.startIndex, a.endIndex));
  ctx.edits.replace(n.startIndex, n.endIndex, textureCallText(row, b, mslName(obj.text), texts, e));
}
