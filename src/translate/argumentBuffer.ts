// Kernels with more buffers than Metal binds (31 [[buffer(i)]] slots): their parameters go in an
// argument buffer. The MSL declares a struct of them, in the order the CUDA kernel lists them
// (`device float* a;` for a pointer, `float dt;` for a value), takes it as its first buffer
// (`constant cu2m_k_args& cu2m_args [[buffer(0)]]`) and binds each parameter to a local of its own
// name at the top of the body, so the body reads as the CUDA one does. What is not a parameter
// (__constant__/__device__ variables, the printf buffer, the 64-bit atomics' locks) keeps its own
// buffer, numbered from 1.
//
// Why every parameter and not only those past the 31st: the rule is one sentence for the reader
// and the runtime alike (a kernel either binds its parameters one per slot or all in the struct),
// and the programs that reach the limit mostly do it with values (HeCBench cobahh: 8 pointers and
// 36 values), so moving only pointers would not be enough.
//
// The runtime fills the struct: on Metal from the host's bytes of each value at its offset (the
// host stub takes the offsets from a C++ struct of the same fields, src/host/host.ts: a value's
// layout is CUDA's on both sides, as for setBytes) and each pointer as its buffer's gpuAddress, with
// `useResource` so that the buffer is resident (Tier 2 argument buffers, macOS 13); on msl-cpu the
// glue copies each argument into the MSL struct field by field (src/build/glue.ts).
import type { TemplateParam } from './program';

/** Metal's [[buffer(i)]] slots per kernel. */
export const METAL_BUFFER_SLOTS = 31;

/** The name of the struct parameter in the MSL. */
export const ARGS_PARAM = 'cu2m_args';

/** The struct's type name for a kernel (`cu2m_cobahh_args`). */
export const argumentBufferType = (kernel: string): string => `cu2m_${kernel.replace(/\W+/g, '_')}_args`;

/** The struct type as the kernel's parameter names it: a kernel template's struct is a template of the same parameters. */
export function argumentBufferTypeUse(type: string, templateParams: readonly TemplateParam[] | undefined): string {
  return templateParams && templateParams.length > 0 ? `${type}<${templateParams.map((t) => t.name).join(', ')}>` : type;
}

/** `struct cu2m_k_args { ... };`, one field a line, each with the CUDA parameter it holds. */
export function argumentBufferStruct(type: string, kernel: string, buffers: number, fields: readonly { decl: string; cuda: string }[]): string {
  const lines = [`// kernel ${kernel}: ${buffers} buffers, more than Metal's ${METAL_BUFFER_SLOTS}: its ${fields.length} parameters in one argument buffer`, `struct ${type} {`];
  for (const f of fields) lines.push(`  ${f.decl}; // ${f.cuda}`);
  lines.push('};');
  return lines.join('\n');
}
