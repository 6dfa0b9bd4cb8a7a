#!/usr/bin/env node
// The cuda-samples compatibility table: runs every runtime-API-only sample of a local checkout
// of NVIDIA's cuda-samples through `cu2metal run` on the msl-cpu and cuda-cpu backends, classifies
// each run (pass, or a failure with its first reason) and writes docs/cuda-samples-compat.md.
//
//   node scripts/cuda-samples-compat.js <path-to-cuda-samples> [--out docs/cuda-samples-compat.md]
//        [--jobs N] [--timeout S] [--only name,...] [--json results.json] [--logs dir]
//
// It never fetches anything: the checkout is the caller's. The pure parts (the selection rule,
// the capability check of the CLI, the classification of a run, the markdown) are exported for
// test/scripts/cuda-samples-compat.test.ts, which runs them on inputs of our own.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { setTimeout, clearTimeout } = require('node:timers');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'cu2metal.js');
const BACKENDS = ['msl-cpu', 'cuda-cpu'];
/** The time a run may spend translating and building, on top of the program's own --timeout. */
const BUILD_ALLOWANCE_S = 300;

// ---------------------------------------------------------------------------------------------
// Selection: a sample is "runtime-API-only" unless one of these rules, tried in order, excludes
// it. Each rule looks at the sample's CMakeLists.txt and at the text of every source and header
// file in the sample's folder (not at Common/, which every sample shares).
// ---------------------------------------------------------------------------------------------

const SCANNED_FILE = /\.(cu|cuh|cpp|cc|cxx|c|h|hpp|hxx|inl)$/;

/** Toolkit libraries (CMake's CUDA::<target>) beyond the runtime, and their headers. */
const CUDA_LIBRARY_TARGET = /^(cublas|cublasLt|cufft|cufftw|cufft_static|curand|cusparse|cusolver|npp\w*|nvjpeg|nvrtc|nvJitLink|nvjitlink|cudnn|nvml|nvToolsExt|nvtx3|cupti|culibos)$/;
const CUDA_LIBRARY_HEADER = /^\s*#\s*include\s*[<"](cublas\w*|cufft\w*|curand|cusparse\w*|cusolver\w*|npp\w*|nvjpeg|nvrtc|nvJitLink|cudnn|nvml)\.h[>"]/m;
const GRAPHICS_PACKAGE = /^(OpenGL|GLUT|GLEW|Vulkan|EGL|NVSCI|glfw3?|X11|OpenGLES|GLES)$/i;
const GRAPHICS_HEADER = /^\s*#\s*include\s*[<"](GL\/|GLES\d?\/|EGL\/|vulkan\/|GLFW\/|d3d\d+|dxgi|nvmedia|nvsci|cuda_gl_interop|cuda_egl_interop|cuda_d3d\d+_interop|cudaGL|cudaEGL|helper_gl)[^>"]*[>"]/m;
const PARALLEL_PACKAGE = /^(MPI|OpenMP)$/;
const PARALLEL_HEADER = /^\s*#\s*include\s*[<"](mpi|omp)\.h[>"]/m;
const THIRD_PARTY_PACKAGE = /^(FreeImage)$/;
/** A driver-API call: cuXxx( with an upper-case letter after `cu` (runtime calls are cudaXxx). */
const DRIVER_CALL = /\bcu([A-Z][A-Za-z0-9_]*)\s*\(/g;
/** cuComplex.h's helpers (cuCaddf, cuCrealf, ...) are device/host inline functions, not the driver API. */
const COMPLEX_HELPER = /^C(add|sub|mul|div|abs|real|imag|onj|fma|mplx)|^Complex/;

const EXCLUDED_CATEGORIES = {
  '7_libNVVM': 'the libNVVM category (NVVM IR compiler library and driver API)',
  '8_Platform_Specific': 'the platform-specific category (Tegra: EGL, NvSci, cuDLA)',
};

/** Facts the rules need, parsed from CMakeLists.txt. */
function parseCMake(text) {
  const packages = [...text.matchAll(/find_package\(\s*([A-Za-z0-9_]+)/g)].map((m) => m[1]).filter((p) => p !== 'CUDAToolkit');
  const targets = [...text.matchAll(/CUDA::([A-Za-z0-9_]+)/g)].map((m) => m[1]);
  const usesNvJitLinkVar = /\$\{NVJITLINK_LIB\}|\$\{NVVM_LIB\}/.test(text);
  const executables = [];
  for (const m of text.matchAll(/add_executable\(\s*([^\s)]+)([^)]*)\)/g)) {
    const sources = m[2].split(/\s+/).filter((t) => t && !t.startsWith('$') && !/^(WIN32|MACOSX_BUNDLE|EXCLUDE_FROM_ALL)$/.test(t));
    executables.push({ name: m[1], sources });
  }
  // The sample's own include folders (`include_directories(inc)`, `target_include_directories(t
  // PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/inc)`), relative to its folder; toolkit and package
  // variables are left out (cu2metal has its own CUDA headers).
  const includeDirs = [];
  for (const m of text.matchAll(/\b(?:target_)?include_directories\(([^)]*)\)/g)) {
    const tokens = m[0].startsWith('target_') ? m[1].trim().split(/\s+/).slice(1) : m[1].trim().split(/\s+/);
    for (const t of tokens) {
      const dir = t.replace(/^"|"$/g, '').replace(/^\$\{CMAKE_CURRENT_SOURCE_DIR\}\/?/, './');
      if (!dir || dir.includes('$') || /^(PRIVATE|PUBLIC|INTERFACE|SYSTEM|BEFORE|AFTER)$/.test(dir) || dir.startsWith('#')) continue;
      includeDirs.push(path.posix.normalize(dir));
    }
  }
  return { packages: [...new Set(packages)], targets: [...new Set(targets)], usesNvJitLinkVar, executables, includeDirs: [...new Set(includeDirs)] };
}

