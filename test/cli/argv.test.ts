// The nvcc flag table (src/cli/argv.ts): every spelling lands on the option the commands declare.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeArgs, sourceKind, UsageError } from '../../src/cli/argv';

const norm = (...a: string[]): string[] => normalizeArgs(a, new Set(['-o', '--backend'])).argv;

test('include paths, macros, standard, optimisation, debug', () => {
  assert.deepEqual(norm('-I../common', '-I', 'inc', '--include-path=x'), ['--include-dir', '../common', '--include-dir', 'inc', '--include-dir', 'x']);
  assert.deepEqual(norm('-DN=64', '-D', 'M', '-UFOO', '-U', 'BAR'), ['--define', 'N=64', '--define', 'M', '--undefine', 'FOO', '--undefine', 'BAR']);
  assert.deepEqual(norm('-std=c++20', '--std', 'c++17'), ['--std', 'c++20', '--std', 'c++17']);
  assert.deepEqual(norm('-O3', '-O', '0', '--optimize=2'), ['--opt-level', '3', '--opt-level', '0', '--opt-level', '2']);
  assert.deepEqual(norm('-g'), ['--debug']);
  assert.deepEqual(norm('-Xcompiler', '-fopenmp,-Wall'), ['--host-flags', '-fopenmp,-Wall']);
});

test('libraries: host ones pass to the linker, the CUDA runtime is provided, other CUDA libraries are an error', () => {
  assert.deepEqual(norm('-lm', '-l', 'pthread', '-L/opt/lib', '-L', 'lib'), ['--library', 'm', '--library', 'pthread', '--library-path', '/opt/lib', '--library-path', 'lib']);
  assert.deepEqual(norm('-lcudart'), []);
  assert.deepEqual(norm('-lcublas', '-lcublasLt', '--library=cublas', '-lcusparse', '-lcurand'), []);
  for (const lib of ['-lcufft', '-lcusolver', '-lnvrtc', '-lnppial', '-lnvjpeg', '-lcudnn', '-lcuda', '--library=cufft']) {
    assert.throws(() => norm(lib), (e: unknown) => e instanceof UsageError && /cu2metal does not provide/.test(e.message), lib);
  }
});

test('-lineinfo is a flag of its own, not -l ineinfo; architecture flags are noted once', () => {
  const r = normalizeArgs(['-lineinfo', '-arch=sm_80', '-arch', 'sm_90', '-gencode', 'arch=compute_80,code=sm_80', '--gpu-architecture=sm_70', '-rdc=true', '-dc', 'a.cu']);
  assert.deepEqual(r.argv, ['a.cu']);
  assert.equal(r.notes.length, 3, r.notes.join('\n'));
  assert.match(r.notes.find((n) => n.includes('-arch=sm_80'))!, /-arch=sm_80, -arch sm_90, -gencode arch=compute_80,code=sm_80, --gpu-architecture=sm_70: ignored: Metal compiles for the GPU it runs on/);
});

test('program arguments follow --, even when they look like flags', () => {
  const r = normalizeArgs(['a.cu', '-O3', '--', '-O3', 'x.cu']);
  assert.deepEqual(r.argv, ['a.cu', '--opt-level', '3']);
  assert.deepEqual(r.programArgs, ['-O3', 'x.cu']);
});

test('values of the command options pass untouched; unknown options are left to commander', () => {
  assert.deepEqual(norm('-o', '-lfoo', '--backend', 'cuda-cpu', '--frobnicate'), ['-o', '-lfoo', '--backend', 'cuda-cpu', '--frobnicate']);
  assert.throws(() => norm('-I'), /-I needs a value/);
});

test('-x LANG applies to the sources after it, -x none resets', () => {
  const r = normalizeArgs(['a.cpp', '-x', 'cu', 'b.cpp', 'c.c', '-x', 'none', 'd.cpp']);
  assert.deepEqual(r.argv, ['a.cpp', 'b.cpp', 'c.c', 'd.cpp']);
  assert.deepEqual([...r.languages], [['b.cpp', 'cu'], ['c.c', 'cu']]);
  assert.throws(() => normalizeArgs(['-x', 'fortran']), /-x cu, -x c\+\+/);
  assert.equal(sourceKind('b.cpp', 'cu'), 'cu');
  assert.equal(sourceKind('k.cu'), 'cu');
  assert.equal(sourceKind('m.cc'), 'cpp');
  assert.equal(sourceKind('m.c'), 'c');
  assert.equal(sourceKind('README'), null);
});
