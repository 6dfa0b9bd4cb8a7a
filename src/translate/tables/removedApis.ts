/**
 * CUDA APIs that CUDA 13 (CCCL 3) no longer has, which cu2metal still translates: a program using
 * one gets warning C2M1020 at each use (file:line:col) naming the replacement (src/host/libraries.ts
 * removedApiDiagnostics). The translation itself is unchanged; the warning says that the program
 * would not build with nvcc 13. docs/support-matrix.md ("Removed in CUDA 13") is generated from here.
 */
export interface RemovedApi {
  /** As written in the program: a function (`__any`) or a CUB name (`cub::Max`). */
  readonly name: string;
  /** The CUDA release that no longer has it. */
  readonly removedIn: string;
  /** What to write instead. */
  readonly replacement: string;
  /** Why, when the release notes say more than "removed". */
  readonly note?: string;
}

const PRE_SYNC = 'deprecated since CUDA 9.0; sm_70 and later have only the _sync form, and CUDA 13 builds for sm_75 and later';
const CCCL3 = 'removed from CUB in CCCL 3.0 (CUDA 13.0)';

export const REMOVED_APIS: readonly RemovedApi[] = [
  { name: '__any', removedIn: '13.0', replacement: '__any_sync(0xffffffff, p)', note: PRE_SYNC },
  { name: '__all', removedIn: '13.0', replacement: '__all_sync(0xffffffff, p)', note: PRE_SYNC },
  { name: '__ballot', removedIn: '13.0', replacement: '__ballot_sync(0xffffffff, p)', note: PRE_SYNC },
  { name: '__shfl', removedIn: '13.0', replacement: '__shfl_sync(0xffffffff, v, lane)', note: PRE_SYNC },
  { name: '__shfl_up', removedIn: '13.0', replacement: '__shfl_up_sync(0xffffffff, v, delta)', note: PRE_SYNC },
  { name: '__shfl_down', removedIn: '13.0', replacement: '__shfl_down_sync(0xffffffff, v, delta)', note: PRE_SYNC },
  { name: '__shfl_xor', removedIn: '13.0', replacement: '__shfl_xor_sync(0xffffffff, v, mask)', note: PRE_SYNC },
  { name: '__frsqrt_rz', removedIn: '13.0', replacement: '__frsqrt_rn(x) (round to nearest), or rsqrtf(x)', note: 'CUDA 13 declares only __frsqrt_rn' },
  { name: '__frsqrt_rd', removedIn: '13.0', replacement: '__frsqrt_rn(x) (round to nearest), or rsqrtf(x)', note: 'CUDA 13 declares only __frsqrt_rn' },
  { name: '__frsqrt_ru', removedIn: '13.0', replacement: '__frsqrt_rn(x) (round to nearest), or rsqrtf(x)', note: 'CUDA 13 declares only __frsqrt_rn' },
  { name: 'cub::Sum', removedIn: '13.0', replacement: 'cuda::std::plus<>{} (<cuda/std/functional>), or a functor of the program', note: CCCL3 },
  { name: 'cub::Max', removedIn: '13.0', replacement: 'cuda::maximum<>{} (<cuda/functional>), or a functor of the program', note: CCCL3 },
  { name: 'cub::Min', removedIn: '13.0', replacement: 'cuda::minimum<>{} (<cuda/functional>), or a functor of the program', note: CCCL3 },
  { name: 'cub::TransformInputIterator', removedIn: '13.0', replacement: 'thrust::transform_iterator<Op, It> (<thrust/iterator/transform_iterator.h>)', note: CCCL3 },
  { name: 'cub::CountingInputIterator', removedIn: '13.0', replacement: 'thrust::counting_iterator<T> (<thrust/iterator/counting_iterator.h>)', note: CCCL3 },
  { name: 'cub::ConstantInputIterator', removedIn: '13.0', replacement: 'thrust::constant_iterator<T> (<thrust/iterator/constant_iterator.h>)', note: CCCL3 },
];