/** The first driver-API function the sources call, or null. */
function firstDriverCall(files) {
  for (const [name, text] of Object.entries(files)) {
    const code = stripComments(text);
    for (const m of code.matchAll(DRIVER_CALL)) {
      if (!COMPLEX_HELPER.test(m[1])) return { file: name, call: `cu${m[1]}` };
    }
  }
  return null;
}

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
}

function firstHeaderMatch(files, re) {
  for (const [name, text] of Object.entries(files)) {
    const m = re.exec(stripComments(text));
    if (m) return `${name} includes ${m[0].trim().replace(/^#\s*include\s*/, '')}`;
  }
  return null;
}

/**
 * The selection rule, in order. Each returns a short reason when it excludes the sample.
 * `sample` = { name, category, cmake: string | null, files: { relativePath: text } }.
 */
const RULES = [
  {
    id: 'category',
    doc: 'the category is `7_libNVVM` (NVVM IR compiler) or `8_Platform_Specific` (Tegra)',
    test: (s) => EXCLUDED_CATEGORIES[s.category] ?? null,
  },
  {
    id: 'no-target',
    doc: 'its CMakeLists.txt builds no executable on Linux (no `add_executable`: Windows-only samples)',
    test: (s) => (s.cmake === null ? 'no CMakeLists.txt' : parseCMake(s.cmake).executables.length === 0 ? 'no add_executable in CMakeLists.txt (Windows-only)' : null),
  },
  {
    id: 'graphics',
    doc: 'graphics interop: CMake `find_package` of OpenGL/GLUT/GLEW/Vulkan/EGL/NVSCI/glfw/X11, or a source includes GL/EGL/Vulkan/GLFW/Direct3D/NvMedia/NvSci or a CUDA graphics-interop header',
    test: (s) => {
      const p = parseCMake(s.cmake).packages.filter((x) => GRAPHICS_PACKAGE.test(x));
      if (p.length) return `graphics interop (find_package ${p.join(', ')})`;
      const h = firstHeaderMatch(s.files, GRAPHICS_HEADER);
      return h ? `graphics interop (${h})` : null;
    },
  },
  {
    id: 'mpi-openmp',
    doc: 'an MPI or OpenMP build: CMake `find_package(MPI|OpenMP)` or a source includes mpi.h/omp.h',
    test: (s) => {
      const p = parseCMake(s.cmake).packages.filter((x) => PARALLEL_PACKAGE.test(x));
      if (p.length) return `${p.join(' + ')} (find_package)`;
      const h = firstHeaderMatch(s.files, PARALLEL_HEADER);
      return h ? `MPI/OpenMP (${h})` : null;
    },
  },
  {
    id: 'library',
    doc: 'a CUDA library beyond the runtime: CMake links `CUDA::<lib>` for cuBLAS/cuFFT/cuRAND/cuSPARSE/cuSOLVER/NPP/nvJPEG/NVRTC/nvJitLink/cuDNN/NVML/NVTX, or a source includes its host header (cublas_v2.h, cufft.h, curand.h, ...), or a third-party library (FreeImage). Header-only toolkit parts (Thrust, CUB, cooperative groups, cuda_fp16.h, curand_kernel.h) are not libraries here',
    test: (s) => {
      const c = parseCMake(s.cmake);
      const libs = c.targets.filter((t) => CUDA_LIBRARY_TARGET.test(t));
      if (c.usesNvJitLinkVar) libs.push('nvJitLink');
      const third = c.packages.filter((x) => THIRD_PARTY_PACKAGE.test(x));
      if (libs.length || third.length) return `CUDA library (${[...libs.map((l) => `CUDA::${l}`), ...third].join(', ')})`;
      const h = firstHeaderMatch(s.files, CUDA_LIBRARY_HEADER);
      return h ? `CUDA library (${h})` : null;
    },
  },
  {
    id: 'driver-api',
    doc: 'the driver API: CMake links `CUDA::cuda_driver`, or a source calls a `cuXxx(` function (cuComplex helpers such as cuCaddf excepted)',
    test: (s) => {
      const c = parseCMake(s.cmake);
      if (c.targets.includes('cuda_driver')) {
        const call = firstDriverCall(s.files);
        return `driver API (links CUDA::cuda_driver${call ? `; ${call.file} calls ${call.call}` : ''})`;
      }
      const call = firstDriverCall(s.files);
      return call ? `driver API (${call.file} calls ${call.call})` : null;
    },
  },
];

