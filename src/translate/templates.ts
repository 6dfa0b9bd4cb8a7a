// Kernel templates: `template <typename T, int N> __global__ void k(...)` stays a template in the
// MSL, and each instance the host program launches gets an explicit instantiation with a host name:
//
//   template [[host_name("k_float_256")]] [[kernel]] decltype(k<float, 256>) k<float, 256>;
//
// Instances come from two places, never from a list written by hand:
//  - `translate` sees launches whose template arguments are written out (`k<float, 256><<<...>>>`);
//  - the build reads the instances the compiled host program actually produced (deduced launches,
//    launches inside host templates: `nm -C` of the host object, src/build/program.ts).
// The host stub of a kernel template is itself a template (src/host/host.ts) that names its
// instance at run time from __PRETTY_FUNCTION__, with the same spelling rule as instanceHostName().
import { resolveMemoryAlias } from './templateVector3';
import type { KernelManifest } from './function';
import { launchMatches } from '../parse/queries';
import { evalIntExpression } from './constEval';
import type { ProgramFacts, TemplateParam } from './program';
import { TYPE_RENAMES, normType } from './tables/types';
import { SOFT_DOUBLE_TYPE } from './tables/double';

/** A kernel template as the manifest records it: its MSL parameters still name T, N... */
export interface KernelTemplateManifest extends KernelManifest {
  readonly templateParams: readonly TemplateParam[];
}

/** One instance: the kernel template's name and its template arguments, as the host compiler spells them. */
export interface KernelInstance {
  readonly template: string;
  readonly args: readonly string[];
}

/** Template arguments in one spelling: single spaces, none around `*`/`&`, `const` after nothing. */
export function normalizeTemplateArg(a: string): string {
  return a
    .replace(/\s+/g, ' ')
    .replace(/\s*([*&,<>()])\s*/g, '$1')
    .replace(/,/g, ', ')
    .trim();
}

/** `k<float, 256>`: the C++ spelling of the instance (the cuda-cpu reference calls it so). */
export const instanceCppName = (i: KernelInstance): string => `${i.template}<${i.args.join(', ')}>`;

/**
 * The Metal function name of an instance: `k<float, 256>` → `k_float_256`. Every run of characters
 * that cannot be in an identifier becomes one `_` (so `float *` and `float*` agree); a minus sign
 * becomes `m`, integer suffixes are dropped. The host stub computes the same from __PRETTY_FUNCTION__ (host.ts, TEMPLATE_NAME_HELPER).
 */
export function instanceHostName(i: KernelInstance): string {
  // Integer suffixes go (`128u` from nm, `128U` from clang's __PRETTY_FUNCTION__, `128` as written).
  const parts = [i.template, ...i.args].map((a) => a.replace(/-/g, 'm').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(m?\d+)[uUlL]+$/, '$1'));
  return parts.join('_');
}

