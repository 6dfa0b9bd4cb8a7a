// Virtual functions by closed-world devirtualisation (issue 6). Metal has no virtual dispatch (no
// function pointers, no vtables), but a translation unit sees every class that derives from a
// polymorphic base of its own. So, before the device code is translated, the CUDA text is
// rewritten into CUDA without `virtual`:
//
//   class Shape { virtual float area() const = 0; virtual ~Shape() {} };   (and its derived classes)
//     → the root class gets a hidden type tag in place of CUDA's vtable pointer, first field:
//         unsigned long long cu2m_type; // hidden type tag (CUDA's vtable pointer)
//       (8 bytes at offset 0, so sizeof and the fields' offsets stay those of CUDA's layout);
//     → every constructor of every class of the hierarchy sets its class's tag first thing (a
//       base's constructor runs before the derived one's, so the most derived tag wins, as the
//       vtable pointer does in C++); a class without a constructor gets a default one;
//     → `virtual`, `override`, `final` are dropped; pure virtual declarations become comments;
//     → after the last class of the hierarchy, one helper per virtual function switches on the tag
//       and calls the final overrider of each class through a pointer of its own type:
//         __device__ float Shape_area(const Shape* self) { switch (self->cu2m_type) { case 2: return static_cast<const Circle*>(self)->area(); ... } }
//       (a class template hierarchy gets helper templates: `Container_push(Container<T>* self, T e)`);
//     → calls through a pointer or reference of the hierarchy (`p->area()`, `s.area()`, `area()`
//       in a member) call the helper (`Shape_area(p)`), and `delete p` with a virtual destructor
//       calls `Shape_delete(p)`, which deletes through the dynamic type.
// The rewrite is C++ with the same meaning (for objects device code creates), so the cuda-cpu
// reference runs it too. Refused with C2M1001: virtual inheritance, a polymorphic class with
// several polymorphic bases, overloaded virtual functions, a derived class template whose
// template parameters are not its base's, a class with constructors defined outside its body,
// calls through an abstract class nothing in the file derives from (its derived classes are in
// another translation unit), dynamic_cast and typeid in device code.
// Objects created on the host and copied to the device hold the host's tag, which is meaningful
// there (unlike CUDA, where the copied vtable pointer is a host address: undefined behaviour).
import { pos, type SourceFile, type SyntaxNode } from '../parse/parse';
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { declaratorShape } from './syntax';

export const TYPE_TAG = 'cu2m_type';

interface VirtualFn {
  readonly name: string; // `~` for the destructor
  readonly node: SyntaxNode; // the member
  readonly pure: boolean;
  readonly returnType: string;
  readonly params: string; // `(T e)` as written
  readonly paramNames: string[];
  readonly constQ: boolean;
}

interface ClassInfo {
  readonly name: string;
  readonly node: SyntaxNode; // class_specifier / struct_specifier
  readonly item: SyntaxNode; // the top-level node that holds it (template_declaration or declaration)
  readonly end: number; // where that item ends (after the `;` of `struct S {...};`)
  readonly templateParams: string[] | null; // names, in order
  readonly templateHead: string | null; // `template <class T>`
  readonly body: SyntaxNode;
  readonly isClass: boolean;
  bases: { name: string; args: string[] | null; node: SyntaxNode }[];
  readonly virtuals: VirtualFn[];
  readonly defined: Set<string>; // member functions with a body (names; `~` for destructor)
  readonly constructors: SyntaxNode[]; // definitions in the body
  readonly ctorPrototypes: SyntaxNode[];
  root?: ClassInfo;
  tag?: number;
  children: ClassInfo[];
}

export interface Devirtualised {
  readonly text: string | null;
  readonly diagnostics: Diagnostic[];
}

const nameOfType = (n: SyntaxNode | null): string | undefined => (n?.type === 'template_type' ? n.childForFieldName('name')?.text : n?.type === 'type_identifier' ? n.text : n?.type === 'qualified_identifier' ? nameOfType(n.childForFieldName('name')) : undefined);

function templateArgs(n: SyntaxNode): string[] | null {
  if (n.type !== 'template_type') return null;
  const list = n.childForFieldName('arguments');
  return list ? list.namedChildren.filter((c) => c.type !== 'comment').map((c) => c.text.trim()) : [];
}

