import * as path from 'node:path';

/** The repository root (tests run from dist/test/...). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'bin', 'cu2metal.js');
export const SAMPLES = path.join(ROOT, 'samples');
export const GOLDEN = path.join(ROOT, 'test', 'golden');
export const UPDATE = process.env['UPDATE'] === '1';
