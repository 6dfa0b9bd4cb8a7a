// The pure parts of scripts/cuda-samples-compat.js (the cuda-samples compatibility table): the
// selection rule, the CLI capability check, the classification of a run and the markdown, on
// samples and outputs written here (CI has no cuda-samples checkout).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from '../helpers/paths';

interface Sample {
  name: string;
  category: string;
  cmake: string | null;
  files: Record<string, string>;
}
interface Selection {
  selected: boolean;
  rule?: string;
  reason?: string;
  sources?: string[];
  includeDirs?: string[];
}
interface Run {
  exitCode: number | null;
  signal: string | null;
  output: string;
  timedOut: boolean;
  limitS: number;
}
interface Result {
  status: string;
  code: string;
  key: string;
  message: string;
  name?: string | null;
  all?: string[];
  allNames?: [string, string][];
  multiFile?: boolean;
  tried?: string;
  next?: Result & { source: string };
}
interface Row {
  name: string;
  category: string;
  sources: string[];
  runs: Record<string, Result>;
  skipped: string | null;
}
interface Compat {
  selectSample(s: Sample): Selection;
  runAcceptsSeveralSources(help: string): boolean;
  classifyRun(r: Run): Result;
  normalise(m: string): string;
  renderMarkdown(meta: Record<string, unknown>, rows: Row[], excluded: { name: string; category: string; rule: string; reason: string }[]): string;
}

// The script is plain CommonJS (scripts/ is not compiled), loaded the way Node loads it.
const load = createRequire(__filename);
const compat = load(path.join(ROOT, 'scripts', 'cuda-samples-compat.js')) as Compat;

const cmake = (sources: string, extra = ''): string =>
  `cmake_minimum_required(VERSION 3.20)\nproject(demo LANGUAGES C CXX CUDA)\nfind_package(CUDAToolkit REQUIRED)\n${extra}\nadd_executable(demo\n    ${sources}\n)\ninclude_directories(../../../Common)\n`;
const sample = (over: Partial<Sample>): Sample => ({ name: 'demo', category: '0_Introduction', cmake: cmake('demo.cu'), files: { 'demo.cu': '#include <cuda_runtime.h>\n__global__ void k(float* p) { p[threadIdx.x] = 1.0f; }\nint main() { cudaDeviceSynchronize(); }\n' }, ...over });
const run = (exitCode: number | null, output: string, over: Partial<Run> = {}): Run => ({ exitCode, signal: null, output, timedOut: false, limitS: 420, ...over });

