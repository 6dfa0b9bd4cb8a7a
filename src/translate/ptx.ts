// Inline PTX that is one instruction of tables/ptx.ts: `asm("lop3.b32 %0, %1, %2, %3, 0x96;" :
// "=r"(d) : "r"(a), "r"(b), "r"(c))` is the assignment `d = cu2m_lop3(a, b, c, 0x96)`, in the MSL
// (function.ts, the operands translated in place) and in the cuda-cpu reference (src/host/host.ts,
// the operands as written). Anything else stays refused.
import type { SyntaxNode } from '../parse/parse';
import { FUNCTION_BY_NAME } from './tables/functions';
import { PTX_INSTRUCTIONS, type PtxRow } from './tables/ptx';
import { LANE_ID } from './tables/warps';

/** The lane of the calling thread in the cuda-cpu reference (the MSL calls LANE_ID.call). */
const CUDA_LANE = '((threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) & 31u)';

export interface PtxStatement {
  readonly row: PtxRow;
  /** The output operand's expression (an lvalue). */
  readonly output: SyntaxNode;
  /** The inputs' expressions, %1, %2, ... */
  readonly inputs: readonly SyntaxNode[];
  /** Immediates of the instruction, appended to the call's arguments. */
  readonly immediates: readonly string[];
}

/** The text of a string literal or a concatenation of them, without escapes other than \n \t; null if other. */
function literalText(n: SyntaxNode | null): string | null {
  if (!n) return null;
  const parts = n.type === 'concatenated_string' ? n.namedChildren : [n];
  let out = '';
  for (const p of parts) {
    if (p.type !== 'string_literal' || !/^"/.test(p.text)) return null;
    const body = p.text.slice(1, -1);
    if (/\\[^nt]/.test(body)) return null;
    out += body.replace(/\\[nt]/g, ' ');
  }
  return out;
}

function operands(list: SyntaxNode | null, constraint: string): SyntaxNode[] | null {
  const out: SyntaxNode[] = [];
  for (const op of list?.namedChildren ?? []) {
    if (op.type === 'comment') continue;
    if (op.childForFieldName('symbol') || literalText(op.childForFieldName('constraint')) !== constraint) return null;
    const v = op.childForFieldName('value');
    if (!v) return null;
    out.push(v);
  }
  return out;
}

/** The table's instruction a `gnu_asm_expression` is, with its operands; null when it is none. */
export function ptxStatement(n: SyntaxNode): PtxStatement | null {
  if (n.type !== 'gnu_asm_expression') return null;
  // Only as a statement of its own: the assignment has no value to give an enclosing expression.
  if (n.parent?.type !== 'expression_statement') return null;
  if (n.childForFieldName('clobbers') || n.childForFieldName('goto_labels')) return null;
  const code = literalText(n.childForFieldName('assembly_code'));
  if (code === null) return null;
  const instruction = code.replace(/\s+/g, ' ').trim().replace(/\s*;$/, '').replace(/\s*,\s*/g, ', ');
  if (instruction.includes(';')) return null;
  const outs = operands(n.childForFieldName('output_operands'), '=r');
  const ins = operands(n.childForFieldName('input_operands'), 'r');
  if (!outs || !ins || outs.length !== 1) return null;
  for (const row of PTX_INSTRUCTIONS) {
    const m = row.pattern.exec(instruction);
    if (m && ins.length === row.inputs) return { row, output: outs[0]!, inputs: ins, immediates: m.slice(1) };
  }
  return null;
}

/** The MSL definitions the statement's function needs (the table's, or its CUDA function's polyfill; the lane's), by key. */
export function ptxDefinitions(row: PtxRow): [string, string][] {
  const out: [string, string][] = [];
  if (row.lane) out.push([LANE_ID.name, LANE_ID.definition]);
  const f = FUNCTION_BY_NAME.get(row.cuda)?.map;
  const own = row.definition ?? (f?.kind === 'polyfill' ? f.definition : undefined);
  if (own) out.push([row.msl, own]);
  return out;
}

/**
 * The MSL call around the inputs (translated in place): `open` before them, then the arguments
 * after them (`tail`: the caller's lane, the immediates), then `close`. `%laneid` is the lane alone.
 */
export function ptxMslCall(row: PtxRow, immediates: readonly string[]): { open: string; tail: string[]; close: string } {
  const tail = [...(row.lane ? [LANE_ID.call] : []), ...immediates];
  return row.msl ? { open: `${row.msl}(`, tail, close: ')' } : { open: '', tail, close: '' };
}

/** The statement as CUDA, for the cuda-cpu reference: `d = cu2m_lop3(a, b, c, 0x96)`. */
export function ptxAsCuda(s: PtxStatement): string {
  const args = [...s.inputs.map((x) => x.text), ...(s.row.lane ? [CUDA_LANE] : []), ...s.immediates];
  return `${s.output.text} = ${s.row.cuda ? `${s.row.cuda}(${args.join(', ')})` : args.join(', ')}`;
}
