// Idioms found by running HeCBench programs on the CPU backends (docs/hecbench-runs.md, half E):
// each fixture under test/fixtures/hec_runs_e is our own self-checking program reproducing one idiom,
// run on msl-cpu and cuda-cpu with the same output.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const fixture = (name: string): string => `test/fixtures/hec_runs_e/${name}.cu`;

describe('idioms of HeCBench programs run on the CPU backends (half E)', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`late_template.cu (a __host__ __device__ function template declared by a prototype, defined after the kernel calling it) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('late_template'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      // The fmaf chain gives these bits on the host, on both CPU backends and on a GPU (an H100 printed this line,
      // late_template.h100.txt; with `s += a * b` nvcc's contraction made 297 rows differ there).
      assert.match(r.stdout, /^total 15835\.362, bits 56b7099d, errors 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`own_and_builtin_atomic.cu (a program's own float atomicMax beside CUDA's int atomicMax/atomicMin) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('own_and_builtin_atomic'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^maximum 0\.798549 \(reference 0\.798549\), buckets -20\.\.19 \(reference -20\.\.19\)$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`enable_if_kernels.cu (kernel templates of one name chosen by enable_if on an unnamed template parameter, launched from a host template) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('enable_if_kernels'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^int sum -750, float2 sum 155937\.50, errors 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`gcc_attributes.cu (an alignment macro defined only under #elif defined(__GNUG__)) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('gcc_attributes'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^sum 21336\.00, errors 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`member_launch.cu (a kernel launched from a member function defined in a host class of a quoted header) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('member_launch'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^value 0\.878423 \(closed form 0\.878423\), errors 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`unsigned_template_min.cu (min/max of an int and an unsigned non-type template parameter's expression: CUDA's min(int, unsigned int)) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('unsigned_template_min'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^sum 661026, errors 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`stale_prototype.cu (a header's kernel prototype with fewer parameters than the kernel defined) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('stale_prototype'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^total 6, errors 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
    test(`braced_vector_args.cu (a braced list passed for a float4/int2 parameter of a __host__ __device__ function) on ${backend}`, async () => {
      const r = await cu2metal(['run', fixture('braced_vector_args'), '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^moved 107, sum 1467\.000, errors 0$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
});
