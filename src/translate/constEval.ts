// Integer constant expressions of array sizes (`__shared__ float tile[TILE][TILE + 1]`), so that
// a kernel's static threadgroup memory is known before it runs: Metal allows 32 KB per
// threadgroup, and the runtime checks static + dynamic memory against that limit at launch.
//
// Hand-written (a dozen lines of precedence climbing) rather than a library: the inputs are
// C integer expressions over literals and object-like macros, which no JS expression library
// parses with C's rules for suffixes and integer division.

const TOKEN = /\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(<<|>>|[-+*/%()]))/y;
const PRECEDENCE: Record<string, number> = { '<<': 1, '>>': 1, '+': 2, '-': 2, '*': 3, '/': 3, '%': 3 };

/**
 * Value of `text`, with identifiers looked up in `names` (macro or constant → its text);
 * undefined when it is not a constant integer expression.
 */
export function evalIntExpression(text: string, names: ReadonlyMap<string, string>, depth = 0): number | undefined {
  if (depth > 16) return undefined;
  const tokens: (number | string)[] = [];
  TOKEN.lastIndex = 0;
  for (let at = 0; at < text.length; ) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) return text.slice(at).trim() === '' ? finish() : undefined;
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) tokens.push(Number(m[1]));
    else if (m[2] !== undefined) {
      const def = names.get(m[2]);
      const v = def === undefined ? undefined : evalIntExpression(def, names, depth + 1);
      if (v === undefined) return undefined;
      tokens.push(v);
    } else tokens.push(m[3]!);
  }
  return finish();

  function finish(): number | undefined {
    let i = 0;
    const primary = (): number | undefined => {
      const t = tokens[i++];
      if (typeof t === 'number') return t;
      if (t === '(') {
        const v = binary(0);
        return tokens[i++] === ')' ? v : undefined;
      }
      if (t === '-') {
        const v = primary();
        return v === undefined ? undefined : -v;
      }
      if (t === '+') return primary();
      return undefined;
    };
    const binary = (min: number): number | undefined => {
      let left = primary();
      for (;;) {
        const op = tokens[i];
        const prec = typeof op === 'string' ? PRECEDENCE[op] : undefined;
        if (left === undefined || prec === undefined || prec < min) return left;
        i++;
        const right = binary(prec + 1);
        if (right === undefined) return undefined;
        left = apply(op as string, left, right);
      }
    };
    const v = binary(0);
    return i === tokens.length && v !== undefined && Number.isFinite(v) ? v : undefined;
  }
}

function apply(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? NaN : Math.trunc(a / b);
    case '%': return b === 0 ? NaN : a % b;
    case '<<': return a * 2 ** b;
    case '>>': return Math.floor(a / 2 ** b);
    default: return undefined;
  }
}
