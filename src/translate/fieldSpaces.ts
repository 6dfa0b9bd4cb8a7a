// The address space of a struct's pointer field (structPointers.ts emits `device T* f` by default).
//
// A struct that never crosses a kernel boundary (no kernel parameter, `__constant__`/`__device__`
// variable or such struct's field has its type) lives only in the kernels' own memory: its pointer
// fields hold what the device code stores into them. When every store into a field (`s.f = q`,
// `p->f = q`) points into one space other than device (bonds' `cashFlows.legs = cashLegs`, a local
// array), the field is declared in that space (`thread couponStruct* legs;`), and reads of it
// (`s.f[i]`) point there too. A field given pointers into two spaces keeps `device` and the store
// into the other space is refused (function.ts: checkPointerFieldStore), naming why.
import type { ProgramFacts } from './program';
import type { Space } from './addressSpaces';
import { isNullPointer } from './addressSpaces';
import { structFields } from './structPointers';
import { TypedView } from './typed';
import { nodesOfTypeIn } from '../parse/nodeIndex';

type Fields = NonNullable<ReturnType<typeof structFields>>;

interface FieldFacts {
  /** Per struct (its field list) and field name: the space its stores point into, when it is not device. */
  readonly spaces: Map<Fields, Map<string, Space>>;
  /** Why a field stays device although a store points elsewhere: `structs`' field → reason. */
  readonly why: Map<Fields, Map<string, string>>;
  /** A store of a device pointer (or one of unknown memory) into each field, for the diagnostic. */
  readonly deviceStores: Map<Fields, Map<string, string>>;
}

const facts = new WeakMap<ProgramFacts, FieldFacts | 'computing'>();

/** The field list of a struct type name, without qualifiers (undefined: not a struct of the file). */
const fieldsOf = (program: ProgramFacts, type: string): Fields | undefined => structFields(program, type.replace(/\b(const|volatile|struct|class|union|typename)\b/g, '').replace(/[*&\s]+$/g, '').trim());

/** Structs a kernel can see from outside: kernel parameters, device globals, and (transitively) their fields' types. */
function crossing(program: ProgramFacts): Set<Fields> {
  const out = new Set<Fields>();
  const add = (type: string): void => {
    const base = type.replace(/<[\s\S]*$/, '');
    const fs = fieldsOf(program, base);
    if (!fs || out.has(fs)) return;
    out.add(fs);
    for (const f of fs) add(f.type);
  };
  for (const f of program.functions) if (f.role === 'kernel') for (const p of f.params) if (p.typeNode) add(p.typeNode.text);
  for (const g of program.deviceGlobals.values()) add(g.typeNode.text);
  return out;
}

function compute(program: ProgramFacts): FieldFacts {
  const seen = new Map<Fields, Map<string, Set<Space | 'unknown'>>>();
  const where = new Map<Fields, Map<string, string>>();
  const note = (fs: Fields, name: string, s: Space | 'unknown', text: string): void => {
    let m = seen.get(fs);
    if (!m) seen.set(fs, (m = new Map()));
    let set = m.get(name);
    if (!set) m.set(name, (set = new Set()));
    set.add(s);
    let w = where.get(fs);
    if (!w) where.set(fs, (w = new Map()));
    if (s === 'device' || s === 'unknown') w.set(name, text);
  };
  for (const fn of program.functions) {
    if (!fn.body || fn.role === 'host') continue;
    let view: TypedView | undefined;
    for (const a of nodesOfTypeIn(fn.body, ['assignment_expression'])) {
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left?.type !== 'field_expression' || !right || a.child(1)?.type !== '=' || isNullPointer(right)) continue;
      const arg = left.childForFieldName('argument');
      const name = left.childForFieldName('field')?.text ?? '';
      if (!arg) continue;
      view ??= new TypedView(program, fn, { spaces: fn.params.map((p) => (p.pointerDepth > 0 || p.isArray ? 'device' : p.reference ? 'thread' : null)) });
      let obj = view.typeOf(arg);
      if (left.child(1)?.type === '->') obj = obj.kind === 'pointer' ? obj.pointee : obj.kind === 'array' ? obj.element : obj;
      const fs = obj.kind === 'struct' ? fieldsOf(program, obj.name) : undefined;
      if (!fs || !fs.some((f) => f.name === name && f.pointerDepth === 1)) continue;
      note(fs, name, view.pointsInto(right) ?? 'unknown', `${right.text.slice(0, 40)}' in '${fn.name}`);
    }
  }
  const cross = crossing(program);
  const spaces = new Map<Fields, Map<string, Space>>();
  const why = new Map<Fields, Map<string, string>>();
  for (const [fs, m] of seen) {
    for (const [name, set] of m) {
      const others = [...set].filter((s): s is Space => s !== 'device' && s !== 'unknown');
      if (others.length === 0) continue;
      let reason: string | undefined;
      if (cross.has(fs)) reason = 'its struct reaches the kernel from the host (a kernel parameter or a __device__/__constant__ variable holds it), where the pointers are device memory';
      else if (new Set(others).size > 1) reason = `it is given pointers into ${[...new Set(others)].join(' and ')} memory`;
      else if (set.has('device')) reason = `it is also given '${where.get(fs)?.get(name) ?? ''}', a pointer into device memory`;
      else if (set.has('unknown')) reason = `the translator cannot tell which memory '${where.get(fs)?.get(name) ?? ''}', also stored into it, points into`;
      if (reason) {
        let w = why.get(fs);
        if (!w) why.set(fs, (w = new Map()));
        w.set(name, reason);
        continue;
      }
      let s = spaces.get(fs);
      if (!s) spaces.set(fs, (s = new Map()));
      s.set(name, others[0]!);
    }
  }
  return { spaces, why, deviceStores: where };
}

function factsOf(program: ProgramFacts): FieldFacts | undefined {
  const known = facts.get(program);
  if (known === 'computing') return undefined; // (while the stores are read: the default)
  if (known) return known;
  facts.set(program, 'computing');
  const f = compute(program);
  facts.set(program, f);
  return f;
}

/** The space pointer field `field` of struct type `type` points into: device unless its stores say otherwise (above). */
export function fieldSpace(program: ProgramFacts, type: string, field: string): Space {
  const fs = fieldsOf(program, type);
  if (!fs) return 'device';
  return factsOf(program)?.spaces.get(fs)?.get(field) ?? 'device';
}

/** Why a field stays in device memory although some store gives it a pointer into other memory (for the diagnostic), or undefined. */
export function fieldDeviceReason(program: ProgramFacts, type: string, field: string): string | undefined {
  const fs = fieldsOf(program, type);
  const f = fs ? factsOf(program) : undefined;
  if (!fs || !f) return undefined;
  const store = f.deviceStores.get(fs)?.get(field);
  // (A helper's pointer parameter stored into it: device memory for the calls that pass device memory.)
  return f.why.get(fs)?.get(field) ?? (store ? `the device code also stores '${store}' into it, which points into device memory for the calls that pass device memory` : undefined);
}

/** The spaces of the pointer fields one field declaration declares (`float *a, *b;`), inside struct `structName`. */
export function declarationSpaces(program: ProgramFacts, structName: string | undefined, names: readonly string[]): Space[] {
  if (!structName || names.length === 0) return ['device'];
  return [...new Set(names.map((n) => fieldSpace(program, structName, n)))];
}
