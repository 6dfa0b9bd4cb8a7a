// `std::` names in device code (src/translate/stdNames.ts): numeric_limits and type traits become
// metal::'s, std::f math calls the Functions table's f; both CPU backends agree, and what Metal
// cannot do (numeric_limits of a software double) is still refused.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'std_names', 'std_names.cu');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-std-'));

describe('std:: names in device code', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`numeric_limits, is_same, make_unsigned, std::abs/sqrt/fabs/fmin/isinf: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', prog, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^out\[5\] = 41\.7247, wide\[3\] = 18446744073709551612, bits\[8\] = 32791$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 3 of 3 copies match/, show(r));
  });
  test('the MSL names metal:: templates and calls the math functions without std::', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'std_names.metal'), 'utf8');
    assert.match(msl, /return metal::numeric_limits<T>::max\(\);/);
    assert.match(msl, /metal::is_same<T, float>::value/);
    assert.match(msl, /typename metal::make_unsigned<int>::type u/);
    assert.match(msl, /out\[i\] = abs\(x\) \+ sqrt\(fabs\(x\)\) \+ fmin\(x, 0\.0f\);/);
    assert.doesNotMatch(msl, /std::/);
  });
  test('numeric_limits<double> is refused under software double (C2M1003), other std:: names still C2M1002', async () => {
    const dir = tmp();
    const file = path.join(dir, 'd.cu');
    fs.writeFileSync(file, '#include <limits>\n__global__ void k(double *p, int *q) {\n  p[0] = std::numeric_limits<double>::max();\n  q[0] = std::rand();\n}\n');
    const r = await cu2metal(['check', '--no-build', file]);
    assert.equal(r.code, 3, show(r));
    assert.match(r.stderr, /d\.cu:3:10: error: 'std::numeric_limits<double>::max': Metal's numeric_limits has no software double \[C2M1003\]/, show(r));
    assert.match(r.stderr, /d\.cu:4:10: error: device code uses 'std::rand', which has no Metal equivalent yet \[C2M1002\]/, show(r));
  });
});

const traits = path.join('test', 'fixtures', 'std_traits', 'std_traits.cu');

describe('C++17 trait shorthands and std::forward/std::move in device code', { concurrency: false }, () => {
  for (const backend of ['msl-cpu', 'cuda-cpu']) {
    test(`is_same_v / is_floating_point_v / is_signed_v in if constexpr, make_unsigned_t, forward, move: PASSED on ${backend}`, async () => {
      const r = await cu2metal(['run', traits, '--backend', backend]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^unsigned: out\[7\] = 24, out\[90\] = 10, 0 wrong$/m, show(r));
      assert.match(r.stdout, /^float: out\[7\] = 5, out\[90\] = 9\.5, 0 wrong$/m, show(r));
      assert.match(r.stdout, /^int: out\[7\] = 24, out\[90\] = 11, 0 wrong$/m, show(r));
      assert.match(r.stdout, /^PASSED$/m, show(r));
    });
  }
  test('diff: every copy matches the reference', async () => {
    const r = await cu2metal(['diff', traits]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /OK: 3 of 3 copies match/, show(r));
  });
  test('the MSL spells the traits metal::X<...>::value / ::type; forward and move become their argument', async () => {
    const dir = tmp();
    const r = await cu2metal(['translate', traits, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'std_traits.metal'), 'utf8');
    assert.match(msl, /if constexpr \(metal::is_same<T, unsigned>::value\)/);
    assert.match(msl, /else if constexpr \(metal::is_floating_point<T>::value\)/);
    assert.match(msl, /typename metal::make_unsigned<int>::type mask = 0xffu;/);
    assert.match(msl, /auto combine\(A a, B b\) -> decltype\(\(a\) \* 2 \+ \(b\)\) \{\n {2}return \(a\) \* 2 \+ \(b\);/);
    assert.match(msl, /T t = \(lo\);\n {4}lo = \(hi\);/);
    assert.doesNotMatch(msl, /std::/);
  });
});
