// CUDA built-in variables → MSL kernel-parameter attributes. Data only: the indexing pass and the
// support matrix (docs/support-matrix.md) both read this table.
//
// The translated kernel receives each built-in it uses as a parameter with the CUDA name, so the
// body keeps reading `blockIdx.x * blockDim.x + threadIdx.x` unchanged.

export interface BuiltinVariable {
  readonly cuda: string;
  readonly mslType: string;
  readonly mslAttribute: string;
  /** Field of cu2m_thread_ctx the CPU glue reads it from. */
  readonly ctxField: string;
  readonly note?: string;
}

export const BUILTIN_VARIABLES: readonly BuiltinVariable[] = [
  { cuda: 'threadIdx', mslType: 'uint3', mslAttribute: 'thread_position_in_threadgroup', ctxField: 'thread_idx' },
  { cuda: 'blockIdx', mslType: 'uint3', mslAttribute: 'threadgroup_position_in_grid', ctxField: 'block_idx' },
  { cuda: 'blockDim', mslType: 'uint3', mslAttribute: 'threads_per_threadgroup', ctxField: 'block_dim' },
  { cuda: 'gridDim', mslType: 'uint3', mslAttribute: 'threadgroups_per_grid', ctxField: 'grid_dim' },
  { cuda: 'warpSize', mslType: 'uint', mslAttribute: 'threads_per_simdgroup', ctxField: 'warp_size', note: '32 on Apple GPUs, as on NVIDIA' },
];

export const BUILTIN_BY_NAME: ReadonlyMap<string, BuiltinVariable> = new Map(BUILTIN_VARIABLES.map((b) => [b.cuda, b]));
