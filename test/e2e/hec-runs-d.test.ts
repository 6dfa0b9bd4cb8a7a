// Idioms found by running HeCBench programs on the CPU backends (docs/hecbench-runs.md, half D):
// each fixture under test/fixtures/hec_runs_d is our own self-checking program reproducing one idiom,
// run on msl-cpu and cuda-cpu with the same output.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = (name: string): string => `test/fixtures/hec_runs_d/${name}.cu`;

describe('idioms of HeCBench programs run on the CPU backends (half D)', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`deduced_functor.cu (functor structs whose type a host function template deduces and passes on to a kernel template) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('deduced_functor'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^call 249\.50 \(499 in the money\), put 250\.50 \(500 in the money\)$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`signed_offsets.cu (ssize_t in device code and in a kernel signature) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('signed_offsets'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^sum 3070275, errors 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`host_dispatch.cu (a file-scope table of host functions that launch kernels) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('host_dispatch'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^width 1: check 17280ae8\nwidth 2: check f5316378\nwidth 4: check f39755a4$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`redefined_macros.cu (kernels redefining the same indexing macros, from the built-ins in one, from a local in the next) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('redefined_macros'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^sum 262912\.0, errors 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`own_atomic_min.cu (a program's own float atomicMin, a CAS loop) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('own_atomic_min'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^minimum -0\.999679 \(reference -0\.999679\), 4096 points$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
});
