// scripts/gpu-record.sh (our programs built with nvcc for a real GPU): with a stand-in nvcc that
// records its arguments, `build` names each program after its path, passes a program's
// `// gpu-build:` flags, skips one marked `skip` with its reason, and builds a sample folder's other
// sources with it; `run` writes name/rc/stdout for every program.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from '../helpers/paths';

const SCRIPT = path.join(ROOT, 'scripts', 'gpu-record.sh');

/** A stand-in nvcc: writes its arguments to DIR/args/<name> and a program that prints them and exits 3 for "fail3". */
function fakeNvcc(dir: string): string {
  const nvcc = path.join(dir, 'nvcc');
  fs.writeFileSync(nvcc, [
    '#!/usr/bin/env bash',
    'out=""; prev=""; for a in "$@"; do [ "$prev" = "-o" ] && out=$a; prev=$a; done',
    'case "$*" in *broken.cu*) echo "broken.cu(1): error: no" >&2; exit 1;; esac',
    'mkdir -p "$(dirname "$out")/../args"; printf "%s\\n" "$*" > "$(dirname "$out")/../args/$(basename "$out")"',
    'printf "#!/usr/bin/env bash\\necho built with: %s\\ncase \\"\\$0\\" in *fail3) exit 3;; esac\\n" "$*" > "$out"',
    'chmod +x "$out"',
    '',
  ].join('\n'));
  fs.chmodSync(nvcc, 0o755);
  return nvcc;
}

describe('scripts/gpu-record.sh', () => {
  test('build: names, gpu-build flags, skips with a reason, build failures; run: name, rc, last line', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-gpurec-'));
    const nvcc = fakeNvcc(tmp);
    const out = path.join(tmp, 'out');
    const files = [
      'test/fixtures/double/ops.cu', // // gpu-build: --fmad=false
      'test/fixtures/coop_groups/thread_group.cu', // // gpu-build: skip ...
      'samples/multiFile/main.cpp', // a sample folder with more sources, main in a .cpp
      'test/fixtures/cache_hints/cache_hints.cu',
    ];
    const env = { ...process.env, NVCC: nvcc, JOBS: '2' };
    const said = execFileSync('bash', [SCRIPT, 'build', out, ...files], { cwd: ROOT, env, encoding: 'utf8' });
    assert.match(said, /built 3, not built 1/);
    const args = (name: string): string => fs.readFileSync(path.join(out, 'args', name), 'utf8');
    assert.match(args('test_fixtures_double_ops'), /-arch=sm_90 -O2 -std=c\+\+17 -Itest\/fixtures\/double +--fmad=false +-o \S+test_fixtures_double_ops test\/fixtures\/double\/ops\.cu/);
    assert.doesNotMatch(args('test_fixtures_cache_hints_cache_hints'), /fmad/);
    const others = fs.readdirSync(path.join(ROOT, 'samples', 'multiFile')).filter((f) => /\.(cu|cpp)$/.test(f) && f !== 'main.cpp');
    assert.ok(others.length > 0);
    for (const f of others) assert.ok(args('samples_multiFile').includes(`samples/multiFile/${f}`), args('samples_multiFile'));
    const failed = fs.readFileSync(path.join(out, 'failed.txt'), 'utf8');
    assert.match(failed, /^test_fixtures_coop_groups_thread_group skipped: CUDA 13 leaves thread_group::num_threads\(\) undefined/m);
    assert.equal(fs.existsSync(path.join(out, 'bin', 'test_fixtures_coop_groups_thread_group')), false);
    assert.match(fs.readFileSync(path.join(out, 'built.txt'), 'utf8'), /^test_fixtures_double_ops test\/fixtures\/double\/ops\.cu \[ --fmad=false \]$/m);

    // run: every program, its exit status and last stdout line.
    fs.copyFileSync(path.join(out, 'bin', 'test_fixtures_double_ops'), path.join(out, 'bin', 'fail3'));
    const ran = execFileSync('bash', [SCRIPT, 'run', out], { cwd: ROOT, env, encoding: 'utf8' });
    assert.match(ran, /passed 3 of 4/);
    const rows = fs.readFileSync(path.join(out, 'results.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(rows.map((r) => [r[0], r[1]]), [['fail3', '3'], ['samples_multiFile', '0'], ['test_fixtures_cache_hints_cache_hints', '0'], ['test_fixtures_double_ops', '0']]);
    assert.match(rows[3]![2]!, /^built with: .*--fmad=false/);
    assert.match(fs.readFileSync(path.join(out, 'res', 'fail3.out'), 'utf8'), /built with/);
  });

  test('a build error goes to failed.txt with its log; a missing command is a usage error', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cu2metal-gpurec-'));
    const nvcc = fakeNvcc(tmp);
    const src = path.join(tmp, 'broken.cu');
    fs.writeFileSync(src, 'int main() { return x; }\n');
    const out = path.join(tmp, 'out');
    execFileSync('bash', [SCRIPT, 'build', out, src], { cwd: ROOT, env: { ...process.env, NVCC: nvcc }, encoding: 'utf8' });
    const name = src.replace(/\.cu$/, '').replace(/\//g, '_');
    assert.match(fs.readFileSync(path.join(out, 'failed.txt'), 'utf8'), new RegExp(`${name} build failed \\(see logs/${name}\\.txt\\)`));
    assert.match(fs.readFileSync(path.join(out, 'logs', `${name}.txt`), 'utf8'), /error: no/);
    assert.throws(() => execFileSync('bash', [SCRIPT], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' }), (e: { status: number; stderr: string }) => e.status === 2 && /gpu-record\.sh build DIR/.test(e.stderr));
  });
});
