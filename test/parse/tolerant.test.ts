// Valid CUDA that tree-sitter-cuda cannot parse as written (src/parse/tolerant.ts, the specifier
// macros and host-pass branches of src/parse/preprocess.ts, pointers to members in parse.ts). Each
// case is a minimised construct of a HeCBench program that stopped on a C2M0001 parse error; each
// checks first that the grammar really fails on the text as written.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSource, syntaxDiagnostics } from '../../src/parse/parse';
import { preprocess } from '../../src/parse/preprocess';
import { tolerantRewrites } from '../../src/parse/tolerant';
import { translateSource } from '../../src/translate/index';

/** The grammar's own verdict on the text as written (no preprocessing). */
const rawErrors = (src: string): number => syntaxDiagnostics(parseSource('t.cu', src)).length;

/** Preprocessed text: parses without a diagnostic, and has as many lines as the input. */
function clean(src: string): string {
  const r = preprocess('t.cu', src);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.text.split('\n').length, src.split('\n').length, 'lines never move');
  const d = syntaxDiagnostics(parseSource('t.cu', r.text));
  assert.deepEqual(
    d.map((x) => `${x.start.line}:${x.start.column} ${x.message}`),
    [],
    r.text,
  );
  return r.text;
}

function translates(src: string): string {
  const t = translateSource('t.cu', src);
  assert.deepEqual(
    t.diagnostics.map((d) => `${d.start.line}:${d.start.column} ${d.code} ${d.message}`),
    [],
  );
  return t.msl;
}

const KERNEL = '__global__ void k(int* out) { out[threadIdx.x] = 1; }\n';

