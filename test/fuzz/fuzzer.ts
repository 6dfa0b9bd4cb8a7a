// A seeded mutation fuzzer over our samples and golden cases (issue 7 item 8). Each case mutates one
// corpus file (line/token deletions and duplications, bracket flips, random bytes, identifier
// swaps, CUDA keywords dropped in) and translates it in a worker thread, which is stopped when a
// case runs past the time limit (a hang). A crash is any exception (diagnostics are not
// exceptions); MSL produced for a mutated input must be well-formed (balanced brackets outside
// comments, strings and preprocessor lines; the metal_stdlib prelude).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** mulberry32: a small seeded generator, so a case is reproducible from (seed, index). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function corpus(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const samples = path.join(ROOT, 'samples');
  for (const d of fs.readdirSync(samples).sort()) {
    const f = path.join(samples, d, `${d}.cu`);
    if (fs.existsSync(f)) out.push({ name: `samples/${d}/${d}.cu`, text: fs.readFileSync(f, 'utf8') });
  }
  const cases = path.join(ROOT, 'test', 'golden', 'cases');
  for (const f of fs.readdirSync(cases).sort()) if (f.endsWith('.cu')) out.push({ name: `test/golden/cases/${f}`, text: fs.readFileSync(path.join(cases, f), 'utf8') });
  return out;
}

const KEYWORDS = ['__global__', '__device__', '__shared__', '__constant__', '__syncthreads();', '<<<', '>>>', '#define X (', '#if 1', '#endif', 'template <typename T>', 'extern __shared__ float s[];', 'double', '(', ')', '{', '}', ';', '"', "'", '/*', '*/', '\\', 'threadIdx.x', 'atomicAdd(', 'return', 'struct S {', '#include "x.h"', '0x', '1e', '...'];
const FLIP: Record<string, string> = { '(': ')', ')': '(', '{': '}', '}': '{', '[': ']', ']': '[', '<': '>', '>': '<' };

/** One to three mutations of `text`, chosen by `rand`. */
export function mutate(text: string, rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  let t = text;
  const n = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < n; k++) {
    const lines = t.split('\n');
    const li = Math.floor(rand() * lines.length);
    const tokens = [...t.matchAll(/[A-Za-z_]\w*|\d+(?:\.\d*)?f?|<<<|>>>|[^\s\w]/g)];
    const tok = tokens.length > 0 ? pick(tokens) : null;
    switch (Math.floor(rand() * 9)) {
      case 0: // delete a line
        lines.splice(li, 1);
        t = lines.join('\n');
        break;
      case 1: // duplicate a line
        lines.splice(li, 0, lines[li] ?? '');
        t = lines.join('\n');
        break;
      case 2: // delete a token
        if (tok?.index !== undefined) t = t.slice(0, tok.index) + t.slice(tok.index + tok[0].length);
        break;
      case 3: // duplicate a token
        if (tok?.index !== undefined) t = t.slice(0, tok.index) + tok[0] + ' ' + t.slice(tok.index);
        break;
      case 4: {
        // flip a bracket
        const brackets = [...t.matchAll(/[(){}[\]<>]/g)];
        if (brackets.length > 0) {
          const b = pick(brackets);
          t = t.slice(0, b.index) + (FLIP[b[0]] ?? b[0]) + t.slice((b.index ?? 0) + 1);
        }
        break;
      }
      case 5: {
        // a random byte (any of 0..255 as a character)
        const at = Math.floor(rand() * (t.length + 1));
        t = t.slice(0, at) + String.fromCharCode(Math.floor(rand() * 256)) + t.slice(at);
        break;
      }
      case 6: {
        // swap two identifiers everywhere
        const ids = [...new Set(t.match(/[A-Za-z_]\w*/g) ?? [])];
        if (ids.length >= 2) {
          const a = pick(ids);
          const b = pick(ids);
          t = t.replace(/[A-Za-z_]\w*/g, (m) => (m === a ? b : m === b ? a : m));
        }
        break;
      }
      case 7: {
        // a CUDA keyword or stray punctuation
        const at = tok?.index ?? 0;
        t = `${t.slice(0, at)}${pick(KEYWORDS)} ${t.slice(at)}`;
        break;
      }
      default: {
        // delete a range of up to 80 characters
        const at = Math.floor(rand() * t.length);
        t = t.slice(0, at) + t.slice(at + Math.floor(rand() * 80));
      }
    }
  }
  return t;
}

