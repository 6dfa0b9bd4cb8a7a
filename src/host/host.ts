// The host half: the .cu file rewritten as plain C++ for clang++ against our cuda_runtime.h.
//
//   __global__ void k(float* a, int n) { ...device code... }
//     → void k(float* a, int n) { void* cu2m_args[] = {&a, &n}; cu2mLaunchKernel(&cu2m_kernel_k, cu2m_args); }
//       (plus CU2M_REGISTER_KERNEL: the stub's address identifies the kernel for cudaLaunchKernel)
//   k<<<grid, block, shmem, stream>>>(x, 3)
//     → (cu2mPushCallConfiguration(grid, block, shmem, stream), k(x, 3))
//   __device__ functions → removed (blank lines keep the line numbers)
//
// It also produces the reference backend's device source: the ORIGINAL .cu with host-only
// functions blanked, compiled as C++ against native/cpu/cuda/cu2m_cuda_device.h.
import { diag, type Diagnostic } from '../diagnostics/diagnostic';
import { origin, pos, type SyntaxNode } from '../parse/parse';
import { matches } from '../parse/queries';
import { kernelFlagsExpr } from '../build/glue';
import { EditSet, commentText } from '../translate/edits';
import type { KernelManifest } from '../translate/function';
import { isIfZero, type FunctionFacts, type ProgramFacts } from '../translate/program';
import { declaratorShape, specifierTokens } from '../translate/syntax';
import { RUNTIME_API_BY_NAME } from '../translate/tables/runtimeApi';

const blank = (text: string): string => text.replace(/[^\n]/g, ' ').replace(/ +\n/g, '\n').replace(/ +$/, '');

function cString(s: string): string {
  return JSON.stringify(s);
}

export function kernelStub(f: FunctionFacts, k: KernelManifest): string {
  const bufferParams = new Map(k.params.filter((p) => p.kind === 'buffer' || p.kind === 'scalar').map((p) => [p.name, p]));
  const infos = f.params.map((p) => {
    const m = bufferParams.get(p.name);
    if (m?.kind === 'buffer') {
      const elem = m.elemType ?? 'BYTES';
      return `{${cString(p.name)}, CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_${elem}, ${m.elemSize ?? 0}u, ${m.writes ? 1 : 0}u}`;
    }
    return `{${cString(p.name)}, CU2M_ARG_SCALAR, sizeof(${p.name}), CU2M_ELEM_BYTES, 0u, 0u}`;
  });
  // __constant__/__device__ variables the kernel uses: their device storage, after the parameters.
  const symbols = k.params.filter((p) => p.symbol);
  // The runtime binds their storage by name (CU2M_ARG_SYMBOL): no argument to pass, so launches
  // through cudaLaunchKernel and graph nodes get them too.
  for (const p of symbols) infos.push(`{${cString(p.symbol!)}, CU2M_ARG_SYMBOL, sizeof(void*), CU2M_ELEM_${p.elemType ?? 'BYTES'}, ${p.elemSize ?? 0}u, ${p.writes ? 1 : 0}u}`);
  const flags = kernelFlagsExpr(k);
  const paramsText = f.paramList.text;
  const argPtrs = f.params.map((p) => `(void*)&${p.name}`).join(', ');
  const argCount = f.params.length + symbols.length;
  const name = f.name;
  const ret = f.node.childForFieldName('type')?.text ?? 'void';
  const isStatic = specifierTokens(f.node).some((t) => t.type === 'static');
  // The stub's parameters must be named: an unnamed CUDA parameter (`float*`, `float[]`) gets the
  // name the facts gave it, written where a declarator's name goes.
  const paramText = (p: (typeof f.params)[number]): string => {
    const d = p.node.childForFieldName('declarator');
    if (declaratorShape(d).name) return p.node.text;
    const spec = p.node.text.slice(0, (d ?? p.node).startIndex - p.node.startIndex).trim() || p.node.text;
    return `${spec} ${'*'.repeat(p.pointerDepth + (p.isArray ? 1 : 0))}${p.name}`;
  };
  const named = f.params.every((p) => declaratorShape(p.node.childForFieldName('declarator')).name) ? paramsText : `(${f.params.map(paramText).join(', ')})`;
  const lines = [
    `/* __global__ ${name}: device code translated to Metal (see the .metal file); this host stub launches it */`,
    `${isStatic ? 'static ' : ''}${ret} ${name}${named} {`,
    `  static const cu2m_param_info cu2m_params[] = {${infos.join(', ') || '{nullptr, 0, 0, 0, 0, 0}'}};`,
    `  static const cu2m_kernel_info cu2m_kernel = {${cString(name)}, ${cString(k.file)}, ${k.line}u, ${argCount}u, cu2m_params, ${flags}, ${k.staticThreadgroupBytes ?? 0}u};`,
    // Registers the stub's address for cudaLaunchKernel, cudaFuncGetAttributes and graph kernel nodes.
    `  CU2M_REGISTER_KERNEL(cu2m_kernel, ${name});`,
    f.params.length > 0 ? `  void* cu2m_args[] = {${argPtrs}};` : '  void** cu2m_args = nullptr;',
    '  cu2mLaunchKernel(&cu2m_kernel, cu2m_args);',
    '}',
  ];
  return lines.join('\n');
}