describe('declaration specifiers in an order the grammar does not take', () => {
  test('__host__ __device__ friend (gpp, idivide): friend goes first', () => {
    const src = 'struct D {\n  int d;\n  __host__ __device__ __forceinline__\n  friend int operator/(const int n, const D& v) { return n / v.d; }\n};\n' + KERNEL;
    assert.ok(rawErrors(src) > 0);
    const text = clean(src);
    assert.match(text, /friend __host__ __device__ __forceinline__\n\s+int operator\//);
    translates(src);
  });
  test('__host__ __device__ explicit (gpp): read as a constructor, not a type named explicit', () => {
    const src = 'struct C {\n  float x;\n  __host__ __device__\n  explicit C(float a) { x = a; }\n};\n__global__ void k(float* out) { C c(2.0f); out[0] = c.x; }\n';
    // The grammar takes `explicit` as the type of a member function here (no syntax error, a wrong tree).
    assert.match(parseSource('t.cu', src).tree.rootNode.toString(), /type: \(type_identifier\) declarator: \(function_declarator/);
    assert.match(clean(src), /explicit __host__ __device__\n\s+C\(float a\)/);
    assert.match(translates(src), /explicit C\(float a\)|C\(float a\)/);
  });
});

describe('GNU attributes where the grammar takes none', () => {
  test('after a variable\'s declarator (affine): moved in front of it', () => {
    const src = [
      '__global__ void k(float* out) {',
      '  __shared__ float tile[64] __attribute__((aligned(16)));',
      '  tile[threadIdx.x] = 1.0f;',
      '  out[threadIdx.x] = tile[threadIdx.x];',
      '}',
      'int main() {',
      '  unsigned short image[16 * 16] __attribute__((aligned(1024)));',
      '  int n __attribute__((unused)) = 3;',
      '  return image[0];',
      '}',
      '',
    ].join('\n');
    assert.ok(rawErrors(src) > 0);
    const text = clean(src);
    assert.match(text, /__shared__ float __attribute__\(\(aligned\(16\)\)\) tile\[64\];/);
    assert.match(text, /unsigned short __attribute__\(\(aligned\(1024\)\)\) image\[16 \* 16\];/);
    assert.match(text, /int __attribute__\(\(unused\)\) n = 3;/);
    assert.match(translates(src), /threadgroup float __attribute__\(\(aligned\(16\)\)\) tile\[64\];/);
  });
  test('not moved where the meaning would change: after a struct body, before more declarators', () => {
    const src = 'struct { int a; } s __attribute__((aligned(16)));\nint a[4] __attribute__((aligned(16))), b;\n';
    assert.equal(tolerantRewrites(src), src);
  });
  test('unused after a struct body or among declarators (ssim\'s MAYBE_UNUSED): spaces', () => {
    const src = [
      '#define MAYBE_UNUSED __attribute__((unused))',
      'static struct PosInf { __device__ operator float() const { return 1.0f / 0.0f; } } inf MAYBE_UNUSED, pos_inf MAYBE_UNUSED;',
      'static struct Zero { __device__ operator float() const { return 0.0f; } } zero MAYBE_UNUSED;',
      'int a MAYBE_UNUSED, b __attribute__((__unused__)) = 2;',
      '__global__ void k(float* out) { out[threadIdx.x] = (float)zero + (out[0] < (float)inf ? 1.0f : 0.0f); }',
      '',
    ].join('\n');
    assert.ok(rawErrors(src.replace(/ MAYBE_UNUSED/g, ' __attribute__((unused))')) > 0);
    const text = clean(src);
    assert.match(text, /\} inf\s+, pos_inf\s+;/);
    assert.match(text, /\} zero\s+;/);
    assert.match(text, /int a\s+, b\s+= 2;/);
    assert.doesNotMatch(tolerantRewrites('struct { int a; } s __attribute__((aligned(16)));\n'), /^\s*struct \{ int a; \} s\s+;/, 'only unused is dropped');
  });
  test('after typedef, from __align__ in a macro (blockAccess, quantBnB): moved to the end', () => {
    const src = [
      'template <typename T> struct AlignBytes;',
      '#define ALIGN_BYTES_OF(t, b) \\',
      '  template <> struct AlignBytes<t> { enum { ALIGN_BYTES = b }; typedef __align__(b) t Type; };',
      'ALIGN_BYTES_OF(short4, 8)',
      'ALIGN_BYTES_OF(unsigned long long, 8)',
      KERNEL,
    ].join('\n');
    assert.ok(rawErrors(src.replace(/__align__\(b\)/, '__attribute__((aligned(b)))')) > 0);
    const text = clean(src);
    assert.match(text, /typedef short4 Type __attribute__\(\(aligned\(8\)\)\);/);
    assert.match(text, /typedef unsigned long long Type __attribute__\(\(aligned\(8\)\)\);/);
  });
  test('in an alias declaration (topk): the typedef spelling', () => {
    const src = 'using fp32x4 = __attribute__((__ext_vector_type__(4))) float;\n' + KERNEL;
    assert.ok(rawErrors(src) > 0);
    assert.match(clean(src), /^typedef float fp32x4 __attribute__\(\(__ext_vector_type__\(4\)\)\);/);
  });
});

test('a deleted primary function template (kiss): a declaration without definition', () => {
  const src = 'struct H {\n  template<class T>\n  __host__ __device__ inline\n  static unsigned hash(T) = delete;\n  __host__ __device__ static unsigned hash(unsigned x) { return x * 2654435761u; }\n};\n__global__ void k(unsigned* out) { out[0] = H::hash(out[1]); }\n';
  assert.ok(rawErrors(src) > 0);
  assert.match(clean(src), /static unsigned hash\(T\) ;/);
  assert.equal(tolerantRewrites('struct H { static unsigned hash(int) = delete; };\n'), 'struct H { static unsigned hash(int) = delete; };\n', 'not outside a template (the grammar takes it)');
});