function memberName(m: SyntaxNode): string | undefined {
  const d = declaratorShape(m.childForFieldName('declarator'));
  const f = d.functionDeclarator?.childForFieldName('declarator');
  if (!f) return undefined;
  if (f.type === 'destructor_name') return '~';
  return f.text;
}

function collectClass(n: SyntaxNode): ClassInfo | undefined {
  const body = n.childForFieldName('body');
  const nameNode = n.childForFieldName('name');
  if (!body || nameNode?.type !== 'type_identifier') return undefined;
  let item: SyntaxNode = n;
  while (item.parent && item.parent.type !== 'translation_unit' && item.parent.type !== 'declaration_list') item = item.parent;
  const tmpl = n.parent?.type === 'template_declaration' ? n.parent : n.parent?.parent?.type === 'template_declaration' ? n.parent.parent : null;
  const plist = tmpl?.childForFieldName('parameters') ?? null;
  const templateParams = plist ? plist.namedChildren.map((p) => p.namedChildren.find((c) => c.type === 'type_identifier' || c.type === 'identifier')?.text ?? p.descendantsOfType(['type_identifier', 'identifier']).at(-1)?.text ?? '?') : null;
  const info: ClassInfo = {
    name: nameNode.text,
    node: n,
    item,
    end: item.nextSibling?.type === ';' ? item.nextSibling.endIndex : item.endIndex,
    templateParams,
    templateHead: plist ? `template ${plist.text}` : null,
    body,
    isClass: n.type === 'class_specifier',
    bases: [],
    virtuals: [],
    defined: new Set(),
    constructors: [],
    ctorPrototypes: [],
    children: [],
  };
  const clause = n.children.find((c) => c.type === 'base_class_clause');
  if (clause) {
    for (const b of clause.namedChildren) {
      const bn = nameOfType(b);
      if (bn) info.bases.push({ name: bn, args: templateArgs(b), node: b });
    }
  }
  for (const m of body.namedChildren) {
    if (m.type !== 'function_definition' && m.type !== 'field_declaration' && m.type !== 'declaration') continue;
    const name = memberName(m);
    if (!name) continue;
    if (name === info.name) {
      if (m.type === 'function_definition') info.constructors.push(m);
      else info.ctorPrototypes.push(m);
      continue;
    }
    if (m.type === 'function_definition') info.defined.add(name);
    const virt = m.children.some((c) => c.type === 'virtual');
    if (!virt) continue;
    const kids = m.children;
    const pure = kids.some((k, i) => k.type === '=' && kids[i + 1]?.text === '0');
    const fd = declaratorShape(m.childForFieldName('declarator')).functionDeclarator;
    const params = fd?.childForFieldName('parameters');
    const decl = m.childForFieldName('declarator');
    const typeNode = m.childForFieldName('type');
    // The return type: the type and the declarator's pointer/reference marks before the name.
    const marks = decl && fd ? m.text.slice(decl.startIndex - m.startIndex, fd.startIndex - m.startIndex).replace(/\s+/g, '') : '';
    const quals = m.children.filter((c) => c.type === 'type_qualifier' && c.startIndex < (typeNode?.startIndex ?? 0)).map((c) => `${c.text} `).join('');
    info.virtuals.push({
      name,
      node: m,
      pure,
      returnType: name === '~' ? 'void' : `${quals}${typeNode?.text ?? 'void'}${marks}`,
      params: params?.text ?? '()',
      paramNames: (params?.namedChildren ?? []).filter((p) => p.type !== 'comment').map((p) => declaratorShape(p.childForFieldName('declarator')).name?.text ?? ''),
      constQ: !!fd?.children.some((c) => c.type === 'type_qualifier' && c.text === 'const'),
    });
  }
  return info;
}