/** A type argument in MSL: `unsigned int` → `uint`, `long long` → `long`; values and struct names unchanged. */
export function mslTemplateArg(a: string): string {
  const t = normType(a);
  if (t === 'double') return SOFT_DOUBLE_TYPE; // software double (src/translate/double.ts)
  const renamed = TYPE_RENAMES.get(t);
  if (renamed !== undefined) return renamed;
  // A class template's arguments (`Traits<16, 7, __half>`): each mapped the same way.
  const open = a.indexOf('<');
  if (open > 0 && a.trimEnd().endsWith('>')) {
    const inner = splitTemplateArgs(a.slice(open + 1, a.trimEnd().length - 1));
    if (inner) return `${a.slice(0, open).trim()}<${inner.map(mslTemplateArg).join(', ')}>`;
  }
  return a;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `device T* a` with T = float → `device float* a`. */
export function substitute(text: string, params: readonly TemplateParam[], args: readonly string[]): string {
  let out = text;
  params.forEach((p, i) => {
    const a = args[i];
    if (a === undefined || p.name === '') return;
    out = out.replace(new RegExp(`\\b${escapeRe(p.name)}\\b`, 'g'), mslTemplateArg(a));
  });
  return out;
}

/** The manifest entry of one instance: named by its host name, parameter types substituted. */
export function instantiateKernel(t: KernelTemplateManifest, args: readonly string[]): KernelManifest {
  const inst: KernelInstance = { template: t.name, args };
  const { templateParams: params, ...rest } = t;
  // A kernel template inside a namespace (cppName `::lib::fill`): its instances' C++ names are qualified too.
  const scope = t.cppName?.startsWith('::') ? t.cppName.slice(0, t.cppName.lastIndexOf('::') + 2) : '';
  return {
    ...rest,
    name: instanceHostName(inst),
    cppName: `${scope}${instanceCppName(inst)}`,
    mslName: `${t.mslName ?? t.name}<${args.map(mslTemplateArg).join(', ')}>`, // `kernel_` for a name Metal reserves
    params: t.params.map((p) => ({ ...p, mslType: resolveMemoryAlias(substitute(p.mslType, params, args)), ...(p.cudaType ? { cudaType: substitute(p.cudaType, params, args) } : {}) })),
  };
}

/** The explicit instantiation that gives an instance its Metal function name. */
export function instantiationLine(k: KernelManifest): string {
  const id = k.mslName ?? k.name;
  return `template [[host_name(${JSON.stringify(k.name)})]] [[kernel]] decltype(${id}) ${id};`;
}

/**
 * Splits a template argument list at its top-level commas: `float, S<int, 2>, 256` → three.
 * Returns null when the brackets do not balance.
 */
export function splitTemplateArgs(text: string): string[] | null {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if (c === '>' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return null;
  }
  if (depth !== 0) return null;
  out.push(text.slice(start));
  return out.map(normalizeTemplateArg).filter((a) => a !== '');
}

/**
 * Instances of the named kernel templates in demangled symbol names (`nm -C` output): the host
 * stub `void k<float, 256>(float*, int)` and the statics inside it.
 */
export function instancesInSymbols(symbols: string, templates: ReadonlySet<string>, scopes: ReadonlyMap<string, string> = new Map()): KernelInstance[] {
  const out = new Map<string, KernelInstance>();
  for (const line of symbols.split('\n')) {
    for (const name of templates) {
      const re = new RegExp(`(?:^|[\\s:*&(,])${escapeRe(name)}<`, 'g');
      for (let m = re.exec(line); m; m = re.exec(line)) {
        const open = m.index + m[0].length;
        let depth = 1;
        let i = open;
        for (; i < line.length && depth > 0; i++) {
          if (line[i] === '<') depth++;
          else if (line[i] === '>') depth--;
        }
        if (depth !== 0 || line[i] !== '(') continue; // a function, not a type of that name
        // A name inside another qualified name (`ns::k<...>`, `S::k<...>`) is not ours, unless it is
        // the namespace the kernel template is in (`lib::fill<float, 4>`, src/translate/namespaces.ts).
        const scope = scopes.get(name);
        if (m[0].startsWith(':') && !(scope && ` ${line.slice(0, m.index + 1)}`.endsWith(` ${scope}`))) continue;
        const args = splitTemplateArgs(line.slice(open, i - 1));
        if (!args) continue;
        const inst = { template: name, args };
        out.set(instanceHostName(inst), inst);
      }
    }
  }
  return [...out.values()];
}

/**
 * Instances the host code names with arguments written out: `k<float, 256><<<...>>>`, with
 * arguments that are types, literals or constants of the file. Launches inside a host template
 * (`k<T, BLOCK><<<...>>>`) and deduced ones are left to the build, which reads the host object.
 */
/** The fixed-width integer types as clang's `__PRETTY_FUNCTION__` and `nm -C` spell them (the 64-bit ones differ between platforms). */
const FIXED_WIDTH: ReadonlyMap<string, string> = new Map([
  ['int8_t', 'signed char'], ['uint8_t', 'unsigned char'], ['int16_t', 'short'], ['uint16_t', 'unsigned short'], ['int32_t', 'int'], ['uint32_t', 'unsigned int'],
]);

/**
 * A type argument as the host program's launch names the instance (its `__PRETTY_FUNCTION__`
 * gives the canonical type): a file's `typedef int scalar_t;` (channelSum) and `uint32_t` (lzss)
 * are written `int` and `unsigned int`, and `typedef struct S S_t;` (curand_kernel.h's
 * `curandStateXORWOW_t`) is written `S`, so that the instance the host object also names is one
 * instance, not a second explicit instantiation of the same function.
 */
function canonicalArg(t: string, text: string): string {
  let out = t;
  for (let round = 0; round < 4; round++) {
    const next = out.replace(/\b[A-Za-z_]\w*\b/g, (id) => {
      const fixed = FIXED_WIDTH.get(id);
      if (fixed) return fixed;
      if (!/_t$|^[a-z]/.test(id) || /^(const|volatile|unsigned|signed|int|float|double|char|short|long|bool)$/.test(id)) return id;
      const m = new RegExp(`(?:^|[;}\\n])\\s*(?:typedef\\s+((?:unsigned\\s+|signed\\s+)?(?:int|float|double|char|short|long long|long|bool|u?int(?:8|16|32)_t))\\s+${id}\\s*;|using\\s+${id}\\s*=\\s*((?:unsigned\\s+|signed\\s+)?(?:int|float|double|char|short|long long|long|bool|u?int(?:8|16|32)_t))\\s*;|typedef\\s+(?:struct|class|union)\\s+([A-Za-z_]\\w*)\\s+${id}\\s*;)`).exec(text);
      return m ? (m[1] ?? m[2] ?? m[3] ?? id).replace(/\s+/g, ' ') : id;
    });
    if (next === out) break;
    out = next;
  }
  return out;
}

export function staticInstances(program: ProgramFacts, templates: ReadonlySet<string>): KernelInstance[] {
  const out = new Map<string, KernelInstance>();
  if (templates.size === 0) return [];
  for (const m of launchMatches(program.file)) {
    const fn = m.get('kernel');
    if (fn?.type !== 'template_function') continue;
    const name = fn.childForFieldName('name')?.text ?? '';
    if (!templates.has(name)) continue;
    let inTemplate = false;
    for (let p = fn.parent; p; p = p.parent) if (p.type === 'template_declaration') inTemplate = true;
    if (inTemplate) continue;
    const args: string[] = [];
    for (const a of fn.childForFieldName('arguments')?.namedChildren ?? []) {
      if (a.type === 'comment') continue;
      const constant = /^[A-Za-z_]\w*$/.test(a.text) && program.constants.has(a.text) ? evalIntExpression(a.text, program.constants) : undefined;
      if (constant !== undefined) args.push(String(constant)); // `k<float, TILE>`: TILE parses as a type
      else if (a.type === 'type_descriptor') {
        const t = normalizeTemplateArg(a.text);
        // A type is known when it is a C++ type or one the file defines.
        const base = t.replace(/\b(const|volatile|unsigned|signed)\b|[*&]/g, ' ').trim();
        if (!/^(int|float|double|char|short|long( long)?|bool|size_t|u?int\d+_t|)$/.test(base) && !program.definedTypes.has(base)) {
          args.length = 0;
          break;
        }
        args.push(canonicalArg(t === 'unsigned' ? 'unsigned int' : t, program.file.text));
      } else if (a.type === 'true' || a.type === 'false') args.push(a.text);
      else {
        const v = evalIntExpression(a.text, program.constants);
        if (v === undefined) {
          args.length = 0;
          break;
        }
        args.push(String(v));
      }
    }
    if (args.length === 0) continue;
    const inst = { template: name, args };
    out.set(instanceHostName(inst), inst);
  }
  return [...out.values()];
}
