// The language-constructs table (src/translate/tables/constructs.ts) against the translator: every
// example gives the status the row claims, every node type refused in device code has a row, and
// every refusal site in src/translate and src/host is claimed by a row (a new refusal without a
// row in the support matrix fails here).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { refusedConstructs } from '../../src/docs/constructs';
import { CONSTRUCTS } from '../../src/translate/tables/constructs';
import { UNSUPPORTED_NODES } from '../../src/translate/function';
import { translateSource } from '../../src/translate/index';
import { ROOT } from '../helpers/paths';

/** Codes of diagnostics that refuse something the user wrote (not I/O, warnings or unknown kernels). */
const REFUSAL = /\b(?:error|diag)\(\s*'(C2M10(?:0[1235678]|1[0125])|C2M200[134])'/;
/** Sites whose message is a table's reason: the table is in the matrix (functions, groups, textures, runtime API, UNSUPPORTED_NODES). */
const TABLE_DRIVEN = [/\$\{row\.reason/, /\$\{m\.reason\}/, /\$\{row \? `: \$\{row\.note\}/, /^\s*this\.error\('C2M1001', `\$\{unsupported\} is not supported in device code`/, /not supported by the cu2metal runtime yet\$\{why\}/];

interface Site {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

function refusalSites(): Site[] {
  const out: Site[] = [];
  for (const dir of ['src/translate', 'src/host']) {
    for (const f of fs.readdirSync(path.join(ROOT, dir)).filter((x) => x.endsWith('.ts'))) {
      const lines = fs.readFileSync(path.join(ROOT, dir, f), 'utf8').split('\n');
      lines.forEach((text, i) => {
        if (REFUSAL.test(text)) out.push({ file: `${dir}/${f}`, line: i + 1, text });
      });
    }
  }
  return out;
}

describe('language constructs table', () => {
  test('the refusal sites are found (the scan works)', () => {
    const sites = refusalSites();
    assert.ok(sites.length >= 50, `only ${sites.length} sites found`);
    assert.ok(sites.some((s) => s.text.includes('function pointers are not supported in device code')));
    assert.ok(sites.some((s) => s.file === 'src/host/host.ts'));
  });

  test('every refusal site in src/translate and src/host is claimed by a row', () => {
    const unclaimed = refusalSites().filter((s) => !TABLE_DRIVEN.some((re) => re.test(s.text)) && !CONSTRUCTS.some((r) => (r.messages ?? []).some((m) => s.text.includes(m))));
    assert.deepEqual(
      unclaimed.map((s) => `${s.file}:${s.line}: ${s.text.trim().slice(0, 120)}`),
      [],
      'add a row (with `messages`) to src/translate/tables/constructs.ts for these refusals, then npm run docs',
    );
  });

  test('every claim matches a site (no stale message fragments)', () => {
    const sites = refusalSites();
    const stale = CONSTRUCTS.flatMap((r) => (r.messages ?? []).filter((m) => !sites.some((s) => s.text.includes(m))).map((m) => `${r.construct}: ${m}`));
    assert.deepEqual(stale, []);
  });

  test('every node type refused in device code has a row', () => {
    const covered = new Set(CONSTRUCTS.flatMap((r) => r.nodeTypes ?? []));
    assert.deepEqual([...UNSUPPORTED_NODES.keys()].filter((t) => !covered.has(t)), []);
  });

  test('refused and partial rows name their code; supported rows none', () => {
    for (const r of CONSTRUCTS) {
      if (r.status === 'supported') assert.equal(r.code, undefined, r.construct);
      else assert.match(r.code ?? '', /^C2M\d{4}$/, r.construct);
    }
  });

  for (const r of CONSTRUCTS.filter((x) => x.example !== undefined)) {
    test(`example: ${r.construct}`, () => {
      const t = translateSource('construct.cu', r.example!, r.double ? { double: r.double } : {});
      const errors = t.diagnostics.filter((d) => d.severity === 'error');
      if (r.status === 'supported') {
        assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), [], 'a supported construct translates');
      } else {
        assert.ok(errors.some((d) => d.code === r.code), `expected ${r.code ?? ''}, got ${errors.map((d) => `${d.code} ${d.message}`).join('; ') || 'no error'}`);
      }
    });
  }

  test('the refused list of the matrix holds the constructs the issue names', () => {
    const names = refusedConstructs().map(([what, code]) => `${what} ${code}`).join('\n');
    for (const [what, code] of [
      ['grid-wide synchronisation', 'C2M1002'],
      ['dynamic parallelism', 'C2M1001'],
      ['`__cvta_generic_to_shared`', 'C2M1002'],
      ['recursion', 'C2M1015'],
      ['function pointers', 'C2M1001'],
      ['virtual inheritance', 'C2M1001'],
      ['inline PTX assembly', 'C2M1001'],
      ['wmma', 'C2M1001'],
      ['cuda::atomic', 'C2M1001'], // cuda::barrier and cuda::pipeline are provided (the libcu++ rows), their inexpressible shapes refused
      ['`cudaLaunchCooperativeKernelMultiDevice`', 'C2M2003'],
    ] as const) {
      assert.ok(names.split('\n').some((l) => l.includes(what) && l.endsWith(code)), `${what} (${code}) is not in the refused list`);
    }
  });
});
