// 16-bit atomics (tables/atomics16.ts): after a call to an atomic function was translated, its
// 16-bit overloads are added beside the 32-bit ones — for half only in files that use half, for
// bfloat only in files that use bfloat16 (bfloat needs MSL 3.1: the version check comes with it),
// for unsigned short only in files that name a 16-bit unsigned type — so other programs' MSL is
// unchanged.
import { codeMentions } from './codeText';
import { noteRenamedType } from './fp16';
import { ATOMIC16_BY_NAME, HALF_TYPES, USHORT_TYPES, atomic16Definition } from './tables/atomics16';
import { BF16_TYPES } from './tables/fp16';

/** `msl` is the helper name of an atomic call (atomicAdd for atomicAdd_block too). */
export function addAtomics16(polyfills: Map<string, string>, msl: string, fileText: string): void {
  const row = ATOMIC16_BY_NAME.get(msl);
  if (!row) return;
  for (const t of row.types) {
    const uses = t === 'half' ? HALF_TYPES : t === 'bfloat' ? BF16_TYPES : USHORT_TYPES;
    if (!codeMentions(uses, fileText)) continue;
    if (t === 'bfloat') noteRenamedType(polyfills, 'bfloat');
    polyfills.set(`${msl}:${t}`, atomic16Definition(row, t));
  }
}
