// Kernels with more than Metal's 31 buffers (src/translate/argumentBuffer.ts): a self-checking
// program (46 parameters: 40 pointers, char/int/double/float3/struct/ushort values, a __constant__
// table and printf outside the argument buffer; a kernel template with shared memory and barriers)
// on both CPU backends and diffed. On msl-cpu the runtime also checks each launch's argument-buffer
// offsets, which the Metal backend uses, against the MSL struct's layout (cpu_backend.cpp).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cu2metal, selfCheckingOnBothBackends, show } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'argument_buffer', 'argument_buffer.cu');

describe('argument buffers: kernels with more than 31 buffers', () => {
  selfCheckingOnBothBackends(prog, '46 parameters (40 pointers) and 41, values of every alignment, a template with barriers', {
    copies: 78,
    extra: (r) => assert.match(r.stdout, /^spread: tag 3, step 5$/m, 'printf, a buffer after the argument buffer'),
  });
  test('the MSL: one struct per kernel at [[buffer(0)]], the other buffers after it, locals named as the parameters', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-test-'));
    const r = await cu2metal(['translate', prog, '-o', dir]);
    assert.equal(r.code, 0, show(r));
    const msl = fs.readFileSync(path.join(dir, 'argument_buffer.metal'), 'utf8');
    assert.match(msl, /kernel void spread\(constant cu2m_spread_args& cu2m_args \[\[buffer\(0\)\]\], constant float\* c_weights \[\[buffer\(1\)\]\], device uint\* cu2m_printf_buffer \[\[buffer\(2\)\]\],/);
    assert.match(msl, / {2}packed_float3 offset; \/\/ float3 offset\n {2}Affine aff; \/\/ Affine aff\n {2}unsigned short step; \/\/ unsigned short step\n\};/);
    assert.match(msl, / {2}Affine aff = cu2m_args\.aff;\n/);
    assert.match(msl, /kernel void blockSums\(constant cu2m_blockSums_args<T, TILE>& cu2m_args \[\[buffer\(0\)\]\], uint3 threadIdx/);
    assert.match(msl, /\/\/ kernel spread: 48 buffers, more than Metal's 31: its 46 parameters in one argument buffer\n/);
  });
  test('check says which kernels take an argument buffer', async () => {
    const r = await cu2metal(['check', '--no-build', prog]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^kernel spread \(.*:23\): 42 buffer\(s\); 6 scalar\(s\); .*; parameters in one argument buffer \(more than Metal's 31 buffers\)$/m);
  });
});