describe('cuda-samples selection rule', () => {
  test('a runtime-only sample is selected with the sources of its add_executable', () => {
    const s = compat.selectSample(sample({ cmake: cmake('demo.cu demo_gold.cpp\n    main.cpp', 'target_compile_features(demo PRIVATE cxx_std_17)\ntarget_include_directories(demo PRIVATE\n  ${CMAKE_CURRENT_SOURCE_DIR}/inc\n  ${CUDAToolkit_INCLUDE_DIRS})') }));
    assert.deepEqual(s, { selected: true, sources: ['demo.cu', 'demo_gold.cpp', 'main.cpp'], includeDirs: ['inc', '../../../Common'] });
  });
  test('header-only toolkit parts (curand_kernel.h, cuComplex helpers, Thrust) keep a sample in', () => {
    const files = { 'demo.cu': '#include <curand_kernel.h>\n#include <thrust/sort.h>\n#include <cuComplex.h>\n__device__ cuFloatComplex f(cuFloatComplex a) { return cuCaddf(a, cuCmulf(a, a)); }\nint main() {}\n' };
    assert.equal(compat.selectSample(sample({ files })).selected, true);
  });
  test('graphics interop is excluded by find_package or by an include', () => {
    const byPackage = compat.selectSample(sample({ cmake: cmake('demo.cu', 'find_package(OpenGL)\nfind_package(GLUT)') }));
    assert.equal(byPackage.rule, 'graphics');
    assert.match(byPackage.reason!, /OpenGL, GLUT/);
    const byInclude = compat.selectSample(sample({ files: { 'render.cpp': '#include <GL/glew.h>\n', 'demo.cu': 'int main() {}\n' } }));
    assert.equal(byInclude.rule, 'graphics');
    assert.match(byInclude.reason!, /render\.cpp includes <GL\/glew\.h>/);
  });
  test('OpenMP and MPI builds are excluded', () => {
    assert.equal(compat.selectSample(sample({ cmake: cmake('demo.cu', 'find_package(OpenMP REQUIRED)') })).rule, 'mpi-openmp');
    assert.equal(compat.selectSample(sample({ files: { 'demo.cu': '#include <mpi.h>\nint main() {}\n' } })).rule, 'mpi-openmp');
  });
  test('CUDA libraries are excluded by CMake target or host header', () => {
    const linked = compat.selectSample(sample({ cmake: cmake('demo.cu', 'target_link_libraries(demo PRIVATE CUDA::cublas CUDA::cudart)') }));
    assert.equal(linked.rule, 'library');
    assert.match(linked.reason!, /CUDA::cublas/);
    assert.doesNotMatch(linked.reason!, /cudart/);
    assert.equal(compat.selectSample(sample({ files: { 'fft.cu': '#include <cufft.h>\nint main() {}\n' } })).rule, 'library');
    assert.equal(compat.selectSample(sample({ cmake: cmake('demo.cpp', 'find_package(FreeImage)') })).rule, 'library');
  });
  test('the driver API is excluded by CMake target or by a cuXxx( call, but not in a comment', () => {
    assert.equal(compat.selectSample(sample({ cmake: cmake('demo.cpp', 'target_link_libraries(demo PUBLIC CUDA::cuda_driver)') })).rule, 'driver-api');
    const called = compat.selectSample(sample({ files: { 'query.cpp': 'int main() { int v; cuDeviceGetAttribute(&v, CU_DEVICE_ATTRIBUTE_WARP_SIZE, 0); }\n' } }));
    assert.equal(called.rule, 'driver-api');
    assert.match(called.reason!, /query\.cpp calls cuDeviceGetAttribute/);
    assert.equal(compat.selectSample(sample({ files: { 'demo.cu': '// the driver would call cuInit(0) here\n/* cuCtxCreate(&c, 0, d); */\nint main() {}\n' } })).selected, true);
  });
  test('excluded categories and Windows-only samples; the first rule that applies names the reason', () => {
    assert.equal(compat.selectSample(sample({ category: '7_libNVVM' })).rule, 'category');
    assert.equal(compat.selectSample(sample({ category: '8_Platform_Specific' })).rule, 'category');
    assert.equal(compat.selectSample(sample({ cmake: 'project(x)\nif(WIN32)\nmessage(STATUS "d3d")\nendif()\n' })).rule, 'no-target');
    assert.equal(compat.selectSample(sample({ cmake: null })).rule, 'no-target');
    const both = compat.selectSample(sample({ cmake: cmake('demo.cu', 'find_package(OpenGL)\ntarget_link_libraries(demo CUDA::cufft)') }));
    assert.equal(both.rule, 'graphics');
  });
});

describe('cu2metal run capability', () => {
  test('a single <file.cu> argument is not several sources; a variadic one is', () => {
    assert.equal(compat.runAcceptsSeveralSources('Usage: cu2metal run [options] <file.cu> [args...]\n\ntranslate, build and run'), false);
    assert.equal(compat.runAcceptsSeveralSources('Usage: cu2metal run [options] <files...>\n'), true);
    assert.equal(compat.runAcceptsSeveralSources('Usage: cu2metal run [options] <sources...>\n'), true);
    assert.equal(compat.runAcceptsSeveralSources('no usage line at all'), false);
  });
});

