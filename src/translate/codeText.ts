// The code of a file without its comments and string/character literals, for the checks that decide
// from a type's name whether a file uses it (16-bit atomic overloads for half, bfloat helpers and the
// MSL 3.1 check, unsigned short atomics): `// half of the threads` or `"__nv_bfloat16"` is not a use.
// Comments and literals become spaces (line breaks kept), so offsets stay those of the source.

const cache = new Map<string, string>();

/** `text` with comments, string and character literals (raw strings included) blanked out. */
export function codeText(text: string): string {
  const done = cache.get(text);
  if (done !== undefined) return done;
  const out = blankNonCode(text);
  if (cache.size > 64) cache.clear(); // one program at a time; keep it bounded
  cache.set(text, out);
  return out;
}

/** Does the code of `text` (not its comments or literals) match `re`? */
export function codeMentions(re: RegExp, text: string): boolean {
  return re.test(codeText(text));
}

const blank = (s: string): string => s.replace(/[^\n]/g, ' ');

function blankNonCode(text: string): string {
  const parts: string[] = [];
  let copied = 0; // text before this offset is in parts
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    let end = i;
    if (c === '/' && next === '/') {
      // A line comment runs to the end of the line, continued by a backslash-newline.
      end = i + 2;
      while (end < n && text[end] !== '\n') end += text[end] === '\\' && text[end + 1] === '\n' ? 2 : 1;
    } else if (c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      end = close < 0 ? n : close + 2;
    } else if (c === 'R' && next === '"' && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
      // R"delim( ... )delim"
      const open = text.indexOf('(', i + 2);
      const delim = open < 0 ? '' : text.slice(i + 2, open);
      const close = open < 0 ? -1 : text.indexOf(`)${delim}"`, open + 1);
      end = close < 0 ? n : close + delim.length + 2;
    } else if (c === '"' || (c === "'" && !/[0-9A-Fa-f]/.test(text[i - 1] ?? ''))) {
      // A string or character literal (not a C++14 digit separator: 1'000'000).
      end = i + 1;
      while (end < n && text[end] !== c && text[end] !== '\n') end += text[end] === '\\' ? 2 : 1;
      end = Math.min(n, end + 1);
    }
    if (end > i) {
      parts.push(text.slice(copied, i), blank(text.slice(i, end)));
      copied = i = end;
      continue;
    }
    i++;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}
