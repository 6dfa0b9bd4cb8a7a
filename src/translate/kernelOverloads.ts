// Kernels overloaded by parameter type (`k(__half*)` and `k(__nv_bfloat16*)`, as HeCBench's
// f16atomic writes them). Metal kernels cannot be overloaded, so each overload after the first gets
// its own name — `k_2`, `k_3` in the order the signatures first appear — in the MSL, the manifest
// and the host stub's descriptor; the host stubs stay C++ overloads of `k` (launches resolve as
// nvcc resolves them), and the cuda-cpu reference and the kernel registry name an overload by a
// cast to its type. Definitions of one signature (#if/#else alternatives) stay one kernel.
import { declaratorShape } from './syntax';
import type { FunctionFacts, ParamFacts } from './program';
import { normType } from './tables/types';
import { mslName } from './tables/reserved';

/** A parameter's CUDA type without its name: `const float*`. */
function typeText(p: ParamFacts): string {
  const name = declaratorShape(p.node.childForFieldName('declarator')).name;
  const text = name ? p.node.text.slice(0, name.startIndex - p.node.startIndex) + p.node.text.slice(name.endIndex - p.node.startIndex) : p.node.text;
  return normType(text.split('__restrict__').join('')).replace(/\s*\*/g, '*');
}

const signatureCache = new WeakMap<FunctionFacts, string>();
function signature(f: FunctionFacts): string {
  let s = signatureCache.get(f);
  if (s === undefined) {
    s = f.params.map(typeText).join(', ');
    signatureCache.set(f, s);
  }
  return s;
}

/** Defined non-template kernels by name, once per function list (a linear search per kernel was quadratic). */
const kernelsByName = new WeakMap<readonly FunctionFacts[], Map<string, FunctionFacts[]>>();

/** The distinct signatures of the kernels named like f (defined, not templates), in source order. */
function signatures(f: FunctionFacts, functions: readonly FunctionFacts[]): string[] {
  if (f.role !== 'kernel' || f.templateParams || !f.body) return [];
  let byName = kernelsByName.get(functions);
  if (!byName) {
    byName = new Map();
    for (const g of functions) {
      if (g.role !== 'kernel' || g.templateParams || !g.body) continue;
      const list = byName.get(g.name);
      if (list) list.push(g);
      else byName.set(g.name, [g]);
    }
    kernelsByName.set(functions, byName);
  }
  const sigs: string[] = [];
  for (const g of byName.get(f.name) ?? []) {
    const s = signature(g);
    if (!sigs.includes(s)) sigs.push(s);
  }
  return sigs;
}

/** Is f one of several kernels of its name with different parameter types? */
export const isOverloadedKernel = (f: FunctionFacts, functions: readonly FunctionFacts[]): boolean => signatures(f, functions).length > 1;

/** The kernel's name in the MSL and the manifest: its own, or `name_N` for the N-th overload. */
export function kernelName(f: FunctionFacts, functions: readonly FunctionFacts[]): string {
  const i = signatures(f, functions).indexOf(signature(f));
  return i <= 0 ? (f.template ? f.name : mslName(f.name)) : `${f.name}_${i + 1}`;
}

/** The C++ expression naming this overload (cuda-cpu glue, the host's kernel registry). */
export const kernelCppName = (f: FunctionFacts): string => `static_cast<void (&)(${signature(f)})>(${f.name})`;

/** The kernel's MSL text with its function renamed to `unique`. */
export const renameKernel = (text: string, name: string, unique: string): string => text.replace(new RegExp(`\\bkernel\\b([\\s\\S]*?)\\b${name}(\\s*\\()`), `kernel$1${unique}$2`);