/** { selected: true, sources } or { selected: false, rule, reason } for one sample's facts. */
function selectSample(sample) {
  for (const rule of RULES) {
    const reason = rule.test(sample);
    if (reason) return { selected: false, rule: rule.id, reason };
  }
  const c = parseCMake(sample.cmake);
  return { selected: true, sources: c.executables[0].sources, includeDirs: c.includeDirs };
}

// ---------------------------------------------------------------------------------------------
// The CLI's capability: does `cu2metal run` take several source files?
// ---------------------------------------------------------------------------------------------

/**
 * True when `cu2metal run --help` shows a variadic first argument (`<files...>`); the single-file
 * CLI prints `run [options] <file.cu> [args...]`.
 */
function runAcceptsSeveralSources(helpText) {
  const usage = /Usage:\s*\S+\s+run\s+(?:\[options\]\s+)?<([^>]+)>/.exec(helpText);
  return usage !== null && usage[1].endsWith('...');
}

// ---------------------------------------------------------------------------------------------
// Classification of one run (exit status + output).
// ---------------------------------------------------------------------------------------------

/** Normalises a message into a grouping key: quoted names, numbers and paths abstracted. */
function normalise(message) {
  return message
    .replace(/'[^']*'|‘[^’]*’|"[^"]*"|`[^`']*'/g, "'…'")
    .replace(/(?:\/[\w.+-]+){2,}/g, '<path>')
    .replace(/\b0x[0-9a-fA-F]+\b/g, 'N')
    .replace(/\b\d+(\.\d+)?\b/g, 'N')
    .replace(/\s+/g, ' ')
    .trim();
}