/** Why `msl` is not well-formed, or null. */
export function mslProblem(msl: string): string | null {
  if (!msl.includes('#include <metal_stdlib>')) return 'no #include <metal_stdlib>';
  const stack: string[] = [];
  const close: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let lineNo = 1;
  let i = 0;
  let lineStart = true;
  let inDirective = false;
  while (i < msl.length) {
    const c = msl[i] as string;
    if (c === '\n') {
      lineNo++;
      if (!(inDirective && msl[i - 1] === '\\')) inDirective = false;
      lineStart = true;
      i++;
      continue;
    }
    if (lineStart && c === '#') inDirective = true;
    if (c !== ' ' && c !== '\t') lineStart = false;
    if (c === '/' && msl[i + 1] === '/') {
      i = msl.indexOf('\n', i);
      if (i < 0) break;
      continue;
    }
    if (c === '/' && msl[i + 1] === '*') {
      const end = msl.indexOf('*/', i + 2);
      if (end < 0) return `unterminated comment at line ${lineNo}`;
      lineNo += (msl.slice(i, end).match(/\n/g) ?? []).length;
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < msl.length && msl[j] !== c && msl[j] !== '\n') j += msl[j] === '\\' ? 2 : 1;
      if (msl[j] !== c && !inDirective) return `unterminated ${c === '"' ? 'string' : 'character'} literal at line ${lineNo}`;
      i = j + 1;
      continue;
    }
    if (!inDirective) {
      if (c === '(' || c === '[' || c === '{') stack.push(c);
      else if (c in close) {
        if (stack.pop() !== close[c]) return `unbalanced '${c}' at line ${lineNo}`;
      }
    }
    i++;
  }
  return stack.length > 0 ? `unclosed '${stack[stack.length - 1]}'` : null;
}

export interface CaseResult {
  readonly index: number;
  readonly source: string;
  readonly outcome: 'ok' | 'diagnostics' | 'crash' | 'hang' | 'bad-msl';
  readonly detail?: string;
  readonly input?: string;
}

export interface FuzzSummary {
  readonly cases: number;
  readonly ok: number;
  readonly diagnostics: number;
  readonly crashes: CaseResult[];
  readonly hangs: CaseResult[];
  readonly badMsl: CaseResult[];
}

/** The input of case `index` of a run seeded `seed`. */
export function caseInput(seed: number, index: number, files = corpus()): { source: string; text: string } {
  const rand = rng((seed * 2654435761 + index * 40503) >>> 0);
  const f = files[Math.floor(rand() * files.length)]!;
  return { source: f.name, text: mutate(f.text, rand) };
}

/**
 * Runs `cases` cases in a worker thread; a case over `limitMs` is a hang (the worker is stopped
 * and a fresh one takes the remaining cases).
 */
export async function fuzz(opts: { cases: number; seed: number; limitMs: number; onCase?: (r: CaseResult) => void }): Promise<FuzzSummary> {
  const files = corpus();
  const results: CaseResult[] = [];
  let next = 0;
  const workerFile = path.join(__dirname, 'worker.js');
  while (next < opts.cases) {
    await new Promise<void>((resolve) => {
      const w = new Worker(workerFile);
      let current = -1;
      let input: { source: string; text: string } | null = null;
      let timer: NodeJS.Timeout | undefined;
      const send = (): void => {
        if (next >= opts.cases) {
          void w.terminate().then(() => resolve());
          return;
        }
        current = next++;
        input = caseInput(opts.seed, current, files);
        timer = setTimeout(() => {
          const r: CaseResult = { index: current, source: input!.source, outcome: 'hang', detail: `over ${opts.limitMs} ms`, input: input!.text };
          results.push(r);
          opts.onCase?.(r);
          void w.terminate().then(() => resolve());
        }, opts.limitMs);
        w.postMessage({ name: input.source.replace(/^.*\//, ''), text: input.text });
      };
      w.on('message', (m: { outcome: CaseResult['outcome']; detail?: string }) => {
        if (timer) clearTimeout(timer);
        const keep = m.outcome === 'crash' || m.outcome === 'bad-msl';
        const r: CaseResult = { index: current, source: input!.source, outcome: m.outcome, detail: m.detail, input: keep ? input!.text : undefined };
        results.push(r);
        opts.onCase?.(r);
        send();
      });
      w.on('error', (e) => {
        // The worker itself died (out of memory, a native crash reported as an error).
        if (timer) clearTimeout(timer);
        const r: CaseResult = { index: current, source: input?.source ?? '', outcome: 'crash', detail: `worker: ${e.message}`, input: input?.text };
        results.push(r);
        opts.onCase?.(r);
        resolve();
      });
      w.on('online', send);
    });
  }
  return {
    cases: results.length,
    ok: results.filter((r) => r.outcome === 'ok').length,
    diagnostics: results.filter((r) => r.outcome === 'diagnostics').length,
    crashes: results.filter((r) => r.outcome === 'crash'),
    hangs: results.filter((r) => r.outcome === 'hang'),
    badMsl: results.filter((r) => r.outcome === 'bad-msl'),
  };
}