describe('classification of a run', () => {
  test('exit 0 with a pass marker, or with no marker, passes', () => {
    assert.equal(compat.classifyRun(run(0, '[demo]\nTest passed\n')).status, 'pass');
    assert.equal(compat.classifyRun(run(0, 'Result = PASS\n')).status, 'pass');
    assert.equal(compat.classifyRun(run(0, 'Done\n')).status, 'pass');
    assert.equal(compat.classifyRun(run(0, 'second pass over the data\nfailed to open optional file, using defaults\nTest PASSED\n')).status, 'pass');
  });
  test('exit 0 with a failure report is a wrong result', () => {
    const r = compat.classifyRun(run(0, 'Comparing results...\nResult = FAIL\n'));
    assert.equal(r.status, 'fail');
    assert.equal(r.code, 'wrong result');
    assert.match(r.message, /Result = FAIL/);
  });
  test('exit 3: the first cu2metal diagnostic gives the code; names and numbers are abstracted in the key', () => {
    const out = [
      "demo.cu:12:5: warning: host code not understood [C2M0003]",
      "demo.cu:60:22: error: device code calls 'clock', which is not a __device__ function of this file and has no Metal equivalent [C2M1002]",
      '  60 |   t = clock();',
      "demo.cu:70:3: error: device code calls 'clock64', which is not a __device__ function of this file and has no Metal equivalent [C2M1002]",
      'demo.cu:80:1: error: kernel templates are not translated yet [C2M1010]',
      'cu2metal: demo.cu: 3 errors; nothing was built',
    ].join('\n');
    const r = compat.classifyRun(run(3, out));
    assert.equal(r.status, 'fail');
    assert.equal(r.code, 'C2M1002');
    assert.equal(r.key, "C2M1002 device code calls '…', which is not a __device__ function of this file and has no Metal equivalent");
    assert.match(r.message, /'clock'.*\(demo\.cu:60\)/);
    assert.equal(r.name, 'clock');
    assert.deepEqual(r.all, [r.key, 'C2M1010 kernel templates are not translated yet']);
  });
  test('exit 4: the first compiler error, placed in the MSL or the host program; else the linker error', () => {
    const msl = compat.classifyRun(run(4, "/home/u/.cache/cu2metal/ab12/demo.metal:31:9: error: use of undeclared identifier 'atomicAdd_system'\n1 error generated.\ncu2metal: the generated code did not build (error C2M3001)\n"));
    assert.equal(msl.code, 'C2M3001');
    assert.equal(msl.key, "C2M3001 build (MSL): use of undeclared identifier '…'");
    assert.match(msl.message, /MSL \(demo\.metal:31\).*atomicAdd_system/);
    const host = compat.classifyRun(run(4, "/tmp/x/demo.host.cpp:7:3: error: no matching function for call to 'cudaFooBar'\n"));
    assert.equal(host.key, "C2M3001 build (host): no matching function for call to '…'");
    const link = compat.classifyRun(run(4, "/usr/bin/ld: main.host.cpp:(.text+0xf6): undefined reference to `fillValues'\nclang: error: linker command failed with exit code 1\n"));
    assert.equal(link.key, "C2M3001 link: undefined reference to '…'");
    assert.match(link.message, /fillValues/);
  });
  test("a program's failure: the runtime's report first, then helper_cuda.h's, then the sample's", () => {
    const rt = compat.classifyRun(run(1, 'cu2metal: cudaMemcpyToSymbol: the symbol is not a __device__ variable of this program\nCUDA error at demo.cu:40 code=13(cudaErrorInvalidSymbol) "cudaMemcpyToSymbol(c, h, 4)"\n'));
    assert.equal(rt.code, 'runtime');
    assert.equal(rt.key, 'runtime: cudaMemcpyToSymbol: the symbol is not a __device__ variable of this program');
    const ce = compat.classifyRun(run(1, 'CUDA error at ../../../Common/helper_cuda.h:912 code=801(cudaErrorNotSupported) "cudaStreamBeginCapture(s, mode)" \n'));
    assert.equal(ce.code, 'cudaErrorNotSupported');
    assert.equal(ce.key, 'CUDA error cudaErrorNotSupported');
    assert.match(ce.message, /from cudaStreamBeginCapture$/);
    const own = compat.classifyRun(run(1, 'GPU sum: 10\nCPU sum: 12\nTest failed!\n'));
    assert.equal(own.code, 'wrong result');
    const bare = compat.classifyRun(run(1, 'Starting...\n'));
    assert.equal(bare.key, 'exit 1: the program failed without a known message');
  });
  test('waived, crashes and timeouts', () => {
    assert.equal(compat.classifyRun(run(2, 'Device does not support Memory Pools\nWaiving execution as device does not support Memory Pools\n')).status, 'waived');
    const crash = compat.classifyRun(run(139, 'cu2metal: demo: the program was terminated by SIGSEGV (signal 11): segmentation fault\n'));
    assert.equal(crash.code, 'crash');
    assert.equal(crash.key, 'crash: SIGSEGV');
    const prog = compat.classifyRun(run(137, 'cu2metal: demo: the program did not finish within 120 s and was stopped\n'));
    assert.equal(prog.status, 'timeout');
    assert.equal(prog.key, 'timeout: the program ran past --timeout');
    assert.equal(compat.classifyRun(run(124, 'cu2metal: demo: the program did not finish within 120 s and was stopped\n')).status, 'timeout');
    const wall = compat.classifyRun(run(null, 'partial', { timedOut: true }));
    assert.equal(wall.status, 'timeout');
    assert.match(wall.message, /420 s/);
  });
  test('normalise abstracts quoted names, paths and numbers', () => {
    assert.equal(compat.normalise("use of 'foo' at /a/b/c.metal line 12, 0x1f bytes"), "use of '…' at <path> line N, N bytes");
  });
});