// Conventions of the samples (helper_cuda.h, helper_functions.h and the samples' own printfs):
// success is "Test passed", "Result = PASS", "PASSED", "Test PASSED"; failure is "Test failed",
// "Result = FAIL", "FAILED", "FAIL"; a sample that cannot run on this device prints "Waiving ..."
// (or "... waived") and exits with EXIT_WAIVED (2).
const FAIL_MARKER = /\b[Tt]est [Ff]ailed\b|\bResult = FAIL\b|\bFAILED\b|\bFAIL\b/;
const PASS_MARKER = /\b[Tt]est [Pp]assed\b|\bResult = PASS\b|\bPASSED\b|\bPASS\b/;
const WAIVE_MARKER = /\bwaiv(e|ed|ing)\b/i;
/** helper_cuda.h's check() message. */
const CUDA_ERROR = /CUDA error at [^\n]*?:(\d+) code=(\d+)\((\w+)\) "([^"\n]*)"/;
/** A diagnostic of cu2metal: file:line:col: error: message [C2Mdddd]. */
const C2M_DIAGNOSTIC = /^([^\n:]+):(\d+):(\d+): (?:fatal )?error: (.*?) \[(C2M\d{4})\]\s*$/m;
/** A compiler error in the build of the generated code. */
const COMPILER_ERROR = /^([^\n:]+):(\d+):(\d+): (?:fatal )?error: (.*)$/m;
const LINKER_ERROR = /(undefined reference to [`'][^'\n]*'|multiple definition of [`'][^'\n]*'|ld(?:\.lld)?: error: [^\n]*|ld returned \d+ exit status)/;
const CLI_SUMMARY = /^cu2metal: [^\n:]+: (the program .*)$/m;
const CLI_TIMEOUT = /^cu2metal: [^\n:]+: the program did not finish within [\d.]+ s/m;

function firstLine(text, re) {
  const m = re.exec(text);
  return m;
}

/** The native runtime's own report ("cu2metal: ..."), skipping the CLI's summary lines. */
function runtimeMessage(output) {
  for (const line of output.split('\n')) {
    if (!line.startsWith('cu2metal: ')) continue;
    if (CLI_SUMMARY.test(line)) continue;
    if (/^cu2metal: [^:]+: \d+ errors?; nothing was built/.test(line)) continue;
    return line.slice('cu2metal: '.length).trim();
  }
  return null;
}

function identifierOf(call) {
  const m = /^\s*([A-Za-z_]\w*)/.exec(call);
  return m ? m[1] : call;
}

/**
 * Classifies one `cu2metal run`: { status: 'pass'|'fail'|'waived'|'timeout', code, key, message }.
 * `key` groups failures (code + normalised message); `message` is the concrete first reason.
 * `run` = { exitCode: number|null, signal: string|null, output: string, timedOut: boolean, limitS }.
 */
function classifyRun(run) {
  const out = run.output;
  if (run.timedOut) {
    return { status: 'timeout', code: 'timeout', key: 'timeout: translate+build+run exceeded the limit', message: `killed after ${run.limitS} s (translation + build + run)` };
  }
  if (run.signal) {
    return { status: 'fail', code: 'crash', key: `crash: cu2metal killed by ${run.signal}`, message: `cu2metal itself was killed by ${run.signal}` };
  }
  const code = run.exitCode;
  if (code === 3) {
    const d = firstLine(out, C2M_DIAGNOSTIC);
    if (d) return { status: 'fail', code: d[5], key: `${d[5]} ${normalise(d[4])}`, name: quotedName(d[4]), message: `${d[5]} ${d[4]} (${path.basename(d[1])}:${d[2]})`, all: allDiagnosticKeys(out), allNames: allDiagnosticNames(out) };
    return { status: 'fail', code: 'exit 3', key: 'exit 3 translation failed (no diagnostic printed)', message: lastLines(out) };
  }
  if (code === 4) {
    const linker = firstLine(out, LINKER_ERROR);
    const c = firstLine(out, COMPILER_ERROR);
    if (c) {
      const where = /\.metal$|\.msl\.cpp$|\.metal\.cpp$/.test(c[1]) ? 'MSL' : /\.host\.cpp$/.test(c[1]) ? 'host' : path.basename(c[1]);
      return { status: 'fail', code: 'C2M3001', key: `C2M3001 build (${where === 'MSL' || where === 'host' ? where : 'other'}): ${normalise(c[4])}`, name: quotedName(c[4]), message: `C2M3001 build error in ${where} (${path.basename(c[1])}:${c[2]}): ${c[4]}` };
    }
    if (linker) return { status: 'fail', code: 'C2M3001', key: `C2M3001 link: ${normalise(linker[1])}`, name: quotedName(linker[1]), message: `C2M3001 link error: ${linker[1]}` };
    const r = runtimeMessage(out);
    return { status: 'fail', code: 'exit 4', key: `exit 4 build failed: ${normalise(r ?? 'no compiler error printed')}`, message: r ?? lastLines(out) };
  }
  // The CLI stops a program that runs past --timeout with SIGKILL (exit 137) and says so.
  if (code !== 0 && CLI_TIMEOUT.test(out)) {
    return { status: 'timeout', code: 'timeout', key: 'timeout: the program ran past --timeout', message: 'the program did not finish within the time limit' };
  }
  if (code !== null && code > 128) {
    const sig = /terminated by (SIG\w+)/.exec(out);
    const name = sig ? sig[1] : `signal ${code - 128}`;
    const rt = runtimeMessage(out);
    return { status: 'fail', code: 'crash', key: `crash: ${name}${rt ? `: ${normalise(rt)}` : ''}`, message: `the program was terminated by ${name}${rt ? ` (${rt})` : ''}` };
  }
  const cudaError = firstLine(out, CUDA_ERROR);
  if (code === 0) {
    if (cudaError) return cudaErrorResult(cudaError);
    if (WAIVE_MARKER.test(out) && !PASS_MARKER.test(out)) return { status: 'waived', code: 'waived', key: 'waived: the sample waived itself on this device', message: waiveLine(out) };
    const fail = firstLine(out, FAIL_MARKER);
    if (fail && !PASS_MARKER.test(out.slice(fail.index))) return { status: 'fail', code: 'wrong result', key: 'wrong result: exit 0 but the output reports a failure', message: `exit 0 but the output says: ${lineAt(out, fail.index)}` };
    return { status: 'pass', code: 'pass', key: 'pass', message: '' };
  }
  // A non-zero status of the program itself.
  if (code === 2 && WAIVE_MARKER.test(out)) return { status: 'waived', code: 'waived', key: 'waived: the sample waived itself on this device', message: waiveLine(out) };
  const rt = runtimeMessage(out);
  if (rt) return { status: 'fail', code: 'runtime', key: `runtime: ${normalise(rt)}`, name: quotedName(rt), message: `cu2metal runtime: ${rt}` };
  if (cudaError) return cudaErrorResult(cudaError);
  const fail = firstLine(out, FAIL_MARKER);
  if (fail) return { status: 'fail', code: 'wrong result', key: 'wrong result: the sample reports a failure', message: `exit ${code}: ${lineAt(out, fail.index)}` };
  return { status: 'fail', code: `exit ${code}`, key: `exit ${code}: the program failed without a known message`, message: `exit ${code}: ${lastLines(out, 1)}` };
}

/** Every distinct error diagnostic of a translation (code + normalised message), in order. */
function allDiagnosticKeys(out) {
  const re = new RegExp(C2M_DIAGNOSTIC.source, 'gm');
  return [...new Set([...out.matchAll(re)].map((d) => `${d[5]} ${normalise(d[4])}`))];
}

/** The same, with the name each one is about (its first quoted word): [[key, name]], distinct. */
function allDiagnosticNames(out) {
  const re = new RegExp(C2M_DIAGNOSTIC.source, 'gm');
  const seen = new Map();
  for (const d of out.matchAll(re)) {
    const name = quotedName(d[4]);
    if (name !== null) seen.set(`${d[5]} ${normalise(d[4])}\u0000${name}`, [`${d[5]} ${normalise(d[4])}`, name]);
  }
  return [...seen.values()];
}

/** The first quoted word of a message ('clock_t', "cuda_fp16.h", `fillValues'), or null. */
function quotedName(message) {
  const m = /'([^']+)'|"([^"]+)"|`([^`']+)'/.exec(message);
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
}

function cudaErrorResult(m) {
  const fn = identifierOf(m[4]);
  return { status: 'fail', code: m[3], key: `CUDA error ${m[3]}`, message: `CUDA error ${m[3]} (code ${m[2]}) from ${fn}` };
}

