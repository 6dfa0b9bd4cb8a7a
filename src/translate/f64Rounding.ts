// CUDA's directed-rounding double intrinsics under software double (`--double=soft`, the default):
// __dadd/__dsub/__dmul/__ddiv/__drcp/__dsqrt/__fma and the conversions __double2float,
// __ll2double/__ull2double with the suffixes _rz (toward zero), _rd (down, toward -inf) and _ru (up,
// toward +inf), and the integer conversions __double2int/uint/ll/ull with _rn/_rd/_ru that the prelude
// did not have. Exact: the soft operations have every bit of the exact result before they round
// (f64Prelude.ts, round_pack's rm), so rounding in the requested direction is IEEE 754's directed
// rounding (overflow gives the largest finite value where the direction is toward zero; an exact zero
// sum is -0 rounding down). The integer conversions round with floor/ceil/rint and then convert (out
// of range saturates, NaN gives 0, as CUDA). The cuda-cpu reference computes the same with the CPU's
// own rounding modes (native/include/cu2m/dround.h); test/fixtures/double/rounding.cu checks
// both against the host's fesetround bit for bit. The intrinsics are listed in tables/double.ts.
import { ROUNDING_DIRECTIONS as DIRECTIONS } from './tables/double';

const arithmetic = (s: string, rm: string): string[] => {
  const m = `cu2m_f64::${rm}`;
  return [
    `inline f64 __dadd_${s}(f64 a, f64 b) { return f64::from_bits(cu2m_f64::add(a.bits, b.bits, ${m})); }`,
    `inline f64 __dsub_${s}(f64 a, f64 b) { return f64::from_bits(cu2m_f64::sub(a.bits, b.bits, ${m})); }`,
    `inline f64 __dmul_${s}(f64 a, f64 b) { return f64::from_bits(cu2m_f64::mul(a.bits, b.bits, ${m})); }`,
    `inline f64 __ddiv_${s}(f64 a, f64 b) { return f64::from_bits(cu2m_f64::div(a.bits, b.bits, ${m})); }`,
    `inline f64 __drcp_${s}(f64 a) { return f64::from_bits(cu2m_f64::div(0x3FF0000000000000ul, a.bits, ${m})); }`,
    `inline f64 __dsqrt_${s}(f64 a) { return f64::from_bits(cu2m_f64::sqrt(a.bits, ${m})); }`,
    `inline f64 __fma_${s}(f64 a, f64 b, f64 c) { return f64::from_bits(cu2m_f64::fma(a.bits, b.bits, c.bits, ${m})); }`,
  ];
};

/** The MSL text, emitted in the prelude after the round-to-nearest intrinsics. */
export const F64_ROUNDING = [
  '// CUDA\'s directed-rounding double intrinsics: exact, the soft operations rounded toward zero (_rz), down (_rd) or up (_ru) (src/translate/f64Rounding.ts)',
  ...DIRECTIONS.flatMap(([s, rm]) => arithmetic(s, rm)),
  '',
].join('\n');

