// Inline PTX statements that cu2metal translates: one instruction whose meaning is a function of
// its operands, written as an assignment to its one output (`d = cu2m_lop3(a, b, c, 0x96)`) on both
// CPU backends and in the MSL (src/translate/ptx.ts). Any other `asm` in device code is refused
// (C2M1001, tables/constructs.ts). Data only: docs/support-matrix.md's construct row lists them.

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

export const PTX_INSTRUCTIONS: readonly PtxRow[] = [
  { ptx: 'lop3.b32 d, a, b, c, immLut', pattern: new RegExp(`^lop3\\.b32 %0, %1, %2, %3, ${IMM}$`), inputs: 3, cuda: 'cu2m_lop3', msl: 'cu2m_lop3', definition: LOP3_DEFINITION, note: 'any 3-input logic function by its truth table' },
  { ptx: 'shf.l.wrap.b32 d, a, b, c', pattern: /^shf\.l\.wrap\.b32 %0, %1, %2, %3$/, inputs: 3, cuda: '__funnelshift_l', msl: 'cu2m_funnelshift_l', note: '`__funnelshift_l`' },
  { ptx: 'shf.r.wrap.b32 d, a, b, c', pattern: /^shf\.r\.wrap\.b32 %0, %1, %2, %3$/, inputs: 3, cuda: '__funnelshift_r', msl: 'cu2m_funnelshift_r', note: '`__funnelshift_r`' },
  { ptx: 'shf.l.clamp.b32 d, a, b, c', pattern: /^shf\.l\.clamp\.b32 %0, %1, %2, %3$/, inputs: 3, cuda: '__funnelshift_lc', msl: 'cu2m_funnelshift_lc', note: '`__funnelshift_lc`' },
  { ptx: 'shf.r.clamp.b32 d, a, b, c', pattern: /^shf\.r\.clamp\.b32 %0, %1, %2, %3$/, inputs: 3, cuda: '__funnelshift_rc', msl: 'cu2m_funnelshift_rc', note: '`__funnelshift_rc`' },
];