export interface HostTranslation {
  readonly host: string;
  readonly cudaCpu: string;
}

export function translateHost(program: ProgramFacts, kernels: readonly KernelManifest[], diagnostics: Diagnostic[]): HostTranslation {
  const file = program.file;
  const text = file.text;
  const host = new EditSet(text);
  const ref = new EditSet(text);
  const resync = (n: SyntaxNode): string => {
    const at = origin(file, n.endPosition.row + 2);
    return `\n#line ${at.line} ${cString(at.file)}`;
  };
  const kernelNames = new Set(kernels.map((k) => k.name));
  // A `__global__` prototype is a kernel too: another .cu of the program defines it, and linking
  // the program's host objects resolves the launch to the stub that file's translation wrote.
  for (const f of program.functions) if (f.role === 'kernel' && !f.body) kernelNames.add(f.name);

  const kernelByName = new Map<string, (typeof kernels)[number]>();
  for (const k of kernels) if (!kernelByName.has(k.name)) kernelByName.set(k.name, k);
  for (const f of program.functions) {
    const n = f.node;
    if (!f.body) {
      if (f.role === 'device') host.replace(n.startIndex, n.endIndex, blank(n.text));
      continue;
    }
    if (f.role === 'kernel') {
      const k = kernelByName.get(f.name);
      if (k) host.replace(n.startIndex, n.endIndex, kernelStub(f, k) + resync(n));
    } else if (f.role === 'device') {
      host.replace(n.startIndex, n.endIndex, blank(n.text));
    } else if (f.role === 'host') {
      ref.replace(n.startIndex, n.endIndex, blank(n.text));
    }
  }
  // Inlined host headers go back to being #includes: the host compiler reads them as written.
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  for (const r of file.hostRegions ?? []) {
    const start = lineStarts[r.first - 1];
    const end = r.last < lineStarts.length ? lineStarts[r.last]! - 1 : text.length;
    if (start === undefined) continue;
    host.replace(start, end, r.directive);
    ref.replace(start, end, r.directive);
  }
  // __constant__/__device__ variables: the host keeps the variable (its address names the symbol,
  // its initializer gives the first bytes) and registers it, on the declaration's own line. The
  // reference code reaches the runtime's storage through cu2m_sym_NAME, which its glue sets
  // (src/build/glue.ts): the declaration is renamed and NAME becomes a macro for the storage.
  const symbolPrologue: string[] = [];
  for (const g of program.deviceGlobals.values()) {
    const nameNode = declaratorShape(g.declarator).name;
    if (!nameNode) continue;
    if (!g.isExtern && g.decl.parent?.type !== 'declaration_list') {
      host.insert(g.decl.endIndex, ` static const int cu2m_symreg_${g.name} = cu2mRegisterSymbol((const void*)&${g.name}, sizeof(${g.name}), ${cString(g.name)});`);
    }
    ref.replace(nameNode.startIndex, nameNode.endIndex, `cu2m_shape_${g.name}`);
    symbolPrologue.push(`static void* cu2m_sym_${g.name} = nullptr;`, `#define ${g.name} (*reinterpret_cast<decltype(cu2m_shape_${g.name})*>(cu2m_sym_${g.name}))`);
  }
  // File-scope extern __shared__ arrays exist only on the device.
  for (const decl of program.externSharedGlobals.values()) host.replace(decl.startIndex, decl.endIndex, blank(decl.text));
  // The reference backend binds `extern __shared__ T name[];` to the block's dynamic shared memory
  // (native/cpu/cuda/cu2m_cuda_device.h); same line, so line numbers hold.
  // (Declarations only, filtered natively, and none at all without `__shared__` in the text.)
  const declarations = text.includes('__shared__') ? file.tree.rootNode.descendantsOfType('declaration') : [];
  for (const c of declarations) {
    const toks = specifierTokens(c);
    if (!toks.some((t) => t.type === 'extern') || !toks.some((t) => t.type === '__shared__')) continue;
    const name = declaratorShape(c.childForFieldName('declarator')).name?.text;
    const type = c.childForFieldName('type')?.text;
    if (!name || !type) continue;
    const quals = c.namedChildren.filter((q) => q.type === 'type_qualifier' && /^(const|volatile)$/.test(q.text)).map((q) => `${q.text} `).join('');
    const atFileScope = program.externSharedGlobals.get(name)?.id === c.id;
    ref.replace(c.startIndex, c.endIndex, `${atFileScope ? 'CU2M_EXTERN_SHARED_GLOBAL' : 'CU2M_EXTERN_SHARED'}(${name}, ${quals}${type});`);
  }

  // CUDA runtime calls the runtime does not provide: a diagnostic instead of a compiler error later.
  const defined = new Set(program.functions.map((f) => f.name));
  // The query (whose name predicate runs in JS on every call) only when the text calls one.
  const suspect = [...text.matchAll(/\bcuda[A-Z]\w*(?=\s*\()/g)].some((m) => !defined.has(m[0]) && (RUNTIME_API_BY_NAME.get(m[0]) ?? { support: 'unsupported' }).support === 'unsupported');
  for (const m of suspect ? matches('runtime-calls', file.tree.rootNode) : []) {
    const f = m.get('function');
    if (!f || defined.has(f.text) || insideIfZero(f)) continue;
    const row = RUNTIME_API_BY_NAME.get(f.text);
    if (row?.support === 'unsupported' || !row) {
      const why = row ? `: ${row.note}` : '';
      diagnostics.push(diag('C2M2003', `'${f.text}' is not supported by the cu2metal runtime yet${why}`, file.name, pos(f.startPosition), pos(f.endPosition)));
    }
  }

  // Launches: k<<<g, b, s, st>>>(args) → (cu2mPushCallConfiguration(g, b, s, st), k(args))
  for (const m of text.includes('<<<') ? matches('launches', file.tree.rootNode) : []) {
    const c = m.get('launch');
    const syntax = m.get('config');
    const fnNode = m.get('kernel');
    const args = m.get('args');
    if (!c || !syntax || insideIfZero(c)) continue;
    const config = syntax.namedChildren.filter((x) => x.type !== 'comment');
    const name = fnNode?.text ?? '';
    if (!fnNode || !args || config.length < 2 || config.length > 4) {
      diagnostics.push(diag('C2M2001', `a launch needs 2 to 4 configuration arguments, found ${config.length}`, file.name, pos(syntax.startPosition), pos(syntax.endPosition)));
      continue;
    }
    // A launch through a function-pointer variable (`kfn<<<g, b>>>(...)` with `void (*kfn)(...) = k;`):
    // the kernel's stub is a real host function, so calling through the pointer launches it.
    const pointer = fnNode.type === 'identifier' && !kernelNames.has(name) && !program.definitions.has(name);
    if ((fnNode.type !== 'identifier' || !kernelNames.has(name)) && !pointer) {
      const templ = fnNode.type === 'template_function';
      diagnostics.push(diag(templ ? 'C2M1010' : 'C2M2002', templ ? `launch of the kernel template '${name}' is not translated yet` : `'${name}' is not a kernel declared or defined in this file`, file.name, pos(fnNode.startPosition), pos(fnNode.endPosition)));
      continue;
    }
    const cfg = config.map((x) => x.text).join(', ');
    host.replace(c.startIndex, c.endIndex, `(cu2mPushCallConfiguration(${cfg}), ${name}${args.text})`);
  }
  return {
    host: `// ${commentText(file.name)} host program rewritten by cu2metal: kernels run through the cu2metal runtime.\n#include <cuda_runtime.h>\n#line 1 ${cString(file.name)}\n${host.apply(0, text.length)}`,
    cudaCpu: `// ${commentText(file.name)} device code for the cuda-cpu reference backend (host functions blanked).\n${symbolPrologue.map((l) => `${l}\n`).join('')}#line 1 ${cString(file.name)}\n${ref.apply(0, text.length)}`,
  };
}

function insideIfZero(n: SyntaxNode): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (isIfZero(p)) {
      // Inside the `#if 0` branch itself, not its #else.
      const alt = p.childForFieldName('alternative');
      return !(alt && n.startIndex >= alt.startIndex);
    }
  }
  return false;
}