test('a block comment inside a #define body (qtclustering): spaces', () => {
  const src = '#define SET(p, v) do { \\\n    /* "v" goes to p */ \\\n    (p)[0] = (v); \\\n} while (0)\n__global__ void k(int* out) { SET(out, 7); }\n';
  assert.ok(rawErrors(src) > 0);
  const text = clean(src);
  assert.match(text, /^#define SET\(p, v\) do \{ \\\n +\\\n {4}\(p\)\[0\] = \(v\); \\\n/);
  assert.equal(tolerantRewrites('#define A 1 /* last */\n'), '#define A 1 /* last */\n', 'a comment that ends the body stays');
  translates(src);
});

test('the null directive (kurtosis): an empty line', () => {
  const src = '#include <cstring>\n#\n# /* nothing */\n' + KERNEL;
  assert.ok(rawErrors(src) > 0);
  assert.equal(clean(src).split('\n').slice(0, 3).join('|'), '#include <cstring>||');
  translates(src);
});

describe('macros the grammar cannot see through', () => {
  test('specifier macros (frna, prna, hungarian, murmurhash3, s3d, tensorAccessor) are expanded at their uses', () => {
    const src = [
      '#define HOST __host__',
      '#define DEV __device__',
      '#define MANAGED __managed__',
      '#define FORCE_INLINE inline __attribute__((always_inline))',
      '#define RESTRICT __restrict__',
      'MANAGED __device__ int counter;',
      'DEV HOST inline static int twice(int x) { return 2 * x; }',
      '__host__ __device__',
      'FORCE_INLINE int thrice(int x) { return 3 * x; }',
      '__global__ void k(const int* RESTRICT in, int* RESTRICT out) { out[0] = twice(in[0]) + thrice(in[1]); }',
      '',
    ].join('\n');
    assert.ok(rawErrors(src) > 0);
    const text = clean(src);
    assert.match(text, /^__managed__ __device__ int counter;$/m);
    assert.match(text, /^__device__ __host__ inline static int twice/m);
    assert.match(text, /^inline __attribute__\(\(always_inline\)\) int thrice/m);
    assert.match(text, /const int\* __restrict__ in, int\* __restrict__ out/);
  });
  test('in the host-pass branch of a __CUDA_ARCH__ conditional too (attentionMultiHeadKVCache), unless defined under one', () => {
    const src = [
      '#define FI inline __attribute__((always_inline)) __device__',
      '#ifdef __CUDA_ARCH__',
      '#define ONLY_DEVICE __device__',
      '#else',
      '#define ONLY_DEVICE __host__',
      '#endif',
      '#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ < 800)',
      'FI float half_of(float x) { return x * 0.5f; }',
      'ONLY_DEVICE int g();',
      '#else',
      'FI float half_of(float x) { return x / 2.0f; }',
      '#endif',
      KERNEL,
    ].join('\n');
    const lines = preprocess('t.cu', src).text.split('\n');
    assert.equal(lines[7], 'inline __attribute__((always_inline)) __device__ float half_of(float x) { return x * 0.5f; }');
    assert.equal(lines[8], 'ONLY_DEVICE int g();', 'its definition for the host pass is not known here');
    assert.equal(lines[10], 'inline __attribute__((always_inline)) __device__ float half_of(float x) { return x / 2.0f; }');
  });
  test('a GNU statement-expression macro (chemv) stays a call, with its #define', () => {
    const src = '#define my_min(x,y) ({ __typeof__(x) _x = (x); __typeof__(y) _y = (y); _x < _y ? _x : _y; })\n__global__ void k(int* out) {\n  for (int c = 0; c <= my_min(8, out[0]); c += 1) out[c + 1] = c;\n}\n';
    const msl = translates(src);
    assert.match(msl, /#define my_min\(x,y\) +\(\{ __typeof__\(x\) _x/);
    assert.match(msl, /c <= my_min\(8, out\[0\]\)/);
  });
});

describe('pointers to members (lulesh)', () => {
  test('a pointer-to-member typedef outside device code is host code: a warning, the kernel translates', () => {
    const src = 'struct Domain { float v[4]; float& x(int i) { return v[i]; } };\ntypedef float &(Domain::* Domain_member )(int) ;\n' + KERNEL;
    assert.ok(rawErrors(src) > 0);
    const t = translateSource('t.cu', src);
    assert.equal(t.ok, true, JSON.stringify(t.diagnostics));
    assert.deepEqual(
      t.diagnostics.map((d) => [d.code, d.start.line, d.start.column]),
      [['C2M0003', 2, 17]],
    );
    assert.equal(t.manifest.kernels.length, 1);
  });
  test('inside a kernel it is still a syntax error', () => {
    const t = translateSource('t.cu', 'struct D { int a; };\n__global__ void k(int* out) {\n  typedef int (D::* M)(int);\n  out[0] = 1;\n}\n');
    assert.equal(t.ok, false);
    assert.deepEqual(
      t.diagnostics.map((d) => [d.code, d.start.line]),
      [['C2M0001', 3]],
    );
  });
});

describe('(a) - (b) with a variable a: not a cast (lulesh, affine)', () => {
  test('a macro that parenthesises its parameters, and (p[i]) + x', () => {
    const src = [
      '#define TRIPLE(x1, y1, z1, x2, y2, z2) ((x1)*((y2)*(z1) - (z2)*(y1)) + (x2)*((z1)*(y1) - (y1)*(z2)))',
      '__global__ void k(const float* src, float* out, float w) {',
      '  float a = src[0], b = src[1], c = src[2];',
      '  out[0] = TRIPLE(a, b, c, a + b, b, c);',
      '  out[1] = (1.0f - w) * (src[3]) + w * (src[4]);',
      '}',
      '',
    ].join('\n');
    const raw = preprocess('t.cu', src).text;
    assert.match(parseSource('t.cu', raw).tree.rootNode.toString(), /cast_expression/, 'the grammar reads casts');
    const msl = translates(src);
    // TRIPLE goes into the MSL as written: its parameter y1 is not the Bessel function y1 (y1f).
    assert.match(msl, /#define TRIPLE\(x1, y1, z1, x2, y2, z2\) \(\(x1\)\*\(\(y2\)\*\(z1\) - \(z2\)\*\(y1\)\)/);
    assert.match(msl, /out\[0\] = TRIPLE\(a, b, c, a \+ b, b, c\);/);
    assert.doesNotMatch(msl, /cu2m_y1f/);
    assert.doesNotMatch(msl, /\((?:b|c)\) -/, 'no cast left: the parentheses are spaces');
    assert.match(msl, /\* +src\[3\] + \+ w/);
  });
  test('expanded at its use (it names __fmul_rn), the parenthesised values are not casts', () => {
    const src = [
      '#define TRIPLE(x1, y1, z1, x2, y2, z2) __fmul_rn((x1)*((y2)*(z1) - (z2)*(y1)) + (x2)*((z1)*(y1) - (y1)*(z2)), 2.0f)',
      '__global__ void k(const float* src, float* out) {',
      '  float a = src[0], b = src[1], c = src[2];',
      '  out[0] = TRIPLE(a, b, c, a + b, b, c);',
      '}',
      '',
    ].join('\n');
    const msl = translates(src);
    assert.match(msl, /out\[0\] = .*\(\(a\)\*\(\(b\)\*\(c\) - \(c\)\*\(b\)\)|out\[0\] = .*\( *a *\)\* *\(\( *b *\)\*/);
    assert.doesNotMatch(msl, /#define TRIPLE/);
  });
  test('(a*(b))*(c) with a variable b: a product, not a cast to the function type a*(b) (wsm5)', () => {
    const src = [
      '#define rv 461.6f',
      '__global__ void k(const float* src, float* out) {',
      '  float xl = src[0], cpm = src[1], qs = src[2];',
      '  out[0] = (xl)*(xl)/(rv*(cpm))*(qs);',
      '}',
      '',
    ].join('\n');
    const raw = preprocess('t.cu', src).text;
    assert.match(parseSource('t.cu', raw).tree.rootNode.toString(), /abstract_function_declarator/, 'the grammar reads a cast to a function type');
    const msl = translates(src);
    // only the parentheses around cpm go: the division still takes the whole product
    assert.match(msl, /out\[0\] = \(xl\)\*\(xl\)\/\(rv\* cpm \)\*\(qs\);/);
  });
  test('a cast to a real type stays a cast', () => {
    const src = 'typedef float real;\n__global__ void k(float* out, int n) { out[0] = (real)-n; }\n';
    assert.match(translates(src), /\(real\)-n|\(float\)-n/);
  });
});

describe('execution-space qualifiers after the return type (logan)', () => {
  test('Ty const & __device__ __host__ f(...): the qualifiers go to the start of the declaration', () => {
    const src = [
      'template<typename Ty>',
      'Ty const &',
      '__device__ __host__ max_of(const Ty& a, const Ty& b)',
      '{',
      '  return a < b ? b : a;',
      '}',
      'struct S { int v;',
      '  public: int const __device__ get() const { return v; }',
      '};',
      '__global__ void k(int* out) { S s = {out[1]}; out[threadIdx.x] = max_of(out[0], 3) + s.get(); }',
      '',
    ].join('\n');
    assert.ok(rawErrors(src) > 0);
    const text = clean(src);
    assert.match(text, /template<typename Ty>\n__device__ __host__ Ty const &\n +max_of\(/);
    assert.match(text, /public: __device__ int const +get\(\) const/);
    const msl = translates(src);
    assert.match(msl, /Ty const thread &\s*max_of\(|Ty const &\s*max_of\(|max_of\(/);
    assert.doesNotMatch(msl, /__device__|__host__/);
  });
  test('not moved out of an expression or a plain return type', () => {
    const src = 'int f(int a, int b) { return a * b; }\n__device__ int g(int x) { return x; }\n';
    assert.equal(tolerantRewrites(src), src);
  });
});

describe('token-pasting macros naming a type (debayer)', () => {
  test('typedef PASTE(BASE, CHANNELS) T: the pasted name is what the grammar sees', () => {
    const src = [
      '#define PASTE_2(a, b) a##b',
      '#define PASTE(a, b) PASTE_2(a, b)',
      '#define CHANNELS 4',
      '#define BASET uchar',
      '#define PIXELT PASTE(BASET, CHANNELS)',
      'typedef PIXELT PixelT;',
      '__global__ void k(PixelT* out) { PixelT p = make_uchar4(1, 2, 3, 4); out[threadIdx.x] = p; }',
      '',
    ].join('\n');
    const text = clean(src);
    assert.match(text, /^typedef +uchar4 PixelT;$/m);
    const msl = translates(src);
    assert.match(msl, /typedef +uchar4 PixelT;/);
  });
});

describe('the vexing parse: an object with a variable among its arguments (collision)', () => {
  test('Pair<T, int> p(val, lane()): an object definition, its call translated', () => {
    const src = [
      'template <typename K, typename V> struct Pair {',
      '  K k; V v;',
      '  __device__ Pair(K a, V b) : k(a), v(b) {}',
      '};',
      '__device__ int lane() { return threadIdx.x & 31; }',
      'template <typename T> __device__ T first(T val) {',
      '  Pair<T, int> p(val, lane());',
      '  return p.k + T(p.v);',
      '}',
      '__global__ void k(float* out) { out[threadIdx.x] = first(out[threadIdx.x]); }',
      '',
    ].join('\n');
    const raw = preprocess('t.cu', src).text;
    assert.match(parseSource('t.cu', raw).tree.rootNode.toString(), /declarator: \(function_declarator declarator: \(identifier\) parameters: \(parameter_list \(parameter_declaration type: \(type_identifier\)\)/, 'the grammar reads a function declaration');
    const msl = translates(src);
    assert.match(msl, /Pair<T, int> p\(\(val\), lane\(threadIdx\)\);/);
  });
  test('products and calls in direct-initialisations (marchingCubes): objects, translated', () => {
    const src = [
      'constexpr unsigned int gridX1(15);',
      'constexpr unsigned int blockX(5);',
      'constexpr unsigned int gridX2(gridX1* blockX);',
      '__global__ void k(unsigned* p) {',
      '  unsigned int eds(7), d(p[0]);',
      '  unsigned int n(__popc(d &= eds));',
      '  p[threadIdx.x] = n + gridX2;',
      '}',
      '',
    ].join('\n');
    const tree = parseSource('t.cu', preprocess('t.cu', src).text).tree.rootNode.toString();
    assert.match(tree, /parameters: \(parameter_list \(parameter_declaration type: \(type_identifier\) declarator: \(pointer_declarator/, 'the grammar reads gridX2 as a function');
    const msl = translates(src);
    assert.match(msl, /^constant unsigned int gridX2 = \(gridX1\* blockX\);$/m);
    assert.match(msl, /unsigned int eds\(7\), d\(\(p\[0\]\)\);/);
    assert.match(msl, /unsigned int n\(\(popcount\(uint\(d &= eds\)\)\)\);/);
  });
  test('a file-scope prototype whose parameter type is a type stays a prototype', () => {
    const src = 'struct Cfg { int n; };\n__device__ int use(Cfg* c);\n__device__ int use(Cfg* c) { return c->n; }\n__global__ void k(Cfg* c, int* out) { out[0] = use(c); }\n';
    assert.doesNotMatch(translateSource('t.cu', src).msl, /\(\(Cfg|use\(\(/);
  });
  test('a real block-scope function declaration stays one', () => {
    const src = 'struct P { int a; };\n__device__ int g() { P h(P); return 1; }\n__global__ void k(int* out) { out[0] = g(); }\n';
    assert.doesNotMatch(translateSource('t.cu', src).msl, /\(\(P\)\)|h\(\(/);
  });
});

describe('a launch inside a statement macro\'s argument (d3q19-bgk)', () => {
  test('HANDLE_KERNEL_ERROR(k<<<g, b>>>(...)): the expansion keeps <<< and >>>, the launch is rewritten', () => {
    const src = [
      '#include <cstdio>',
      '#define HANDLE_KERNEL_ERROR(...) \\',
      '  __VA_ARGS__;                 \\',
      '  if (cudaPeekAtLastError() != cudaSuccess) printf("launch failed\\n");',
      'template <int N> __global__ void fill(int* out) { out[threadIdx.x] = N; }',
      'int main() {',
      '  int* d;',
      '  cudaMalloc(&d, 64 * sizeof(int));',
      '  HANDLE_KERNEL_ERROR(fill<7><<<dim3(1, 1, 1), 64>>>(',
      '    d));',
      '  return 0;',
      '}',
      '',
    ].join('\n');
    const text = clean(src);
    assert.match(text, /fill<7><<<dim3\(1, 1, 1\), 64>>>\( d\);/);
    const t = translateSource('t.cu', src);
    assert.deepEqual(t.diagnostics.map((d) => d.message), []);
    assert.match(t.host, /\(cu2mPushCallConfiguration\(dim3\(1, 1, 1\), 64\), fill<7>\( d\)\);/);
    assert.match(t.msl, /kernel void fill/);
  });
});

describe('a pointer initialised from this->... (diamond)', () => {
  test('const Letter* begin(this->data(offset)): the parentheses become braces', () => {
    const src = [
      'typedef char Letter;',
      'struct Seqs {',
      '  Letter buf[64];',
      '  const Letter* data(int i) const { return buf + i; }',
      '  int count(int offset, int w) const {',
      '    const Letter* begin(this->data(offset));',
      '    const Letter* const end(this->data(offset + w));',
      '    g(this->data(0));',
      '    return int(end - begin);',
      '  }',
      '  static void g(const Letter*) {}',
      '};',
      KERNEL,
    ].join('\n');
    assert.ok(rawErrors(src) > 0);
    const text = clean(src);
    assert.match(text, /const Letter\* begin\{this->data\(offset\)\};/);
    assert.match(text, /const Letter\* const end\{this->data\(offset \+ w\)\};/);
    assert.match(text, /^ +g\(this->data\(0\)\);$/m, 'a call is left alone');
  });
});