/** The rewrite; `text: null` when the file has nothing polymorphic. */
export function devirtualise(file: SourceFile): Devirtualised {
  const diagnostics: Diagnostic[] = [];
  const abstractRoots = new Set<string>();
  const text = file.text;
  if (!/\b(virtual|dynamic_cast|typeid)\b/.test(text)) return { text: null, diagnostics };
  const root = file.tree.rootNode;
  const at = (n: SyntaxNode): [string, ReturnType<typeof pos>, ReturnType<typeof pos>] => [file.name, pos(n.startPosition), pos(n.endPosition)];
  for (const n of root.descendantsOfType(['dynamic_cast', 'typeid'])) {
    if (insideDeviceCode(n)) diagnostics.push(diag('C2M1001', `'${n.text}': Metal has no run-time type information; keep a type field of your own and switch on it`, ...at(n)));
  }
  for (const c of root.descendantsOfType('call_expression')) {
    const fn = c.childForFieldName('function');
    if (fn?.type === 'template_function' && fn.childForFieldName('name')?.text === 'dynamic_cast' && insideDeviceCode(c)) diagnostics.push(diag('C2M1001', `'dynamic_cast': Metal has no run-time type information; keep a type field of your own and switch on it`, ...at(c)));
    if (fn?.type === 'identifier' && fn.text === 'typeid' && insideDeviceCode(c)) diagnostics.push(diag('C2M1001', `'typeid': Metal has no run-time type information; keep a type field of your own and switch on it`, ...at(c)));
  }
  const classes = new Map<string, ClassInfo>();
  for (const n of root.descendantsOfType(['class_specifier', 'struct_specifier'])) {
    const c = collectClass(n);
    if (c && !classes.has(c.name)) classes.set(c.name, c);
  }
  // Polymorphic: declares a virtual member or derives from a polymorphic class.
  const polymorphic = new Set<ClassInfo>();
  // (Not itself: `template <int N> struct S : S<N - 1>`.)
  const baseOf = (c: ClassInfo): ClassInfo[] => c.bases.map((b) => classes.get(b.name)).filter((b): b is ClassInfo => !!b && b !== c);
  const isPoly = (c: ClassInfo, seen = new Set<ClassInfo>()): boolean => {
    if (seen.has(c)) return false;
    seen.add(c);
    return c.virtuals.length > 0 || baseOf(c).some((b) => isPoly(b, seen));
  };
  // Only device classes: a class with a __device__ member, or one of a hierarchy that has one
  // (host-only hierarchies, CLI11's, go to the host compiler as written).
  const deviceClass = (c: ClassInfo): boolean => /\b__device__\b/.test(c.body.text);
  const hasDeviceRelative = (c: ClassInfo): boolean => {
    const up: ClassInfo[] = [];
    for (let x: ClassInfo | undefined = c; x && !up.includes(x); x = baseOf(x)[0]) up.push(x);
    const top = up.at(-1)!;
    const below = (x: ClassInfo, depth = 0): boolean => x === top || (depth < 64 && baseOf(x).some((b) => below(b, depth + 1)));
    return [...classes.values()].some((x) => deviceClass(x) && below(x));
  };
  for (const c of classes.values()) if (isPoly(c) && hasDeviceRelative(c)) polymorphic.add(c);
  if (polymorphic.size === 0) return { text: null, diagnostics };
  const refused = new Set<ClassInfo>();
  for (const c of polymorphic) {
    const clause = c.node.children.find((k) => k.type === 'base_class_clause');
    const virtualBase = clause?.children.find((k) => k.type === 'virtual');
    if (virtualBase) {
      diagnostics.push(diag('C2M1001', `virtual inheritance ('${c.name}'): Metal has no virtual dispatch, and cu2metal devirtualises single inheritance only`, ...at(virtualBase)));
      refused.add(c);
    }
    const polyBases = baseOf(c).filter((b) => polymorphic.has(b));
    if (polyBases.length > 1) {
      diagnostics.push(diag('C2M1001', `class '${c.name}' has several polymorphic bases; cu2metal devirtualises single inheritance only`, ...at(c.node.childForFieldName('name')!)));
      refused.add(c);
    }
    const names = c.virtuals.map((v) => v.name);
    const dup = names.find((x, i) => names.indexOf(x) !== i);
    if (dup) {
      diagnostics.push(diag('C2M1001', `overloaded virtual function '${dup}' in '${c.name}': cu2metal devirtualises one virtual function per name`, ...at(c.virtuals.find((v) => v.name === dup)!.node)));
      refused.add(c);
    }
    if (c.ctorPrototypes.length > 0) {
      diagnostics.push(diag('C2M1001', `a constructor of polymorphic class '${c.name}' defined outside the class: cu2metal sets the hidden type tag in constructors defined in the class body`, ...at(c.ctorPrototypes[0]!)));
      refused.add(c);
    }
  }
  // Roots and tags.
  const rootOf = (c: ClassInfo): ClassInfo => {
    const b = baseOf(c).find((x) => polymorphic.has(x));
    return b ? rootOf(b) : c;
  };
  const roots = new Map<ClassInfo, ClassInfo[]>(); // root → its classes, in file order
  for (const c of [...polymorphic].sort((a, b) => a.node.startIndex - b.node.startIndex)) {
    const r = rootOf(c);
    c.root = r;
    roots.set(r, [...(roots.get(r) ?? []), c]);
    const b = baseOf(c).find((x) => polymorphic.has(x));
    if (b) b.children.push(c);
  }
  // `delete p` through a class of a hierarchy with a virtual destructor: Root_delete(p).
  const deletes: { node: SyntaxNode; operand: SyntaxNode; cls: ClassInfo }[] = [];
  for (const d of root.descendantsOfType('delete_expression')) {
    if (!insideFunction(d) || d.children.some((c) => c.type === '[')) continue;
    const operand = d.namedChildren.at(-1);
    if (!operand) continue;
    const cls = staticClass(operand, enclosingClass(d, classes), true);
    const h = cls ? classes.get(cls) : undefined;
    if (h?.root) deletes.push({ node: d, operand, cls: h });
  }
  const edits: { start: number; end: number; text: string }[] = [];
  const replace = (start: number, end: number, t: string): void => void edits.push({ start, end, text: t });
  // Helpers that members of the hierarchy call (`area()` in `Shape::weight`) are declared before its root class.
  const prototypes = new Map<string, { root: ClassInfo; text: string }>();
  const declared = new Set<string>();
  const callTargets = new Map<string, { root: ClassInfo; fn: VirtualFn; helper: string }[]>();
  for (const [r, members] of roots) {
    if ([...members].some((m) => refused.has(m))) continue;
    // A root nothing derives from whose virtuals are all pure: left as it was (stop 23 drops them:
    // cuda-samples' SharedMemory<T>); calls through it are refused below.
    if (members.length === 1 && r.virtuals.every((v) => v.pure)) {
      abstractRoots.add(r.name);
      continue;
    }
    // Class templates: each derived template must pass its own parameters, in order, to its base.
    let ok = true;
    for (const m of members) {
      if (m === r) continue;
      const base = m.bases.find((b) => classes.get(b.name)?.root === r || classes.get(b.name) === r)!;
      const sameParams = (r.templateParams === null && m.templateParams === null && base.args === null) || (r.templateParams !== null && m.templateParams !== null && base.args !== null && base.args.join(',') === m.templateParams.join(',') && m.templateParams.length === r.templateParams.length);
      if (!sameParams) {
        diagnostics.push(diag('C2M1001', `'${m.name}' derives from '${base.node.text}': cu2metal devirtualises class templates whose derived classes pass their own template parameters, in order, to the base`, ...at(base.node)));
        ok = false;
      }
    }
    if (!ok) continue;
    members.forEach((m, i) => (m.tag = i + 1));
    const typeOf = (m: ClassInfo): string => (r.templateParams ? `${m.name}<${r.templateParams.join(', ')}>` : m.name);
    // The tag field and the constructors.
    replace(r.body.startIndex + 1, r.body.startIndex + 1, ` ${r.isClass ? 'public: ' : ''}unsigned long long ${TYPE_TAG}; /* hidden type tag (in place of CUDA's vtable pointer) */${r.isClass ? ' private:' : ''}`);
    for (const m of members) {
      const set = `this->${TYPE_TAG} = ${m.tag};`;
      if (m.constructors.length === 0) {
        replace(m.body.endIndex - 1, m.body.endIndex - 1, ` public: __host__ __device__ ${m.name}() { ${set} } `);
      }
      for (const k of m.constructors) {
        const body = k.childForFieldName('body');
        if (body?.type === 'compound_statement') replace(body.startIndex + 1, body.startIndex + 1, ` ${set}`);
      }
      for (const v of m.virtuals) {
        const kw = v.node.children.find((c) => c.type === 'virtual')!;
        if (v.pure) {
          replace(v.node.startIndex, v.node.endIndex, `/* pure virtual ${v.name === '~' ? 'destructor' : `${v.name}()`}: calls go through ${r.name}_${v.name} */`);
        } else {
          replace(kw.startIndex, kw.endIndex, '');
        }
      }
      for (const s of m.body.descendantsOfType('virtual_specifier')) replace(s.startIndex, s.endIndex, '');
    }
    // The helpers, after the hierarchy's last class.
    const last = members.reduce((a, b) => (a.end > b.end ? a : b));
    const out: string[] = [];
    const head = r.templateHead ? `${r.templateHead} ` : '';
    const introduced = new Map<string, { owner: ClassInfo; fn: VirtualFn }>();
    for (const m of members) for (const v of m.virtuals) if (!introduced.has(v.name)) introduced.set(v.name, { owner: m, fn: v });
    for (const [name, { owner, fn }] of introduced) {
      const subtree = members.filter((m) => isBelow(m, owner));
      const selfType = `${fn.constQ ? 'const ' : ''}${typeOf(owner)}*`;
      if (name === '~') {
        if (!deletes.some((d) => isBelow(d.cls, owner))) continue;
        const cases = subtree.filter((m) => m !== owner).map((m) => `case ${m.tag}: delete static_cast<${typeOf(m)}*>(self); return;`);
        out.push(`${head}__device__ void ${owner.name}_delete(${typeOf(owner)}* self) { if (!self) return; switch (self->${TYPE_TAG}) { ${cases.join(' ')} default: delete self; return; } }`);
        callTargets.set(`delete:${owner.name}`, [{ root: r, fn, helper: `${owner.name}_delete` }]);
        continue;
      }
      const args = fn.paramNames.join(', ');
      const ret = fn.returnType === 'void' ? '' : 'return ';
      const after = fn.returnType === 'void' ? ' return;' : '';
      const finalOf = (m: ClassInfo): ClassInfo | undefined => {
        for (let c: ClassInfo | undefined = m; c; c = baseOf(c).find((x) => polymorphic.has(x))) if (c.defined.has(name)) return c;
        return undefined;
      };
      const arms = subtree.map((m) => ({ m, f: finalOf(m) })).filter((a) => a.f);
      if (arms.length === 0) continue;
      const cases = arms.slice(0, -1).map((a) => `case ${a.m.tag}: ${ret}static_cast<${fn.constQ ? 'const ' : ''}${typeOf(a.m)}*>(self)->${name}(${args});${after}`);
      const lastArm = arms.at(-1)!;
      cases.push(`default: ${ret}static_cast<${fn.constQ ? 'const ' : ''}${typeOf(lastArm.m)}*>(self)->${name}(${args});${after}`);
      const params = fn.params.replace(/^\(\s*(void)?\s*\)$/, '()');
      const inner = params === '()' ? '' : `, ${params.slice(1, -1)}`;
      out.push(`${head}__device__ ${fn.returnType} ${owner.name}_${name}(${selfType} self${inner}) { switch (self->${TYPE_TAG}) { ${cases.join(' ')} } }`);
      prototypes.set(`${owner.name}_${name}`, { root: r, text: `${head}__device__ ${fn.returnType} ${owner.name}_${name}(${selfType} self${inner});` });
      callTargets.set(name, [...(callTargets.get(name) ?? []), { root: r, fn, helper: `${owner.name}_${name}` }]);
    }
    replace(last.end, last.end, ` /* virtual functions of ${r.name}, dispatched on the type tag: */ ${out.join(' ')}`);
  }
  // Calls.
  const hierarchyOf = (cls: string | undefined): ClassInfo | undefined => (cls ? classes.get(cls)?.root : undefined);
  for (const call of root.descendantsOfType('call_expression')) {
    if (!insideFunction(call)) continue;
    const fn = call.childForFieldName('function');
    const args = call.childForFieldName('arguments');
    if (!fn || !args) continue;
    let object: SyntaxNode | null = null;
    let arrow = true;
    let name: string | undefined;
    if (fn.type === 'field_expression') {
      object = fn.childForFieldName('argument');
      arrow = fn.children.some((c) => c.type === '->');
      name = fn.childForFieldName('field')?.text;
    } else if (fn.type === 'identifier') {
      name = fn.text;
    } else continue;
    if (!name) continue;
    const targets = callTargets.get(name);
    const enclosing = enclosingClass(call, classes);
    if (object === null) {
      // `area()` in a member function of the hierarchy: through `this`.
      if (!enclosing || !targets) continue;
      const t = targets.find((x) => x.root === enclosing.root);
      if (!t || isLocalName(call, name)) continue;
      diagnostics.push(diag('C2M1001', `virtual call '${name}()' inside a member function of '${enclosing.name}': cu2metal devirtualises calls through a pointer or reference (make it a free function taking the object)`, ...at(call)));
      continue;
    }
    if (object.type === 'this' && enclosing?.root && targets?.some((x) => x.root === enclosing.root)) {
      diagnostics.push(diag('C2M1001', `virtual call 'this->${name}()' inside a member function of '${enclosing.name}': cu2metal devirtualises calls through a pointer or reference (make it a free function taking the object)`, ...at(call)));
      continue;
    }
    const st = staticType(object, enclosing, arrow);
    const cls = st?.cls;
    if (arrow && cls && abstractRoots.has(cls) && classes.get(cls)?.virtuals.some((v) => v.name === name)) {
      diagnostics.push(diag('C2M1001', `call of virtual '${name}' through abstract class '${cls}', which nothing in this file derives from: cu2metal devirtualises calls whose derived classes are in the same translation unit`, ...at(call)));
      continue;
    }
    if (!targets) continue;
    const h = hierarchyOf(cls);
    const t = h ? targets.find((x) => x.root === h) : cls === undefined && targets.length === 1 && !nonPolymorphicMember(classes, polymorphic, name) ? targets[0] : undefined;
    if (!t) continue;
    // A helper template is named with the object's template arguments (`Container_push<int>(c, blockIdx.x)`):
    // deduced from the other arguments too, `T` could conflict.
    const helper = t.root.templateParams && st?.args ? `${t.helper}${st.args}` : t.helper;
    const self = arrow ? object.text : `&${object.type === 'identifier' || object.type === 'parenthesized_expression' ? object.text : `(${object.text})`}`;
    replace(call.startIndex, args.startIndex + 1, `${helper}(${self}${args.namedChildren.length > 0 ? ', ' : ''}`);
  }
  for (const { node, operand, cls } of deletes) {
    let t: { helper: string } | undefined;
    for (let c: ClassInfo | undefined = cls; c && !t; c = baseOf(c).find((x) => polymorphic.has(x))) t = callTargets.get(`delete:${c.name}`)?.[0];
    if (t) replace(node.startIndex, node.endIndex, `${t.helper}(${operand.text})`);
  }
  const byRoot = new Map<ClassInfo, string[]>();
  for (const h of declared) {
    const p = prototypes.get(h);
    if (p) byRoot.set(p.root, [...(byRoot.get(p.root) ?? []), p.text]);
  }
  for (const [r, protos] of byRoot) {
    const forward = `${r.templateHead ? `${r.templateHead} ` : ''}${r.isClass ? 'class' : 'struct'} ${r.name};`;
    replace(r.item.startIndex, r.item.startIndex, `${forward} ${protos.join(' ')} `);
  }
  if (edits.length === 0) return { text: null, diagnostics };
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.text + '\n'.repeat(newlines(text.slice(e.start, e.end))) + out.slice(e.end);
  return { text: out, diagnostics };

  function isBelow(m: ClassInfo, owner: ClassInfo): boolean {
    for (let c: ClassInfo | undefined = m; c; c = baseOf(c).find((x) => polymorphic.has(x))) if (c === owner) return true;
    return false;
  }
}

