import * as path from 'node:path';
import { Command, Option } from 'commander';
import { backendUnavailable, build, defaultBackend, describeExit, execute, exitStatusOf, type Backend } from '../run/run';
import { invocation, normalizeArgs } from './argv';
import { prepareOrReport, reportBuildFailure, timeoutProblem, usage, userFlags, type CompileOpts } from './common';
import { say } from './output';
import { recordWarmRun } from '../run/warm';


interface RunOpts extends CompileOpts {
  backend: Backend;
  timeout?: string;
  fastMath?: boolean;
}

export function runCommand(): Command {
  return new Command('run')
    .description("translate, build and run a CUDA program of one or more source files (.cu, .cpp, .c) in the current directory; program arguments follow `--`")
    .argument('<sources...>', 'source files: .cu (translated), .cpp/.cc/.cxx/.c (host code)')
    .addOption(new Option('-b, --backend <name>', 'where kernels run: metal (macOS), msl-cpu (the translated MSL on the CPU), cuda-cpu (the original CUDA on the CPU)').choices(['metal', 'msl-cpu', 'cuda-cpu']).default(defaultBackend()))
    .option('--timeout <seconds>', 'stop the program after this many seconds (default: no limit)')
    .option('--sanitize', 'msl-cpu, cuda-cpu: AddressSanitizer: out-of-bounds device accesses and use after cudaFree are reported with kernel, block, thread and source line, and the run fails')
    .action(async (sources: string[], o: RunOpts) => {
      const unavailable = backendUnavailable(o.backend);
      if (unavailable) return void usage(unavailable);
      if (o.sanitize && o.backend === 'metal') return void usage('--sanitize works on the CPU backends (--backend msl-cpu or cuda-cpu), not on metal');
      const timeout = o.timeout === undefined ? undefined : Number(o.timeout);
      const problem = timeout === undefined ? null : timeoutProblem(timeout);
      if (problem) return void usage(`--timeout ${problem}, got '${o.timeout}'`);
      const backend = o.backend;
      const p = prepareOrReport(sources, o);
      if (!p) return;
      let built;
      try {
        built = await build(p, [backend], userFlags(o));
      } catch (e) {
        reportBuildFailure(e);
        return;
      }
      for (const n of built.notes) say(`note: ${n}`);
      // The next identical run starts the program at once (src/run/warm.ts) when nothing was
      // printed before it: no diagnostics, no notes (about flags, the MSL version); no -l/-L libraries.
      const flags = userFlags(o);
      const quiet = p.units.every((u) => !u.translation || u.translation.diagnostics.length === 0) && normalizeArgs(process.argv.slice(3)).notes.length === 0 && built.notes.length === 0;
      if (quiet && !flags.libraries?.length && !flags.libraryDirs?.length && !o.fastMath) {
        recordWarmRun(process.argv, {
          files: p.units.flatMap((u) => [u.file, ...(u.translation ? [...u.translation.sources.keys()] : [])]),
          headerDirs: [...new Set([...p.units.map((u) => u.sourceDir), ...flags.includeDirs.map((d) => path.resolve(d))])],
          exe: built.exe,
          module: built.modules[backend] ?? null,
          backend,
          stem: p.stem,
          ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
        });
      }
      const r = await execute(built.exe, backend, built.modules[backend], { args: invocation.programArgs, stdio: 'inherit', timeoutSeconds: timeout, fastMath: o.fastMath });
      const abnormal = describeExit(r, timeout);
      if (abnormal) say(`${p.stem}: ${abnormal}`);
      process.exitCode = exitStatusOf(r);
    });
}