function lineAt(text, index) {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end < 0 ? undefined : end).trim().slice(0, 160);
}

function waiveLine(out) {
  const m = WAIVE_MARKER.exec(out);
  return m ? lineAt(out, m.index) : 'waived';
}

function lastLines(text, n = 2) {
  return text.trim().split('\n').slice(-n).join(' / ').slice(0, 200) || '(no output)';
}

// ---------------------------------------------------------------------------------------------
// Markdown.
// ---------------------------------------------------------------------------------------------

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function statusCell(r) {
  if (!r) return '—';
  if (r.multiFile) return 'multi-file';
  return r.status === 'pass' ? '**pass**' : r.status;
}

/** Groups failing runs by reason key: [{ key, msl: [names], cuda: [names] }], most frequent first. */
function groupReasons(rows) {
  const groups = new Map();
  for (const row of rows) {
    for (const backend of BACKENDS) {
      const r = row.runs[backend];
      if (!r || r.status === 'pass') continue;
      const key = r.multiFile ? 'multi-file (unsupported by this cu2metal)' : r.key;
      if (!groups.has(key)) groups.set(key, { key, 'msl-cpu': [], 'cuda-cpu': [], names: new Map() });
      const g = groups.get(key);
      g[backend].push(row.name);
      if (!r.multiFile && r.name) {
        if (!g.names.has(r.name)) g.names.set(r.name, new Set());
        g.names.get(r.name).add(row.name);
      }
    }
  }
  const total = (g) => new Set([...g['msl-cpu'], ...g['cuda-cpu']]).size;
  return [...groups.values()].sort((a, b) => total(b) - total(a) || b['msl-cpu'].length - a['msl-cpu'].length || a.key.localeCompare(b.key));
}

/** 'clock_t (2), cg::thread_block (7)': the names a reason is about, most samples first. */
function namesCell(names) {
  const list = [...names.entries()].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]));
  const shown = list.slice(0, 15).map(([n, set]) => `${n} (${set.size})`);
  if (list.length > 15) shown.push(`… ${list.length - 15} more`);
  return shown.join(', ');
}

function reasonCell(row) {
  const m = row.runs['msl-cpu'];
  const c = row.runs['cuda-cpu'];
  const text = (r) => (r.multiFile ? `multi-file (unsupported by this cu2metal); ${r.tried} alone: ${r.status === 'pass' ? 'pass' : r.message}${r.next ? `; next: ${r.next.source} does not translate: ${r.next.message}` : r.status === 'pass' ? '' : '; every .cu source translates alone'}` : r.message);
  if (row.skipped) return row.skipped;
  const parts = [];
  if (m && m.status !== 'pass') parts.push(m);
  if (c && c.status !== 'pass') parts.push(c);
  if (parts.length === 0) return '';
  if (parts.length === 2 && text(m) === text(c)) return text(m);
  return parts.map((r) => `${r === m ? 'msl-cpu' : 'cuda-cpu'}: ${text(r)}`).join('; ');
}

