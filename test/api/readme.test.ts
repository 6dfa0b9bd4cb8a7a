// The README's "Launcher API (TypeScript)" example, run as written: it is type-checked against
// src/api (as the package 'cu2metal') and executed in a child process that resolves 'cu2metal'
// through package.json "main", so the example cannot rot.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { ROOT } from '../helpers/paths';

function readmeExample(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Launcher API (TypeScript)'));
  assert.ok(section, 'README.md has a "## Launcher API (TypeScript)" section');
  const block = section.match(/^```ts\n([\s\S]*?)^```$/m);
  assert.ok(block, 'the section has a ```ts example');
  return block[1]!;
}

test('the README example type-checks against the API', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-readme-'));
  try {
    const file = path.join(dir, 'example.ts');
    fs.writeFileSync(file, readmeExample());
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      baseUrl: ROOT,
      paths: { cu2metal: [path.join(ROOT, 'src', 'api', 'index.ts')] },
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(diagnostics, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the README example runs and its assertions hold', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-readme-'));
  try {
    // node_modules/cu2metal → this package, so `require('cu2metal')` goes through package.json "main".
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'cu2metal'), 'dir');
    const js = ts.transpileModule(readmeExample(), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    fs.writeFileSync(path.join(dir, 'example.js'), js);
    const r = spawnSync(process.execPath, [path.join(dir, 'example.js')], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, `the example failed:\n${r.stderr}${r.stdout}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
