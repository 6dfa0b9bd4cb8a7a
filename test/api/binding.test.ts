// binding.gyp compiles the runtime core into the addon: its list must be native/runtime/sources.txt's
// (less the program-only start-up code).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { metalBuildPlan } from '../../src/build/metal';
import { ROOT } from '../helpers/paths';

const runtimeSources = (): string[] =>
  fs
    .readFileSync(path.join(ROOT, 'native', 'runtime', 'sources.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('LDFLAGS:') && !l.endsWith(' program-only'))
    .map((l) => `native/${l}`)
    .sort();

const gyp = (): string => fs.readFileSync(path.join(ROOT, 'binding.gyp'), 'utf8').replace(/#.*$/gm, '');

test('binding.gyp lists exactly the runtime sources of native/runtime/sources.txt', () => {
  const listed = [...gyp().matchAll(/'(native\/(?:runtime|cpu)\/[^']+\.(?:cpp|cc))'/g)].map((m) => m[1]!).sort();
  assert.deepEqual(listed, runtimeSources());
});

test('binding.gyp links what sources.txt asks for', () => {
  const ld = fs.readFileSync(path.join(ROOT, 'native', 'runtime', 'sources.txt'), 'utf8').match(/^LDFLAGS:(.*)$/m)?.[1]?.trim().split(/\s+/) ?? [];
  const text = gyp();
  for (const flag of ld) assert.ok(text.includes(`'${flag}'`), `binding.gyp lacks ${flag}`);
});

test('binding.gyp compiles every addon source', () => {
  const addon = fs.readdirSync(path.join(ROOT, 'native', 'addon')).filter((f) => f.endsWith('.cc')).map((f) => `native/addon/${f}`).sort();
  const listed = [...gyp().matchAll(/'(native\/addon\/[^']+\.cc)'/g)].map((m) => m[1]!).sort();
  assert.deepEqual(listed, addon);
});

test('on macOS the addon links the frameworks the Metal backend needs, CoreGraphics included', () => {
  const ld = /'OTHER_LDFLAGS':\s*\[([^\]]*)\]/.exec(gyp())?.[1] ?? '';
  for (const fw of ['Metal', 'Foundation', 'CoreGraphics']) assert.match(ld, new RegExp(`'-framework ${fw}'`), fw);
  // The same list as the command-line build plan (src/build/metal.ts).
  const plan = metalBuildPlan().ldflags.join(' ');
  for (const fw of ['Metal', 'Foundation', 'CoreGraphics']) assert.match(plan, new RegExp(`-framework ${fw}`), fw);
});
