// src/build/metal.ts: the build plan of the Metal backend (pure data, checked on every platform).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { METAL_MIN_MACOS, isObjCxxSource, metalBuildPlan, metalRunEnv, metalSupported } from '../../src/build/metal';
import { ROOT } from '../helpers/paths';

test('the plan names sources that exist, relative to native/', () => {
  const plan = metalBuildPlan();
  assert.deepEqual(plan.sources, ['metal/metal_backend.mm']);
  for (const s of plan.sources) assert.ok(fs.existsSync(path.join(ROOT, 'native', s)), s);
  // Not in the platform-neutral list: only macOS builds add it.
  const list = fs.readFileSync(path.join(ROOT, 'native', 'runtime', 'sources.txt'), 'utf8');
  assert.ok(!list.includes('metal_backend.mm'));
});

test('compile flags: ARC + Objective-C++ for the .mm only, CU2M_HAVE_METAL and the deployment target everywhere', () => {
  const plan = metalBuildPlan();
  assert.ok(plan.objcxxflags.includes('-fobjc-arc'));
  const x = plan.objcxxflags.indexOf('-x');
  assert.equal(plan.objcxxflags[x + 1], 'objective-c++');
  assert.equal(x, plan.objcxxflags.length - 2, '-x objective-c++ comes last, right before the source');
  assert.ok(plan.cxxflags.includes('-DCU2M_HAVE_METAL=1'));
  assert.ok(plan.cxxflags.includes(`-mmacosx-version-min=${METAL_MIN_MACOS}`));
  assert.equal(METAL_MIN_MACOS, '13.0');
  assert.ok(isObjCxxSource('metal/metal_backend.mm'));
  assert.ok(!isObjCxxSource('runtime/runtime.cpp'));
  // The macro must be the one cpu_backend.cpp tests.
  const cpu = fs.readFileSync(path.join(ROOT, 'native', 'runtime', 'cpu_backend.cpp'), 'utf8');
  assert.match(cpu, /#if defined\(__APPLE__\) && defined\(CU2M_HAVE_METAL\)\n\s*return createMetalBackend\(error\);/);
});

test('link flags: the Metal, Foundation and CoreGraphics frameworks', () => {
  const ld = metalBuildPlan().ldflags.join(' ');
  assert.match(ld, /-framework Metal/);
  assert.match(ld, /-framework Foundation/);
  assert.match(ld, /-framework CoreGraphics/, 'MTLCreateSystemDefaultDevice needs it in command-line programs');
});

test('run environment', () => {
  assert.deepEqual(metalRunEnv('/tmp/a.metal'), { CU2METAL_BACKEND: 'metal', CU2METAL_MODULE: '/tmp/a.metal' });
  assert.deepEqual(metalRunEnv('/tmp/a.metal', { fastMath: true, device: 'M2', pipelineCache: false }), {
    CU2METAL_BACKEND: 'metal',
    CU2METAL_MODULE: '/tmp/a.metal',
    CU2METAL_FAST_MATH: '1',
    CU2METAL_METAL_DEVICE: 'M2',
    CU2METAL_METAL_CACHE: '0',
  });
  // Every variable it sets is one the backend reads.
  const mm = fs.readFileSync(path.join(ROOT, 'native', 'metal', 'metal_backend.mm'), 'utf8');
  for (const v of ['CU2METAL_FAST_MATH', 'CU2METAL_METAL_DEVICE', 'CU2METAL_METAL_CACHE']) assert.ok(mm.includes(`"${v}"`), v);
});

test('platforms', () => {
  assert.equal(metalSupported('darwin'), true);
  assert.equal(metalSupported('linux'), false);
});
