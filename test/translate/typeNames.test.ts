// Types and names real programs use (issue 6; src/translate/typeNameUses.ts, tables/moreTypes.ts):
// values tree-sitter parses in a type's place, macros naming a type or a CUDA function, the
// program's own cuda* macros, host functions beside device functions of the same name, functional
// casts of built-in types, implicit member calls, 1-component vectors, std::uint8_t, cuComplex.h.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { translateSource } from '../../src/translate/index';

const errors = (ds: readonly Diagnostic[]): string[] => ds.filter((d) => d.severity === 'error').map((d) => `${d.start.line}:${d.start.column} ${d.code} ${d.message}`);
const clean = (src: string): string => {
  const t = translateSource('t.cu', src);
  assert.deepEqual(errors(t.diagnostics), []);
  return t.msl;
};

describe('names in a type\'s place that are values', () => {
  test('`(gamma) + x` (parsed as a cast to gamma) with gamma a local: no C2M1001, the same expression (src/parse/castAmbiguity.ts blanks the parentheses)', () => {
    const msl = clean('__global__ void k(float *p, float y) {\n  float gamma = p[1];\n  p[0] = y / (1.0f + (y) / (gamma) + (p[2]) / y);\n}\n');
    assert.match(msl, /p\[0\] = y \/ \(1\.0f \+ \(y\) \/ \s*\(?\s*gamma\s*\)?\s* \+ \(p\[2\]\) \/ y\);/);
  });

  test('`(PX) + (PY - 1) * w` with PX an expression macro; a parameter `(t) + 1`', () => {
    const msl = clean('#define PX (blockIdx.x * 4)\n#define PY (threadIdx.y)\n__global__ void k(float *p, int w, int t) {\n  p[(PX) + (PY - 1) * w] = 1.0f;\n  p[(t) + 1] = 2.0f;\n}\n');
    assert.match(msl, /p\[\(PX\) \+ \(PY - 1\) \* w\] = 1\.0f;/);
  });

  test('non-type template parameters: `i < n >> 3` and `Open<n>`', () => {
    const src = [
      'template <int n> struct Open { int v[n]; };',
      'template <int n, int per>',
      '__global__ void k(float *p) {',
      '  Open<n> o; o.v[0] = 1;',
      '  for (int i = 0; i < per >> 3; i++) p[i] = o.v[0];',
      '}',
      'int main() { k<4, 16><<<1, 1>>>(0); return 0; }',
    ].join('\n');
    clean(src);
  });

  test('a macro naming a type of the file (`#define su3 fsu3`) is that type; one naming nothing known is still C2M1001', () => {
    clean('typedef struct { float e[3]; } fsu3;\n#define su3 fsu3\n__device__ void adj(const su3 *a, su3 *b) { b->e[0] = a->e[1]; }\n__global__ void k(fsu3 *p) { adj(p, p + 1); }\n');
    const t = translateSource('t.cu', '#define mytype cufftComplex\n__global__ void k(mytype *p) { }\n');
    assert.match(errors(t.diagnostics).join('\n'), /C2M1001 device code uses the type 'mytype', which is not defined in this file/);
  });

  test('an undefined name used as a type is still reported', () => {
    const t = translateSource('t.cu', '__global__ void k(float *p) { dfloat x = p[0]; p[1] = x; }\n');
    assert.deepEqual(errors(t.diagnostics), ["1:31 C2M1001 device code uses the type 'dfloat', which is not defined in this file and has no Metal equivalent yet"]);
  });
});

