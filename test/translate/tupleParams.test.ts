// Tuples crossing from the host: the host's thrust::tuple is libstdc++'s std::tuple, which stores
// its elements last to first, while the MSL's cu2m_tuple stores them first to last. A kernel
// parameter that is or points to a tuple (thrust::, std::, cuda::std::, through a typedef) is
// C2M1006 at its file:line:col; std::pair (first, second in order on the host too) stays bound;
// tuples made in device code still translate, and cu2m_tuple of one to three elements has no
// empty members (tables/stdNames.ts TUPLE_DEFINITION).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { translateSource } from '../../src/translate/index';
import { STD_POLYFILLED_TEMPLATES } from '../../src/translate/tables/stdNames';

const errors = (ds: readonly Diagnostic[]): string[] => ds.filter((d) => d.severity === 'error').map((d) => `${d.start.line}:${d.start.column} ${d.code} ${d.message}`);

const translate = (head: string, params: string, body: string): ReturnType<typeof translateSource> =>
  translateSource('k.cu', [head, `__global__ void k(${params}) {`, `  ${body}`, '}', ''].join('\n'), {});

describe('tuples as kernel parameters', () => {
  // `params`: the kernel's parameters, the refused one first or second (`bad` is its index).
  const cases: { name: string; head: string; params: string[]; bad: number; param: string; body: string; type: string; verb: string }[] = [
    { name: 'a thrust::tuple by value', head: '#include <thrust/tuple.h>', params: ['float *out', 'thrust::tuple<int, float> t'], bad: 1, param: 't', body: 'out[0] = thrust::get<1>(t);', type: 'thrust::tuple<int, float>', verb: 'is' },
    { name: 'a pointer to std::tuple', head: '#include <tuple>', params: ['const std::tuple<int, float> *ts', 'float *out'], bad: 0, param: 'ts', body: 'out[0] = std::get<1>(ts[0]);', type: 'std::tuple<int, float>', verb: 'points to' },
    { name: 'an array of cuda::std::tuple', head: '#include <cuda/std/tuple>', params: ['cuda::std::tuple<int, int> ts[]', 'int *out'], bad: 0, param: 'ts', body: 'out[0] = cuda::std::get<0>(ts[1]);', type: 'cuda::std::tuple<int, int>', verb: 'points to' },
    { name: 'a typedef of a thrust::tuple', head: '#include <thrust/tuple.h>\ntypedef thrust::tuple<int, int> IdLevel;', params: ['IdLevel *nodes', 'int *out'], bad: 0, param: 'nodes', body: 'out[0] = thrust::get<0>(nodes[0]);', type: 'thrust::tuple<int, int>', verb: 'points to' },
    { name: 'a using alias of a std::tuple', head: '#include <tuple>\nusing Pt = std::tuple<float, float, float>;', params: ['float *out', 'Pt p'], bad: 1, param: 'p', body: 'out[0] = std::get<2>(p);', type: 'std::tuple<float, float, float>', verb: 'is' },
  ];
  for (const c of cases) {
    test(`${c.name}: C2M1006 at the parameter, naming it and the layout`, () => {
      const t = translate(c.head, c.params.join(', '), c.body);
      const line = c.head.split('\n').length + 1;
      const column = '__global__ void k('.length + c.params.slice(0, c.bad).reduce((n, q) => n + q.length + 2, 0) + 1;
      const es = errors(t.diagnostics).filter((e) => e.includes('C2M1006'));
      assert.equal(es.length, 1, errors(t.diagnostics).join('\n'));
      assert.equal(es[0], `${line}:${column} C2M1006 kernel parameter '${c.param}' ${c.verb} a tuple ('${c.type}'); the host's std::tuple stores its elements in another order than the Metal struct, so the kernel would read the wrong members (pass a struct of your own, or the members as separate parameters)`);
      assert.equal(t.diagnostics.find((d) => d.code === 'C2M1006')?.file, 'k.cu');
    });
  }

  test('a struct parameter (or pointer to structs) with a tuple field, also nested: C2M1006 naming the field', () => {
    const head = '#include <thrust/tuple.h>\nstruct Inner { int n; thrust::tuple<int, float> *items; };\nstruct Outer { float scale; Inner in; };';
    const t = translate(head, 'Outer o, float *out', 'out[0] = o.scale;');
    assert.deepEqual(errors(t.diagnostics), [`4:19 C2M1006 kernel parameter 'o' holds a tuple in field 'in.items' ('thrust::tuple<int, float>'); the host's std::tuple stores its elements in another order than the Metal struct, so the kernel would read the wrong members (use a struct of your own for the field)`]);
    const t2 = translate('#include <tuple>\nstruct Rec { std::tuple<int, int> key; float v; };', 'const Rec *recs, float *out', 'out[0] = recs[0].v;');
    assert.deepEqual(errors(t2.diagnostics), [`3:19 C2M1006 kernel parameter 'recs' holds a tuple in field 'key' ('std::tuple<int, int>'); the host's std::tuple stores its elements in another order than the Metal struct, so the kernel would read the wrong members (use a struct of your own for the field)`]);
  });

  test('a std::pair kernel parameter stays bound: the host stores first then second, as cu2m_pair', () => {
    const t = translate('#include <utility>\n#include <cstdint>', 'std::pair<uint64_t, uint64_t> seeds, unsigned long long *out', 'out[0] = seeds.first + seeds.second;');
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /constant cu2m_pair<(?:uint64_t|ulong), (?:uint64_t|ulong)>& seeds \[\[buffer\(0\)\]\]/);
  });

  test('a tuple made and read in device code is still translated', () => {
    const t = translate('#include <thrust/tuple.h>', 'int *out', 'thrust::tuple<int, float> t = thrust::make_tuple(out[0], 2.0f); out[1] = thrust::get<0>(t);');
    assert.deepEqual(errors(t.diagnostics), []);
    assert.match(t.msl, /cu2m_tuple<int, float> t = cu2m_make_tuple\(out\[0\], 2\.0f\);/);
  });
});

describe('cu2m_tuple layout', () => {
  const def = STD_POLYFILLED_TEMPLATES.get('tuple')?.definition ?? '';
  test('one, two and three elements have partial specializations holding only their members', () => {
    assert.ok(def.includes('struct cu2m_tuple<T0, T1, cu2m_tuple_none, cu2m_tuple_none> {\n  T0 v0;\n  T1 v1;\n  cu2m_tuple() = default;'), def);
    assert.ok(def.includes('struct cu2m_tuple<T0, cu2m_tuple_none, cu2m_tuple_none, cu2m_tuple_none> {\n  T0 v0;\n  cu2m_tuple() = default;'), def);
    assert.ok(def.includes('struct cu2m_tuple<T0, T1, T2, cu2m_tuple_none> {\n  T0 v0;\n  T1 v1;\n  T2 v2;\n  cu2m_tuple() = default;'), def);
    // No specialization declares a member of the empty type.
    for (const spec of def.split('template <').filter((s) => s.includes('struct cu2m_tuple<'))) assert.doesNotMatch(spec, /cu2m_tuple_none v\d|T[123] v[123];[\s\S]*cu2m_tuple_none>? \{/, spec);
  });
});