const newlines = (s: string): number => s.split('\n').length - 1;

function insideFunction(n: SyntaxNode): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition') return true;
  return false;
}

/** Whether `n` is in a __device__ or __global__ function (as written), or in a member of a class. */
function insideDeviceCode(n: SyntaxNode): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'function_definition') {
      const head = p.text.slice(0, (p.childForFieldName('body')?.startIndex ?? p.endIndex) - p.startIndex);
      if (/\b__(device|global)__\b/.test(head)) return true;
    }
  }
  return false;
}

function enclosingClass(n: SyntaxNode, classes: Map<string, ClassInfo>): ClassInfo | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'class_specifier' || p.type === 'struct_specifier') {
      const c = classes.get(p.childForFieldName('name')?.text ?? '');
      return c?.node.id === p.id ? c : undefined;
    }
  }
  return undefined;
}

function isLocalName(n: SyntaxNode, name: string): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'function_definition') {
      return p.descendantsOfType(['declaration', 'parameter_declaration']).some((d) => d.startIndex < n.startIndex && d.childrenForFieldName('declarator').some((x) => declaratorShape(x).name?.text === name));
    }
  }
  return false;
}

function nonPolymorphicMember(classes: Map<string, ClassInfo>, polymorphic: Set<ClassInfo>, name: string): boolean {
  for (const c of classes.values()) if (!polymorphic.has(c) && (c.defined.has(name) || c.body.descendantsOfType('field_identifier').some((f) => f.text === name))) return true;
  return false;
}

