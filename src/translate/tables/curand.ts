// cuRAND → cu2metal's own implementation: the device API (native/include/curand_kernel.h, a CUDA
// header of ours that the translator reads like a program header, so kernels get its MSL and the
// CPU backends compile it as CUDA) and the host API (native/include/curand.h,
// native/runtime/curand.cpp, generating on the host CPU). Data only: the library pass diagnoses calls
// of `curand*` functions missing here (C2M2004, naming the function), and docs/support-matrix.md is
// generated from it. docs/DESIGN.md ("cuRAND") says which values are NVIDIA's bit for bit.
import type { RuntimeApiRow } from './runtimeApi';

const s = (name: string, note?: string): RuntimeApiRow => ({ name, support: 'supported', note });
const p = (name: string, note: string): RuntimeApiRow => ({ name, support: 'partial', note });

const STATES = 'curandState/curandStateXORWOW_t, curandStatePhilox4_32_10_t, curandStateMRG32k3a_t';

/** The device API (curand_kernel.h): one row per function, overloaded for the three generators. */
export const CURAND_DEVICE_API: readonly RuntimeApiRow[] = [
  s('curand_init', `${STATES}: seeding, subsequence and offset as cuRAND (XORWOW subsequences 2^67 apart, MRG32k3a 2^76, Philox 2^64 counters); skip-ahead by precomputed jump tables (scripts/curand-tables.js); the state is a plain struct of cuRAND's size, the same layout on the host and in the MSL`),
  s('curand', 'the generators\' 32-bit values (MRG32k3a: its value scaled to 32 bits)'),
  s('curand4', 'Philox4_32_10'),
  s('curand_uniform', '(0, 1]: x·2^-32 + 2^-33 (MRG32k3a: its value / (m1 + 1))'),
  s('curand_uniform_double', 'two 32-bit values give 53 bits (MRG32k3a: its value / (m1 + 1))'),
  s('curand_uniform4', 'Philox4_32_10'),
  s('curand_uniform2_double', 'Philox4_32_10'),
  p('curand_normal', 'Box-Muller, the second value of a pair kept in the state for the next call, as cuRAND; the values may differ from NVIDIA\'s in the last bits (logf/sinf/cosf of the backend)'),
  p('curand_normal2', 'Box-Muller pair (last bits as curand_normal)'),
  p('curand_normal4', 'Philox4_32_10 (last bits as curand_normal)'),
  p('curand_normal_double', 'Box-Muller on 53-bit uniforms (last bits as curand_normal)'),
  p('curand_normal2_double', 'Box-Muller pair on 53-bit uniforms'),
  p('curand_log_normal', 'exp of curand_normal'),
  p('curand_log_normal_double', 'exp of curand_normal_double'),
  p('curand_poisson', 'the right distribution, not cuRAND\'s values: products of uniforms below λ = 64, a rounded normal approximation above'),
  s('skipahead', 'n values ahead'),
  s('skipahead_sequence', 'n subsequences (XORWOW, Philox) or n sequences of 2^127 (MRG32k3a) ahead'),
  s('skipahead_subsequence', 'MRG32k3a: n subsequences of 2^76'),
];

/** The host API (curand.h). */
export const CURAND_API: readonly RuntimeApiRow[] = [
  s('curandCreateGenerator', 'CURAND_RNG_PSEUDO_DEFAULT/XORWOW, PHILOX4_32_10, MRG32K3A; the others (MTGP32, MT19937, quasi-random) return CURAND_STATUS_TYPE_ERROR'),
  s('curandCreateGeneratorHost', 'the same generators, results in host memory'),
  s('curandDestroyGenerator'),
  s('curandGetVersion', 'reports 10000'),
  s('curandSetStream', 'each later generation waits for the work queued on that stream, then runs'),
  s('curandSetPseudoRandomGeneratorSeed'),
  s('curandSetGeneratorOffset'),
  p('curandSetGeneratorOrdering', 'every pseudo-random ordering gives the same order: one stream per generator (Philox: cuRAND\'s values; XORWOW and MRG32k3a: another order than cuRAND\'s, see docs/DESIGN.md)'),
  s('curandGenerateSeeds'),
  p('curandGenerate', 'runs on the host CPU over the (host-visible) device memory; order as curandSetGeneratorOrdering'),
  p('curandGenerateUniform', 'as curandGenerate'),
  p('curandGenerateUniformDouble', 'as curandGenerate'),
  p('curandGenerateNormal', 'Box-Muller pairs; n must be even (CURAND_STATUS_LENGTH_NOT_MULTIPLE)'),
  p('curandGenerateNormalDouble', 'as curandGenerateNormal'),
  p('curandGenerateLogNormal', 'as curandGenerateNormal'),
  p('curandGenerateLogNormalDouble', 'as curandGenerateNormal'),
  p('curandGeneratePoisson', 'as curand_poisson'),
];

export const CURAND_API_BY_NAME: ReadonlyMap<string, RuntimeApiRow> = new Map([...CURAND_DEVICE_API, ...CURAND_API].map((r) => [r.name, r]));