describe('calls', () => {
  test('`#define SQRT sqrtf` then SQRT(x): the table\'s sqrt', () => {
    const msl = clean('#define SQRT sqrtf\n__global__ void k(float *p) { p[0] = SQRT(p[1]); }\n');
    assert.match(msl, /p\[0\] = sqrt\(p\[1\]\);/);
  });

  test('short(x), unsigned(x): functional casts, kept as written', () => {
    const msl = clean('__global__ void k(short *p, float *f) { p[0] = short(f[0]); p[1] = short(unsigned(f[1]) + 1u); }\n');
    assert.match(msl, /p\[0\] = short\(f\[0\]\);/);
    assert.match(msl, /short\(unsigned\(f\[1\]\) \+ 1u\)/);
  });

  test('an unqualified call of a member function inside a method', () => {
    const msl = clean('struct R { unsigned x; __device__ unsigned next() { x ^= x << 3; return x; } __device__ unsigned operator()() { return next() & 7u; } };\n__global__ void k(unsigned *p) { R r; r.x = p[0]; p[1] = r(); }\n');
    assert.match(msl, /return next\(\) & 7u;/);
  });

  test('a host function of the same name as a device function does not hide it', () => {
    const src = [
      '__device__ int shiftRows(int row, int j) { return row << j; }',
      '__global__ void k(int *p) { p[0] = shiftRows(p[1], 2); }',
      'void shiftRows(unsigned char *state, bool inverse) { state[0] = inverse; }',
      'int main() { unsigned char s[4]; shiftRows(s, true); k<<<1, 1>>>(0); return 0; }',
    ].join('\n');
    const msl = clean(src);
    assert.match(msl, /int shiftRows\(int row, int j\)/);
    assert.doesNotMatch(msl, /bool inverse/);
    // Also with a template device function and a later static host overload.
    clean('template <typename T> __device__ __forceinline__ T rev(T i, unsigned b) { return __brev(i) >> (32 - b); }\n__global__ void k(unsigned *p) { p[0] = rev(p[1], 8u); }\nstatic void rev(int *d, int n) { d[0] = n; }\n');
  });

  test('constexpr functions device code calls are __host__ __device__ (--expt-relaxed-constexpr), through each other too', () => {
    const src = [
      'template <int D> constexpr float poly(float x);',
      'template <> constexpr float poly<3>(float x) { return x * 3.0f; }',
      'constexpr float twice(float x) { return poly<3>(x) * 2.0f; }',
      'constexpr int hostOnly(int x) { return x + 1; }',
      'template <int D> __device__ float f(float x) { return poly<D>(x); }',
      '__global__ void k(float *p) { p[0] = f<3>(p[1]) + twice(p[2]); }',
      'int main() { static_assert(hostOnly(1) == 2, ""); k<<<1, 1>>>(0); return 0; }',
    ].join('\n');
    const t = translateSource('t.cu', src);
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /constexpr float poly<3>\(float x\) \{ return x \* 3\.0f; \}/);
    assert.match(t.msl, /constexpr float twice\(float x\)/);
    assert.doesNotMatch(t.msl, /hostOnly/);
  });

  test('the program\'s own cudaCheck macro is not a runtime call (C2M2003); an unknown cuda* call still is', () => {
    const src = [
      '#include <cstdio>',
      'static void check(cudaError_t e, int line) { if (e != cudaSuccess) printf("%d\\n", line); }',
      '#define cudaCheck(e) (check((e), __LINE__))',
      '__global__ void k(float *p) { p[0] = 1; }',
      'int main() { float *p; cudaCheck(cudaMalloc(&p, 4)); k<<<1, 1>>>(p); cudaCheck(cudaDeviceSynchronize()); cudaFrobnicate(p); return 0; }',
    ].join('\n');
    const t = translateSource('t.cu', src);
    assert.deepEqual(errors(t.diagnostics).map((e) => e.replace(/ C2M2003 .*/, ' C2M2003')), ['5:106 C2M2003']);
  });
});