/** The class an object expression points to (`arrow`) or is, when the declarations say. */
function staticClass(e: SyntaxNode, enclosing: ClassInfo | undefined, arrow: boolean): string | undefined {
  return staticType(e, enclosing, arrow)?.cls;
}

function staticType(e: SyntaxNode, enclosing: ClassInfo | undefined, arrow: boolean): ExprType | undefined {
  const t = typeOfExpr(e, enclosing);
  if (!t) return undefined;
  return (arrow ? t.depth === 1 : t.depth === 0) ? t : undefined;
}

/** A class, how many pointers lead to it, and its template arguments as written (`<int>`). */
interface ExprType {
  readonly cls: string;
  readonly depth: number;
  readonly args?: string;
}

function typeOfExpr(e: SyntaxNode, enclosing: ClassInfo | undefined): ExprType | undefined {
  switch (e.type) {
    case 'parenthesized_expression':
      return e.namedChildren[0] ? typeOfExpr(e.namedChildren[0], enclosing) : undefined;
    case 'pointer_expression': {
      const inner = e.childForFieldName('argument');
      const t = inner ? typeOfExpr(inner, enclosing) : undefined;
      if (!t) return undefined;
      return { ...t, depth: t.depth + (e.children[0]?.type === '*' ? -1 : 1) };
    }
    case 'subscript_expression': {
      const inner = e.childForFieldName('argument');
      const t = inner ? typeOfExpr(inner, enclosing) : undefined;
      return t ? { ...t, depth: t.depth - 1 } : undefined;
    }
    case 'this':
      return enclosing ? { cls: enclosing.name, depth: 1, ...(enclosing.templateParams ? { args: `<${enclosing.templateParams.join(', ')}>` } : {}) } : undefined;
    case 'identifier':
      return declaredType(e);
    default:
      return undefined;
  }
}

function declaredType(id: SyntaxNode): ExprType | undefined {
  for (let p = id.parent; p; p = p.parent) {
    if (p.type !== 'compound_statement' && p.type !== 'function_definition' && p.type !== 'for_statement' && p.type !== 'translation_unit' && p.type !== 'field_declaration_list') continue;
    const decls = p.type === 'function_definition' ? (p.childForFieldName('declarator')?.descendantsOfType('parameter_declaration') ?? []) : p.namedChildren.filter((c) => c.type === 'declaration' || c.type === 'field_declaration');
    for (const d of decls) {
      if (p.type !== 'function_definition' && p.type !== 'field_declaration_list' && d.startIndex > id.startIndex) continue;
      for (const x of d.childrenForFieldName('declarator')) {
        const s = declaratorShape(x);
        if (s.name?.text !== id.text || s.functionDeclarator) continue;
        const type = d.childForFieldName('type');
        const cls = nameOfType(type);
        const args = type?.type === 'template_type' ? type.childForFieldName('arguments')?.text : undefined;
        return cls ? { cls, depth: s.pointerDepth + s.arrayDims.length, ...(args ? { args } : {}) } : undefined;
      }
    }
  }
  return undefined;
}
