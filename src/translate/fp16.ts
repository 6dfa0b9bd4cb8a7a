// cuda_fp16.h / cuda_bf16.h in device code (tables/fp16.ts has the mappings):
//   * `__hadd` is both CUDA's integer halving add and the half addition: the integer form when
//     both arguments are evidently integers, the half helper otherwise;
//   * a helper whose name cuda_bf16.h shares (`__hmul`, `hsqrt`, ...) gets its `bfloat` overload
//     only in files that use bfloat16, so half programs never see an ambiguous float argument;
//   * a file that uses bfloat16 gets a check that the MSL version has `bfloat` (3.1).
import { BF16_ONLY, BF16_OVERLOADS, BF16_TYPES, BF16_VERSION_CHECK, FP16_ROWS } from './tables/fp16';
import type { FunctionRow } from './tables/functions';
import { codeMentions } from './codeText';
import { FP8_BF16_REQUIRES, FP8_REQUIRES } from './tables/fp8';

const FP16_BY_NAME: ReadonlyMap<string, FunctionRow> = new Map(FP16_ROWS.map((r) => [r.cuda, r]));

/** The half row for a name CUDA also defines for integers, when the arguments are not all integers. */
export function halfOverload(name: string, argsAreIntegers: boolean): FunctionRow | undefined {
  return name === '__hadd' && !argsAreIntegers ? FP16_BY_NAME.get(name) : undefined;
}

export const BF16_CHECK_KEY = 'cu2m_bfloat_version'; // its row in tables/mslVersions.ts

/** After a half/bfloat helper `name` was added: its bfloat overload and the version check, as needed. */
export function addBf16Helpers(polyfills: Map<string, string>, name: string, fileText: string): void {
  if (BF16_ONLY.has(name)) {
    polyfills.set(BF16_CHECK_KEY, BF16_VERSION_CHECK); // put first by orderBf16Check
    return;
  }
  const bf = BF16_OVERLOADS.get(name);
  if (bf === undefined || !codeMentions(BF16_TYPES, fileText)) return;
  polyfills.set(BF16_CHECK_KEY, BF16_VERSION_CHECK);
  polyfills.set(`${name}:bfloat`, bf);
}

/** A device type was renamed to `mslType`: bfloat needs the version check. */
export function noteRenamedType(polyfills: Map<string, string>, mslType: string): void {
  if (/^bfloat[234]?$/.test(mslType) && !polyfills.has(BF16_CHECK_KEY)) polyfills.set(BF16_CHECK_KEY, BF16_VERSION_CHECK);
}

/**
 * The assembled MSL: a file whose device code (or kernel template instances, added at build time)
 * may use bfloat gets the version check, first among the helpers.
 */
export function orderBf16Check(polyfills: Map<string, string>, fileText: string, deviceText: string, hasKernelTemplates: boolean): void {
  if (!codeMentions(BF16_TYPES, fileText) || !(polyfills.has(BF16_CHECK_KEY) || /\bbfloat[234]?\b/.test(deviceText) || hasKernelTemplates)) return;
  const rest = [...polyfills].filter(([k]) => k !== BF16_CHECK_KEY);
  polyfills.clear();
  polyfills.set(BF16_CHECK_KEY, BF16_VERSION_CHECK);
  for (const [k, v] of rest) polyfills.set(k, v);
}

/**
 * Device code uses fp8 (tables/fp8.ts): the prelude, after the half raw structs its functions take;
 * in a file that uses bfloat16, the bfloat16 raw structs (and the MSL 3.1 check) too.
 */
export function addFp8Prelude(polyfills: Map<string, string>, fileText: string): void {
  if (codeMentions(BF16_TYPES, fileText)) {
    polyfills.set(BF16_CHECK_KEY, BF16_VERSION_CHECK);
    for (const [k, v] of FP8_BF16_REQUIRES) polyfills.set(k, v);
  }
  for (const [k, v] of FP8_REQUIRES) polyfills.set(k, v);
}