describe('types', () => {
  test('uchar1 & co.: a struct of one element and its make_, added once', () => {
    const msl = clean('__global__ void k(const uchar1 *in, uchar1 *out, float1 *f) { uchar1 v = in[0]; out[0] = make_uchar1(v.x + 1); f[0] = make_float1(2.0f); }\n');
    assert.equal(msl.match(/^struct uchar1 \{ uchar x; \};$/gm)?.length, 1);
    assert.match(msl, /^inline uchar1 make_uchar1\(uchar x\) \{ uchar1 v; v\.x = x; return v; \}$/m);
    assert.match(msl, /^struct float1 \{ float x; \};$/m);
  });

  test('std::uint8_t in parameters, locals, casts and struct fields → uint8_t', () => {
    const msl = clean('#include <cstdint>\nstruct Px { std::uint8_t r, g; };\n__global__ void k(const Px *in, std::uint8_t *out) { std::uint8_t v = (std::uint8_t)(in[0].r + in[0].g); out[0] = v; std::size_t n = sizeof(std::int16_t); out[1] = (uint8_t)n; }\n');
    assert.doesNotMatch(msl, /std::/);
    assert.match(msl, /struct Px \{ uint8_t r, g; \};/);
    assert.match(msl, /device uint8_t\* out/);
    assert.match(msl, /uint8_t v = \(uint8_t\)\(in\[0\]\.r \+ in\[0\]\.g\);/);
  });

  test('cuComplex.h: cuFloatComplex is float2, the functions are helpers written into the MSL', () => {
    const msl = clean('#include <cuComplex.h>\n__global__ void k(const cuFloatComplex *a, cuFloatComplex *o, float *m) { cuFloatComplex z = cuCmulf(a[0], cuConjf(a[1])); o[0] = cuCdivf(cuCaddf(z, make_cuFloatComplex(1.0f, 0.0f)), a[2]); m[0] = cuCabsf(z) + cuCrealf(z) - cuCimagf(z); }\n');
    assert.match(msl, /device const float2\* a/);
    assert.match(msl, /float2 z = cuCmulf\(a\[0\], cuConjf\(a\[1\]\)\);/);
    for (const f of ['cuCmulf', 'cuConjf', 'cuCdivf', 'cuCaddf', 'make_cuFloatComplex', 'cuCabsf', 'cuCrealf', 'cuCimagf']) assert.match(msl, new RegExp(`^inline float2? ${f}\\(`, 'm'), f);
    assert.match(msl, /float s = fabs\(b\.x\) \+ fabs\(b\.y\);/); // CUDA's scaled division
  });

  test('cuDoubleComplex is software double\'s cu2m_double2; refused with its reason under --double=float, nan with --double=error', () => {
    const src = '#include <cuComplex.h>\n__global__ void k(cuDoubleComplex *a, double *m, float *f) { a[0] = cuCadd(a[1], a[2]); m[0] = cuCabs(a[0]) + nan(""); f[0] = nanf(""); }\n';
    const soft = translateSource('t.cu', src);
    assert.deepEqual(errors(soft.diagnostics), []);
    assert.match(soft.msl, /device cu2m_double2\* a/);
    assert.match(soft.msl, /^inline cu2m_double2 cuCadd\(cu2m_double2 a, cu2m_double2 b\)/m);
    assert.match(soft.msl, /m\[0\] = cuCabs\(a\[0\]\) \+ f64::from_bits\(0x7FF8000000000000ul\);/);
    assert.match(soft.msl, /f\[0\] = as_type<float>\(0x7fc00000u\);/);
    const e = errors(translateSource('t.cu', src, { double: 'float' }).diagnostics).join('\n');
    assert.match(e, /2:19 C2M1003 kernel parameter 'a' is a buffer of cuDoubleComplex; its 8-byte layout cannot be demoted/);
    assert.match(e, /C2M1003 'cuCadd': cuComplex\.h's double complex/);
    const e2 = errors(translateSource('t.cu', src, { double: 'error' }).diagnostics).join('\n');
    assert.match(e2, /C2M1003 'nan' returns a double/);
    assert.doesNotMatch(e2, /'nanf'/);
  });

  test('cudaPitchedPtr by value: the runtime struct in the MSL, its ptr a device pointer listed for Metal', () => {
    const t = translateSource('t.cu', '__global__ void k(cudaPitchedPtr pp, int h) { float *row = (float *)((char *)pp.ptr + h * pp.pitch); row[0] = 1.0f; }\nint main() { float *d; size_t p; cudaMallocPitch((void **)&d, &p, 64, 4); k<<<1, 1>>>(make_cudaPitchedPtr(d, p, 64, 4), 2); return 0; }\n');
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /^struct cudaPitchedPtr \{ device void\* ptr; ulong pitch; ulong xsize; ulong ysize; \};$/m);
    assert.match(t.msl, /device float \*row = \(device float \*\)\(\(device char \*\)pp\.ptr \+ h \* pp\.pitch\);/);
    assert.match(t.host, /offsetof\(decltype\(pp\), ptr\)/);
  });
});

describe('host classes in host template arguments (s3d)', () => {
  test('map<string, Option> with Option holding strings: Option is not taken for a kernel template argument', () => {
    const src = [
      '#include <map>',
      '#include <string>',
      'using namespace std;',
      'class Option {',
      ' public:',
      '  string longName;',
      '  string value;',
      '};',
      'struct Cell { float v; };',
      'class Parser { map<string, Option> options; };',
      'template <class T> __global__ void scale(T* p, float s) { p[threadIdx.x].v *= s; }',
      'int main() { Cell* d = 0; scale<Cell><<<1, 32>>>(d, 2.0f); Parser op; return 0; }',
      '',
    ].join('\n');
    const msl = clean(src);
    assert.doesNotMatch(msl, /string longName|class Option/);
    assert.match(msl, /struct Cell \{ float v; \};/);
  });
});

describe('a type named only by a kernel template\'s parameter list (d3q19-bgk)', () => {
  test('template <lattice_type N> __global__ void k(...): the enum reaches the MSL', () => {
    const src = [
      'enum lattice_type { D3Q19 = 19, D3Q27 = 27 };',
      'template <lattice_type N> __global__ void init(float* f) { f[threadIdx.x] = float(N); }',
      'int main() { float* d = 0; init<D3Q19><<<1, 32>>>(d); return 0; }',
      '',
    ].join('\n');
    const msl = clean(src);
    assert.match(msl, /enum lattice_type \{ D3Q19 = 19, D3Q27 = 27 \};/);
    assert.match(msl, /template <lattice_type N>\s*\nkernel void init\(/);
  });
});