/** The whole document. `meta` = { commit, date, multiFile, timeoutS, command }. */
function renderMarkdown(meta, rows, excluded) {
  const n = rows.length;
  const passing = (b) => rows.filter((r) => r.runs[b] && r.runs[b].status === 'pass' && !r.runs[b].multiFile).length;
  const both = rows.filter((r) => BACKENDS.every((b) => r.runs[b] && r.runs[b].status === 'pass' && !r.runs[b].multiFile)).length;
  const groups = groupReasons(rows);
  const L = [];
  L.push('# cuda-samples compatibility');
  L.push('');
  L.push('<!-- Generated by scripts/cuda-samples-compat.js: do not edit by hand. -->');
  L.push('');
  L.push(`NVIDIA cuda-samples at commit \`${meta.commit}\`, measured ${meta.date} with cu2metal ${meta.version}` + ` (\`${meta.command}\`).`);
  L.push(`Each selected sample is run unmodified with \`cu2metal run <its sources> -I <its CMake include folders> -I Common --backend <b> --timeout ${meta.timeoutS} -- <test_args.json arguments>\` in its own folder.`);
  L.push(meta.multiFile ? 'This cu2metal takes several sources in one `run`.' : 'This cu2metal\'s `run` takes one source file: a sample built from several sources is tried with the file that defines `main` alone and reported as *multi-file*.');
  L.push('');
  L.push('## Summary');
  L.push('');
  L.push('| | samples |');
  L.push('|---|---|');
  L.push(`| runtime-API-only samples selected | ${n} |`);
  L.push(`| pass on msl-cpu | ${passing('msl-cpu')}/${n} |`);
  L.push(`| pass on cuda-cpu | ${passing('cuda-cpu')}/${n} |`);
  L.push(`| pass on both | ${both}/${n} |`);
  L.push(`| excluded (not runtime-API-only) | ${excluded.length} |`);
  L.push('');
  L.push('A run passes when `cu2metal run` exits 0 and the output reports no failure (the samples print `Test passed`/`PASSED`/`Result = PASS`,');
  L.push('or `Test failed`/`FAILED`/`Result = FAIL`; `Waiving` means the sample declined to run on this device). A failure\'s reason is the first');
  L.push('error: a cu2metal diagnostic code (exit 3: translation), the first compiler or linker error (exit 4: build, C2M3001), a message of');
  L.push('the cu2metal runtime, a `checkCudaErrors` report of the sample, a signal, a timeout, or the sample\'s own failure report.');
  L.push('');
  L.push('## Top reasons');
  L.push('');
  L.push('The first reason of each failing run, grouped (quoted names and numbers abstracted); *about* lists the names behind a group with');
  L.push('the number of samples for each.');
  L.push('');
  L.push('| reason | msl-cpu | cuda-cpu | about | samples |');
  L.push('|---|---|---|---|---|');
  for (const g of groups) {
    const names = [...new Set([...g['msl-cpu'], ...g['cuda-cpu']])].sort();
    L.push(`| ${cell(g.key)} | ${g['msl-cpu'].length} | ${g['cuda-cpu'].length} | ${cell(namesCell(g.names))} | ${cell(names.join(', '))} |`);
  }
  const behind = new Map();
  for (const row of rows) {
    const r = BACKENDS.map((b) => row.runs[b]).find((x) => x && x.multiFile);
    if (!r || r.status === 'pass') continue;
    const key = r.next ? r.next.key : 'every .cu source translates alone';
    if (!behind.has(key)) behind.set(key, []);
    behind.get(key).push(row.name);
  }
  if (behind.size) {
    L.push('');
    L.push('### Behind multi-file');
    L.push('');
    L.push('What the multi-file samples hit next: the first translation error of their `.cu` sources, each checked alone (`cu2metal check --no-build`).');
    L.push('');
    L.push('| next reason | samples |');
    L.push('|---|---|');
    for (const [key, names] of [...behind.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) L.push(`| ${cell(key)} | ${names.length}: ${cell(names.sort().join(', '))} |`);
  }
  const anywhere = new Map();
  const anywhereNames = new Map();
  for (const row of rows) {
    const keys = new Set();
    for (const b of BACKENDS) {
      const r = row.runs[b];
      if (!r) continue;
      for (const src of [r, r.next]) {
        if (!src) continue;
        for (const k of src.all ?? []) keys.add(k);
        for (const [k, name] of src.allNames ?? []) {
          if (!anywhereNames.has(k)) anywhereNames.set(k, new Map());
          const m = anywhereNames.get(k);
          if (!m.has(name)) m.set(name, new Set());
          m.get(name).add(row.name);
        }
      }
    }
    for (const k of keys) {
      if (!anywhere.has(k)) anywhere.set(k, []);
      anywhere.get(k).push(row.name);
    }
  }
  if (anywhere.size) {
    L.push('');
    L.push('### Every translation error');
    L.push('');
    L.push('Each distinct cu2metal error of a sample (not only its first), counted once per sample: what stands between a sample and');
    L.push('translation once its first error is fixed. A multi-file sample counts the errors of the first of its `.cu` sources that does not translate.');
    L.push('');
    L.push('| error | about | samples |');
    L.push('|---|---|---|');
    for (const [key, names] of [...anywhere.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
      L.push(`| ${cell(key)} | ${cell(namesCell(anywhereNames.get(key) ?? new Map()))} | ${names.length}: ${cell(names.sort().join(', '))} |`);
    }
  }
  L.push('');
  L.push('## Samples');
  L.push('');
  L.push('| sample | category | sources | msl-cpu | cuda-cpu | reason |');
  L.push('|---|---|---|---|---|---|');
  for (const row of rows) {
    L.push(`| ${cell(row.name)} | ${cell(row.category)} | ${row.sources.length} | ${statusCell(row.runs['msl-cpu'])} | ${statusCell(row.runs['cuda-cpu'])} | ${cell(reasonCell(row))} |`);
  }
  L.push('');
  L.push('## Selection rule');
  L.push('');
  L.push('A sample is a folder `Samples/<category>/<sample>/`. It is *runtime-API-only* unless one of these rules excludes it (the first that');
  L.push('applies is named below); the rules read the sample\'s CMakeLists.txt and every source/header file in its folder:');
  L.push('');
  RULES.forEach((r, i) => L.push(`${i + 1}. \`${r.id}\`: ${r.doc}.`));
  L.push('');
  L.push('The sources of a selected sample are those of its `add_executable` in CMakeLists.txt.');
  L.push('');
  L.push('## Excluded samples');
  L.push('');
  L.push('| sample | category | rule | why |');
  L.push('|---|---|---|---|');
  for (const e of excluded) L.push(`| ${cell(e.name)} | ${cell(e.category)} | ${e.rule} | ${cell(e.reason)} |`);
  L.push('');
  return L.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The run (impure: file system and processes).
// ---------------------------------------------------------------------------------------------

function readSample(samplesRoot, category, name) {
  const dir = path.join(samplesRoot, 'Samples', category, name);
  const cmakePath = path.join(dir, 'CMakeLists.txt');
  const cmake = fs.existsSync(cmakePath) ? fs.readFileSync(cmakePath, 'utf8') : null;
  const files = {};
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else if (SCANNED_FILE.test(e.name)) files[r] = fs.readFileSync(path.join(d, e.name), 'latin1');
    }
  };
  walk(dir, '');
  return { name, category, dir, cmake, files };
}

function discover(samplesRoot) {
  const base = path.join(samplesRoot, 'Samples');
  const out = [];
  for (const category of fs.readdirSync(base).sort()) {
    const cdir = path.join(base, category);
    if (!fs.statSync(cdir).isDirectory()) continue;
    for (const name of fs.readdirSync(cdir).sort()) {
      if (fs.statSync(path.join(cdir, name)).isDirectory()) out.push(readSample(samplesRoot, category, name));
    }
  }
  return out;
}

/** Runs one command with a wall-clock limit; kills its whole process group on expiry. */
function runCommand(args, cwd, limitS) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const append = (d) => {
      if (output.length < 4_000_000) output += d;
    };
    child.stdout.setEncoding('utf8').on('data', append);
    child.stderr.setEncoding('utf8').on('data', append);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, limitS * 1000);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal: timedOut ? null : signal, output, timedOut, limitS });
    });
  });
}