describe('the markdown', () => {
  test('summary counts, grouped reasons, one row per sample, the exclusions', () => {
    const pass: Result = { status: 'pass', code: 'pass', key: 'pass', message: '' };
    const type = 'C2M1001 device code uses the type \'…\'';
    const tmpl: Result = { status: 'fail', code: 'C2M1010', key: 'C2M1010 kernel templates are not translated yet', message: 'C2M1010 kernel templates are not translated yet (b.cu:3)', all: ['C2M1010 kernel templates are not translated yet', type], allNames: [[type, 'clock_t']] };
    const clock: Result = { status: 'fail', code: 'C2M1001', key: type, name: 'clock_t', message: "C2M1001 device code uses the type 'clock_t' (e.cu:9)", all: [type], allNames: [[type, 'clock_t']] };
    const multi: Result = { status: 'fail', code: 'C2M3001', key: 'multi-file (unsupported by this cu2metal)', message: "C2M3001 link error: undefined reference to `f'", multiFile: true, tried: 'main.cpp', next: { ...tmpl, source: 'k.cu' } };
    const rows: Row[] = [
      { name: 'alpha', category: '0_Introduction', sources: ['a.cu'], runs: { 'msl-cpu': pass, 'cuda-cpu': pass }, skipped: null },
      { name: 'beta', category: '0_Introduction', sources: ['b.cu'], runs: { 'msl-cpu': tmpl, 'cuda-cpu': tmpl }, skipped: null },
      { name: 'gamma', category: '2_Concepts_and_Techniques', sources: ['main.cpp', 'k.cu'], runs: { 'msl-cpu': multi, 'cuda-cpu': multi }, skipped: null },
      { name: 'epsilon', category: '0_Introduction', sources: ['e.cu'], runs: { 'msl-cpu': clock, 'cuda-cpu': pass }, skipped: null },
    ];
    const md = compat.renderMarkdown({ commit: 'abc123', date: '2026-01-02', version: '0.1.0', multiFile: false, timeoutS: 120, command: 'npm run compat -- <cuda-samples>' }, rows, [{ name: 'delta', category: '4_CUDA_Libraries', rule: 'library', reason: 'CUDA library (CUDA::cublas)' }]);
    assert.match(md, /commit `abc123`, measured 2026-01-02/);
    assert.match(md, /\| runtime-API-only samples selected \| 4 \|/);
    assert.match(md, /\| pass on msl-cpu \| 1\/4 \|/);
    assert.match(md, /\| pass on cuda-cpu \| 2\/4 \|/);
    assert.match(md, /\| pass on both \| 1\/4 \|/);
    assert.match(md, /\| C2M1010 kernel templates are not translated yet \| 1 \| 1 \| {2}\| beta \|/);
    assert.match(md, /\| C2M1001 device code uses the type '…' \| 1 \| 0 \| clock_t \(1\) \| epsilon \|/);
    assert.match(md, /\| multi-file \(unsupported by this cu2metal\) \| 1 \| 1 \| {2}\| gamma \|/);
    assert.match(md, /\| C2M1010 kernel templates are not translated yet \| {2}\| 2: beta, gamma \|/);
    assert.match(md, /\| C2M1001 device code uses the type '…' \| clock_t \(3\) \| 3: beta, epsilon, gamma \|/);
    assert.match(md, /\| epsilon \| 0_Introduction \| 1 \| fail \| \*\*pass\*\* \| msl-cpu: C2M1001 device code uses the type 'clock_t' \(e\.cu:9\) \|/);
    assert.match(md, /\| alpha \| 0_Introduction \| 1 \| \*\*pass\*\* \| \*\*pass\*\* \| {2}\|/);
    assert.match(md, /\| gamma \| 2_Concepts_and_Techniques \| 2 \| multi-file \| multi-file \| multi-file \(unsupported by this cu2metal\); main\.cpp alone: C2M3001 link error: undefined reference to `f'; next: k\.cu does not translate: C2M1010/);
    assert.match(md, /\| delta \| 4_CUDA_Libraries \| library \| CUDA library \(CUDA::cublas\) \|/);
    assert.match(md, /1\. `category`: /);
  });
});
