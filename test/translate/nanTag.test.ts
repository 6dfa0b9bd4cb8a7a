// nan(tag)/nanf(tag) in device code (src/translate/complexDouble.ts): a string literal tag's number
// goes into the quiet NaN's payload, read as glibc reads it (strtoull with base 0, the whole tag),
// which is what an H100 printed for nanf("0x12") and nan("7") (test/fixtures/complex_double).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nanCall, nanTagNumber } from '../../src/translate/complexDouble';
import { translateSource } from '../../src/translate/index';

test('the tag is a hexadecimal, octal or decimal number, or no payload', () => {
  assert.equal(nanTagNumber(''), 0n);
  assert.equal(nanTagNumber('0x12'), 0x12n);
  assert.equal(nanTagNumber('0X1f'), 0x1fn);
  assert.equal(nanTagNumber('7'), 7n);
  assert.equal(nanTagNumber('010'), 8n);
  assert.equal(nanTagNumber('12abc'), 0n, 'not wholly a number: no payload (glibc)');
  assert.equal(nanTagNumber('-5'), 0n);
  assert.equal(nanTagNumber('0x'), 0n);
  assert.equal(nanTagNumber('99999999999999999999'), 0xFFFFFFFFFFFFFFFFn, 'saturates as strtoull');
});

test('the payload: the low 52 bits of a double\'s, 22 of a float\'s, below the quiet bit', () => {
  assert.equal(nanCall('nanf', 'soft', '0x12'), 'as_type<float>(0x7fc00012u)');
  assert.equal(nanCall('nan', 'soft', '7'), 'f64::from_bits(0x7FF8000000000007ul)');
  assert.equal(nanCall('nan', 'soft', '0xFFFFFFFFFFFFFFFF'), 'f64::from_bits(0x7FFFFFFFFFFFFFFFul)');
  assert.equal(nanCall('nanf', 'soft', '0x400001'), 'as_type<float>(0x7fc00001u)');
  assert.equal(nanCall('nan', 'soft', ''), 'f64::from_bits(0x7FF8000000000000ul)');
  assert.equal(nanCall('nan', 'float', '7'), 'as_type<float>(0x7fc00007u)');
  assert.equal(nanCall('nan', 'error', '7'), null);
  assert.equal(nanCall('sqrt', 'soft', '7'), undefined);
});

test('in a kernel: a literal tag gives its payload, any other argument the plain quiet NaN', () => {
  const t = translateSource('f.cu', '__global__ void k(float* p, const char* s) { p[0] = nanf("0x12"); p[1] = nanf(s); p[2] = nanf(""); }\n');
  assert.match(t.msl, /p\[0\] = as_type<float>\(0x7fc00012u\);/);
  assert.match(t.msl, /p\[1\] = as_type<float>\(0x7fc00000u\);/);
  assert.match(t.msl, /p\[2\] = as_type<float>\(0x7fc00000u\);/);
});