function mainSourceOf(sample, sources) {
  const hasMain = (f) => /\bint\s+main\s*\(/.test(stripComments(fs.readFileSync(path.join(sample.dir, f), 'latin1')));
  return sources.find(hasMain) ?? sources[0];
}

/** -I flags: the folders the sample's CMakeLists.txt names (Common/ among them), Common/ always. */
function includeFlags(sample, opts) {
  const dirs = [...opts.includeDirsOf(sample).map((d) => path.resolve(sample.dir, d)), path.join(opts.samplesRoot, 'Common')];
  return [...new Set(dirs.map((d) => path.relative(sample.dir, d) || '.'))].flatMap((d) => ['-I', d]);
}

async function runSample(sample, sources, backend, opts) {
  const includes = includeFlags(sample, opts);
  const runsSpec = opts.testArgs[sample.name];
  const argSets = runsSpec && Array.isArray(runsSpec.runs) ? runsSpec.runs.map((r) => r.args ?? []) : [(runsSpec && runsSpec.args) || []];
  const multi = sources.length > 1 && !opts.multiFile;
  const files = multi ? [mainSourceOf(sample, sources)] : sources;
  let result = null;
  for (const programArgs of argSets) {
    const args = [CLI, 'run', ...files, ...includes, '--backend', backend, '--timeout', String(opts.timeoutS), '--', ...programArgs];
    const run = await runCommand(args, sample.dir, opts.timeoutS + BUILD_ALLOWANCE_S);
    result = classifyRun(run);
    if (opts.logs) {
      const log = path.join(opts.logs, `${sample.name}.${backend}${argSets.length > 1 ? `.${argSets.indexOf(programArgs)}` : ''}.log`);
      fs.writeFileSync(log, `$ (cd ${sample.dir} && node ${args.slice(0, -programArgs.length || undefined).join(' ')}${programArgs.length ? ` ${programArgs.join(' ')}` : ''})\nexit ${run.exitCode} signal ${run.signal} timedOut ${run.timedOut}\n${run.output}`);
    }
    if (result.status !== 'pass') break;
  }
  if (multi) {
    const next = result.status === 'pass' ? null : await translationBlocker(sample, sources, opts);
    return { ...result, multiFile: true, tried: files[0], key: 'multi-file (unsupported by this cu2metal)', next };
  }
  return result;
}

/**
 * What a multi-file sample would hit next: the first translation error of its .cu sources, each
 * checked alone (`cu2metal check --no-build`), or null when they all translate. Computed once
 * per sample (translation does not depend on the backend).
 */
const blockers = new Map();
function translationBlocker(sample, sources, opts) {
  if (!blockers.has(sample.name)) {
    blockers.set(sample.name, (async () => {
      for (const f of sources.filter((x) => /\.cu$/.test(x))) {
        const run = await runCommand([CLI, 'check', '--no-build', f, ...includeFlags(sample, opts)], sample.dir, BUILD_ALLOWANCE_S);
        if (run.exitCode === 0) continue;
        const r = classifyRun(run);
        return { ...r, source: f };
      }
      return null;
    })());
  }
  return blockers.get(sample.name);
}

async function pool(items, jobs, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
}

function parseArgs(argv) {
  const o = { out: path.join(ROOT, 'docs', 'cuda-samples-compat.md'), jobs: 1, timeoutS: 120, only: null, json: null, logs: null, list: false, samplesRoot: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--out') o.out = path.resolve(value());
    else if (a === '--jobs') o.jobs = positive(a, value());
    else if (a === '--timeout') o.timeoutS = positive(a, value());
    else if (a === '--only') o.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--json') o.json = path.resolve(value());
    else if (a === '--logs') o.logs = path.resolve(value());
    else if (a === '--list') o.list = true;
    else if (a === '-h' || a === '--help') usage(null);
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (o.samplesRoot === null) o.samplesRoot = path.resolve(a);
    else usage(`unexpected argument ${a}`);
  }
  if (o.samplesRoot === null) usage('the path of a cuda-samples checkout is required');
  if (!fs.existsSync(path.join(o.samplesRoot, 'Samples')) || !fs.existsSync(path.join(o.samplesRoot, 'Common'))) usage(`${o.samplesRoot} has no Samples/ and Common/: not a cuda-samples checkout`);
  return o;
}

function positive(flag, v) {
  const n = Number(v);
  if (!(Number.isInteger(n) && n > 0)) usage(`${flag} wants a positive integer, got '${v}'`);
  return n;
}

function usage(error) {
  const text = 'usage: node scripts/cuda-samples-compat.js <path-to-cuda-samples> [--out docs/cuda-samples-compat.md] [--jobs N] [--timeout S] [--only name,...] [--json file] [--logs dir] [--list]\n';
  if (error) {
    process.stderr.write(`cuda-samples-compat: ${error}\n${text}`);
    process.exit(2);
  }
  process.stdout.write(text);
  process.exit(0);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const log = (m) => process.stderr.write(`cuda-samples-compat: ${m}\n`);
  const help = spawnSync(process.execPath, [CLI, 'run', '--help'], { encoding: 'utf8' });
  if (help.status !== 0) {
    log(`\`cu2metal run --help\` failed (exit ${help.status}): ${help.stderr.trim()}; build cu2metal first (npm run build)`);
    process.exit(1);
  }
  const multiFile = runAcceptsSeveralSources(help.stdout);
  const testArgsPath = path.join(o.samplesRoot, 'test_args.json');
  const testArgs = fs.existsSync(testArgsPath) ? JSON.parse(fs.readFileSync(testArgsPath, 'utf8')) : {};
  const all = discover(o.samplesRoot);
  const selected = [];
  const excluded = [];
  for (const s of all) {
    const sel = selectSample(s);
    if (sel.selected) selected.push({ sample: s, sources: sel.sources, includeDirs: sel.includeDirs });
    else excluded.push({ name: s.name, category: s.category, rule: sel.rule, reason: sel.reason });
  }
  if (o.list) {
    for (const x of selected) process.stdout.write(`selected  ${x.sample.category}/${x.sample.name}  ${x.sources.join(' ')}\n`);
    for (const e of excluded) process.stdout.write(`excluded  ${e.category}/${e.name}  [${e.rule}] ${e.reason}\n`);
    process.stdout.write(`${selected.length} selected, ${excluded.length} excluded\n`);
    return;
  }
  if (o.only) {
    const unknown = o.only.filter((n) => !selected.some((x) => x.sample.name === n));
    if (unknown.length) log(`--only: not among the selected samples: ${unknown.join(', ')}`);
  }
  const todo = o.only ? selected.filter((x) => o.only.includes(x.sample.name)) : selected;
  log(`${selected.length} samples selected, ${excluded.length} excluded; running ${todo.length} on ${BACKENDS.join(' and ')} (--jobs ${o.jobs}, multi-file ${multiFile ? 'supported' : 'not supported'} by this cu2metal)`);
  if (o.logs) fs.mkdirSync(o.logs, { recursive: true });
  const includeDirs = new Map(selected.map((x) => [x.sample.name, x.includeDirs]));
  const opts = { samplesRoot: o.samplesRoot, timeoutS: o.timeoutS, testArgs, multiFile, logs: o.logs, includeDirsOf: (s) => includeDirs.get(s.name) ?? [] };
  const rows = todo.map(({ sample, sources }) => ({ name: sample.name, category: sample.category, sources, runs: {}, skipped: null }));
  const tasks = [];
  todo.forEach(({ sample, sources }, i) => {
    const spec = testArgs[sample.name];
    if (spec && spec.skip) {
      rows[i].skipped = 'skipped: test_args.json marks it "skip"';
      return;
    }
    for (const b of BACKENDS) tasks.push({ i, sample, sources, backend: b });
  });
  let done = 0;
  const started = Date.now();
  await pool(tasks, o.jobs, async (t) => {
    const r = await runSample(t.sample, t.sources, t.backend, opts);
    rows[t.i].runs[t.backend] = r;
    done++;
    log(`[${done}/${tasks.length} ${Math.round((Date.now() - started) / 1000)}s] ${t.sample.name} ${t.backend}: ${r.multiFile ? 'multi-file; ' : ''}${r.status}${r.message ? ` - ${r.message}` : ''}`);
  });
  const commit = spawnSync('git', ['-C', o.samplesRoot, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const meta = {
    commit: commit.status === 0 ? commit.stdout.trim() : 'unknown (not a git checkout)',
    date: new Date().toISOString().slice(0, 10),
    version: pkg.version,
    multiFile,
    timeoutS: o.timeoutS,
    command: `npm run compat -- <cuda-samples>${o.timeoutS !== 120 ? ` --timeout ${o.timeoutS}` : ''}`,
  };
  const md = renderMarkdown(meta, rows, excluded);
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, md);
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ meta, rows, excluded }, null, 2));
  log(`wrote ${path.relative(process.cwd(), o.out) || o.out}`);
}

module.exports = { RULES, parseCMake, selectSample, runAcceptsSeveralSources, classifyRun, normalise, groupReasons, renderMarkdown, BACKENDS };

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`cuda-samples-compat: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  });
}
