// Inline PTX statements that cu2metal translates: one instruction whose meaning is a function of
// its operands (and, for the lane registers, of the calling thread's lane), written as an
// assignment to its one output (`d = cu2m_lop3(a, b, c, 0x96)`) on both CPU backends and in the MSL
// (src/translate/ptx.ts). Any other `asm` in device code is refused (C2M1001,
// tables/constructs.ts). Data only: docs/support-matrix.md's construct row lists them.
//
// Semantics follow the PTX ISA: `%laneid` is the thread's lane in its warp (its linear index in the
// block mod 32, as warps are filled); `%lanemask_lt/le/eq/ge/gt` are the 32-bit masks of the lanes
// below, up to, equal to, from and above it. The video SIMD instructions with the secondary `.add`
// (`vabsdiff4.u32.u32.u32.add d, a, b, c`, default byte selectors) compute |a_i - b_i| of each byte
// (or halfword, `vabsdiff2`), zero- or sign-extended by the operand type, and add all of them to c.

export interface PtxRow {
  /** The instruction as PTX writes it, for the docs. */
  readonly ptx: string;
  /**
   * The whole assembly string, whitespace collapsed and the final `;` dropped, with `%0`... for the
   * operands: the output is %0, the inputs %1, %2, ... in order. Capture groups are immediates,
   * appended to the call's arguments after the inputs.
   */
  readonly pattern: RegExp;
  /** Number of inputs (constraint "r" each; the output's is "=r"). */
  readonly inputs: number;
  /**
   * A special register of the calling thread: its lane is the function's one argument (the MSL's
   * cu2m_lane_id of the block built-ins, tables/warps.ts; the reference's threadIdx and blockDim).
   * With `cuda` and `msl` empty the lane itself is the value (`%laneid`).
   */
  readonly lane?: true;
  /** The CUDA function (ours where CUDA has none) the cuda-cpu reference calls. */
  readonly cuda: string;
  /** Its MSL name; `definition` is its MSL, emitted once when a statement uses it. */
  readonly msl: string;
  readonly definition?: string;
  readonly note: string;
}

const LOP3_DEFINITION = [
  '// PTX lop3.b32: bit i of the result is bit (4a + 2b + c) of lut, a, b, c being bit i of the operands',
  'inline uint cu2m_lop3(uint a, uint b, uint c, uint lut) {',
  '  uint r = 0;',
  '  for (uint m = 0; m < 8; ++m) {',
  '    if (((lut >> m) & 1u) == 0) continue;',
  '    r |= ((m & 4u) ? a : ~a) & ((m & 2u) ? b : ~b) & ((m & 1u) ? c : ~c);',
  '  }',
  '  return r;',
  '}',
].join('\n');

const IMM = '(0[xX][0-9a-fA-F]+|[0-9]+)';

/** `%lanemask_*`: the lanes of the warp in relation to the caller's, as a mask. */
const laneMask = (rel: 'lt' | 'le' | 'eq' | 'ge' | 'gt', expr: string, what: string): PtxRow => ({
  ptx: `mov.u32 d, %lanemask_${rel}`,
  pattern: new RegExp(`^mov\\.[ub]32 %0, %%lanemask_${rel}$`),
  inputs: 0,
  lane: true,
  cuda: `cu2m_lanemask_${rel}`,
  msl: `cu2m_lanemask_${rel}`,
  definition: `// PTX %lanemask_${rel}: ${what}\ninline uint cu2m_lanemask_${rel}(uint lane) { return ${expr}; }`,
  note: `the mask of ${what}`,
});

/**
 * `vabsdiff4/vabsdiff2.T.T.T.add d, a, b, c`: c plus the absolute differences of the byte (or
 * halfword) lanes of a and b, extended as T (u32: zero, s32: sign).
 */
const absDiffAdd = (lanes: 2 | 4, signed: boolean): PtxRow => {
  const t = signed ? 's32' : 'u32';
  const name = `cu2m_vabsdiff${lanes}_add_${signed ? 's' : 'u'}`;
  const w = 32 / lanes;
  const lane = (v: string): string => (signed ? `(int(${v} << (${32 - w}u - i)) >> ${32 - w})` : `int((${v} >> i) & ${lanes === 4 ? '0xffu' : '0xffffu'})`);
  return {
    ptx: `vabsdiff${lanes}.${t}.${t}.${t}.add d, a, b, c`,
    pattern: new RegExp(`^vabsdiff${lanes}\\.${t}\\.${t}\\.${t}\\.add %0, %1, %2, %3$`),
    inputs: 3,
    cuda: name,
    msl: name,
    definition: [
      `// PTX vabsdiff${lanes}.${t}.${t}.${t}.add: c plus the sum of |a_i - b_i| over the ${lanes} ${signed ? 'signed' : 'unsigned'} ${lanes === 4 ? 'bytes' : 'halfwords'}`,
      `inline uint ${name}(uint a, uint b, uint c) {`,
      `  for (uint i = 0; i < 32u; i += ${w}u) c += uint(abs(${lane('a')} - ${lane('b')}));`,
      '  return c;',
      '}',
    ].join('\n'),
    note: `c + \`__vsad${signed ? 's' : 'u'}${lanes}(a, b)\``,
  };
};

export const PTX_INSTRUCTIONS: readonly PtxRow[] = [
  { ptx: 'lop3.b32 d, a, b, c, immLut', pattern: new RegExp(`^lop3\\.b32 %0, %1, %2, %3, ${IMM}$`), inputs: 3, cuda: 'cu2m_lop3', msl: 'cu2m_lop3', definition: LOP3_DEFINITION, note: 'any 3-input logic function by its truth table' },
  { ptx: 'shf.l.wrap.b32 d, a, b, c', pattern: /^shf\.l\.wrap\.b32 %0, %1, %2, %3$/, inputs: 3, cuda: '__funnelshift_l', msl: 'cu2m_funnelshift_l', note: '`__funnelshift_l`' },
  { ptx: 'shf.r.wrap.b32 d, a, b, c', pattern: /^shf\.r\.wrap\.b32 %0, %1, %2, %3$/, inputs: 3, cuda: '__funnelshift_r', msl: 'cu2m_funnelshift_r', note: '`__funnelshift_r`' },
  { ptx: 'shf.l.clamp.b32 d, a, b, c', pattern: /^shf\.l\.clamp\.b32 %0, %1, %2, %3$/, inputs: 3, cuda: '__funnelshift_lc', msl: 'cu2m_funnelshift_lc', note: '`__funnelshift_lc`' },
  { ptx: 'shf.r.clamp.b32 d, a, b, c', pattern: /^shf\.r\.clamp\.b32 %0, %1, %2, %3$/, inputs: 3, cuda: '__funnelshift_rc', msl: 'cu2m_funnelshift_rc', note: '`__funnelshift_rc`' },
  { ptx: 'mov.u32 d, %laneid', pattern: /^mov\.[ub]32 %0, %%laneid$/, inputs: 0, lane: true, cuda: '', msl: '', note: 'the lane of the calling thread: its linear index in the block mod 32' },
  laneMask('lt', '(1u << lane) - 1u', 'the lanes below the caller'),
  laneMask('le', '(2u << lane) - 1u', 'the lanes up to the caller'),
  laneMask('eq', '1u << lane', 'the caller\'s lane'),
  laneMask('ge', '0xffffffffu << lane', 'the lanes from the caller up'),
  laneMask('gt', '0xfffffffeu << lane', 'the lanes above the caller'),
  absDiffAdd(4, false),
  absDiffAdd(4, true),
  absDiffAdd(2, false),
  absDiffAdd(2, true),
];
