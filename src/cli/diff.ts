import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { compareTraces, formatReport, type Tolerance } from '../diff/compare';
import { readTrace, TraceError } from '../diff/trace';
import { backendUnavailable, build, defaultBackend, describeExit, execute, tempTracePrefix, type Backend, type ExecResult } from '../run/run';
import { invocation } from './argv';
import { MAX_TIMEOUT_SECONDS, prepareOrReport, reportBuildFailure, timeoutProblem, userFlags, type CompileOpts } from './common';
import { EXIT, printJson, say, useColor } from './output';

interface DiffOpts extends CompileOpts {
  backend: Backend;
  atol?: string;
  rtol?: string;
  intTol?: string;
  json?: boolean;
  showOutput?: boolean;
  timeout?: string;
  keepTraces?: boolean;
}

function parseNonNegative(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} must be a non-negative number, got '${v}'`);
  return n;
}

class UsageError extends Error {}

export function diffCommand(): Command {
  return new Command('diff')
    .description('run the translated program (metal on a Mac, msl-cpu elsewhere) and the reference (cuda-cpu: the original kernels) and compare every device→host copy')
    .argument('<sources...>', 'source files: .cu (translated), .cpp/.cc/.cxx/.c (host code); program arguments after --, given to both runs')
    .addOption(new Option('-b, --backend <name>', 'where the translated program runs').choices(['metal', 'msl-cpu']).default(defaultBackend()))
    .option('--atol <x>', 'absolute tolerance for floating-point elements (default 1e-5 for f32)')
    .option('--rtol <x>', 'relative tolerance for floating-point elements (default 1e-4 for f32)')
    .option('--int-tol <n>', 'largest accepted difference of integer elements (default 0)')
    .option('--timeout <seconds>', 'stop each run after this many seconds', '600')
    .option('--show-output', "print both programs' output")
    .option('--keep-traces', 'keep the trace files and print where they are')
    .option('--json', 'print the comparison report as JSON')
    .option('--sanitize', 'msl-cpu: run both programs under AddressSanitizer (see run --sanitize)')
    .action(async (sources: string[], o: DiffOpts) => {
      const args = invocation.programArgs;
      let tol: Tolerance;
      let timeout: number;
      try {
        const atol = parseNonNegative('--atol', o.atol);
        const rtol = parseNonNegative('--rtol', o.rtol);
        const intTol = parseNonNegative('--int-tol', o.intTol);
        if (intTol !== undefined && !Number.isInteger(intTol)) throw new UsageError('--int-tol must be an integer');
        const f = { ...(atol !== undefined ? { atol } : {}), ...(rtol !== undefined ? { rtol } : {}) };
        tol = { f16: f, f32: f, f64: f, ...(intTol !== undefined ? { int: intTol } : {}) };
        timeout = parseNonNegative('--timeout', o.timeout) ?? 600;
        if (timeout > MAX_TIMEOUT_SECONDS) throw new UsageError(`--timeout ${timeoutProblem(timeout)}, got '${o.timeout}'`);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        say(e.message);
        process.exitCode = EXIT.usage;
        return;
      }
      const unavailable = backendUnavailable(o.backend) ?? (o.sanitize && o.backend === 'metal' ? '--sanitize works on the CPU backends (--backend msl-cpu), not on metal' : null);
      if (unavailable) {
        say(unavailable);
        process.exitCode = EXIT.usage;
        return;
      }
      const p = prepareOrReport(sources, o, o.json);
      if (!p) return;
      let built;
      try {
        built = await build(p, [o.backend, 'cuda-cpu'], userFlags(o));
      } catch (e) {
        reportBuildFailure(e);
        return;
      }
      for (const n of built.notes) say(`note: ${n}`);
      const sides = { actual: o.backend, expected: 'cuda-cpu' } as const;
      const traces = { actual: tempTracePrefix(o.backend), expected: tempTracePrefix('cuda-cpu') };
      // One after the other: each run already uses every core.
      const results: Partial<Record<'actual' | 'expected', ExecResult>> = {};
      for (const side of ['actual', 'expected'] as const) {
        const backend = sides[side];
        results[side] = await execute(built.exe, backend, built.modules[backend], { args, stdio: 'capture', trace: traces[side], timeoutSeconds: timeout || undefined });
      }
      const cleanup = (): void => {
        if (o.keepTraces) say(`traces kept: ${traces.actual}.jsonl, ${traces.expected}.jsonl`);
        else for (const t of Object.values(traces)) fs.rmSync(path.dirname(t), { recursive: true, force: true });
      };
      let memoryErrors = false; // --sanitize found some: the diff fails even if both sides agree
      for (const side of ['actual', 'expected'] as const) {
        const r = results[side]!;
        const abnormal = describeExit(r, timeout);
        if (o.showOutput || abnormal) {
          process.stderr.write(`---- ${sides[side]} run output ----\n${r.stdout}${r.stderr}`);
        }
        if (abnormal) say(`${sides[side]} run: ${abnormal}`);
        // --sanitize: the memory errors found, in one line each (the full reports: --show-output).
        if (o.sanitize) {
          for (const line of r.stderr.split('\n').filter((l) => l.startsWith('cu2metal: sanitizer:'))) say(`${sides[side]} run: ${line.replace(/^cu2metal: /, '')}`);
          if (/ERROR: AddressSanitizer/.test(r.stderr)) memoryErrors = true;
        }
      }
      let report;
      try {
        report = compareTraces(readTrace(traces.actual), readTrace(traces.expected), tol);
      } catch (e) {
        cleanup();
        if (!(e instanceof TraceError || e instanceof RangeError)) throw e;
        say(`cannot compare: ${e.message}`);
        process.exitCode = EXIT.differ;
        return;
      }
      cleanup();
      if (o.json) printJson({ file: sources.join(' '), backends: sides, ...report });
      else process.stdout.write(`${formatReport(report, { color: useColor(process.stdout), labels: { actual: sides.actual, expected: sides.expected } })}\n`);
      if (memoryErrors) say('the sanitizer found memory errors (above): the comparison does not make the program correct');
      process.exitCode = report.ok && !memoryErrors ? EXIT.ok : EXIT.differ;
    });
}
