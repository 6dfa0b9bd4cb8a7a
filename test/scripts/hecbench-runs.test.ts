// The pure parts of scripts/hecbench-runs.js (docs/hecbench-runs.md): the Makefile's source list and
// run arguments, and the verdict of a run, on inputs written here (CI has no HeCBench checkout).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from '../helpers/paths';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}
interface Runs {
  classify(r: Run): string;
  makeVar(makefile: string, name: string): string | undefined;
  cflags(makefile: string): string[];
  runArgs(makefile: string): string;
  markdown(rows: object[]): string;
}
const runs = createRequire(__filename)(path.join(ROOT, 'scripts', 'hecbench-runs.js')) as Runs;

const MAKEFILE = 'program = main\n\nsource = main.cu \\\n  kernels.cu util.cpp\n\nrun: $(program)\n\t$(LAUNCHER) ./$(program) 1024 100\n';
const ok = (stdout: string, code = 0): Run => ({ code, stdout, stderr: '', timedOut: false });

describe('hecbench-runs', () => {
  test('the sources and the run target\'s arguments come from the Makefile', () => {
    assert.equal(runs.makeVar(MAKEFILE, 'source'), 'main.cu    kernels.cu util.cpp');
    assert.equal(runs.runArgs(MAKEFILE), '1024 100');
    assert.equal(runs.runArgs('all: x\n'), '');
  });
  test('the -I/-D flags of CFLAGS are passed on, make variables and other flags are not', () => {
    const mk = 'CFLAGS := $(EXTRA_CFLAGS) -std=c++17 -I../other-sycl -Dreal=double \\\n  -Xcompiler -Wall -I$(CUDA)/include\n';
    assert.deepEqual(runs.cflags(mk), ['-I../other-sycl', '-Dreal=double']);
    assert.deepEqual(runs.cflags('program = main\n'), []);
  });
  test('verdicts: PASS, FAIL, crash, timeout, build, ran', () => {
    assert.equal(runs.classify(ok('Average time 3 us\nPASS\n')), 'PASS');
    assert.equal(runs.classify(ok('verify = FAIL\n')), 'FAIL');
    assert.equal(runs.classify(ok('PASS\n', 1)), 'FAIL');
    assert.equal(runs.classify({ code: 139, stdout: '', stderr: 'cu2metal: main: the program was terminated by SIGSEGV (signal 11)', timedOut: false }), 'crash');
    assert.equal(runs.classify({ code: null, stdout: '', stderr: '', timedOut: true }), 'timeout');
    assert.equal(runs.classify(ok('', 3)), 'build');
    assert.equal(runs.classify(ok('checksum 42\n')), 'ran');
  });
  test('the table: one row per program, the last run of it, sorted, pipes escaped', () => {
    const row = (name: string, verdict: string, detail: string): object => ({ name, verdict, seconds: 3, args: '1', detail });
    const md = runs.markdown([row('b-cuda', 'FAIL', 'x'), row('a-cuda', 'PASS', 'a|b'), row('b-cuda', 'PASS', 'PASS')]);
    assert.equal(md, '| program | verdict | s | arguments | detail |\n|---|---|---|---|---|\n| a-cuda | PASS | 3 | `1` | a/b |\n| b-cuda | PASS | 3 | `1` | PASS |\n');
  });
});
