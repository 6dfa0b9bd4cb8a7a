import { Command, Option } from 'commander';
import { backendUnavailable, build, defaultBackend, describeExit, execute, exitStatusOf, type Backend } from '../run/run';
import { prepareOrReport, reportBuildFailure, translateOptions, userFlags, type CompileOpts } from './common';
import { EXIT, say } from './output';

interface RunOpts extends CompileOpts {
  backend: Backend;
  timeout?: string;
  fastMath?: boolean;
}

export function runCommand(): Command {
  return new Command('run')
    .description('translate, build and run a CUDA program; program arguments follow `--`')
    .argument('<file.cu>', 'CUDA source file')
    .argument('[args...]', 'arguments for the program (after --)')
    .addOption(new Option('-b, --backend <name>', 'where kernels run: metal (macOS), msl-cpu (the translated MSL on the CPU), cuda-cpu (the original CUDA on the CPU)').choices(['metal', 'msl-cpu', 'cuda-cpu']).default(defaultBackend()))
    .option('--timeout <seconds>', 'stop the program after this many seconds (default: no limit)')
    .option('--fast-math', "metal: compile with Metal's fast math (default: safe math and precise functions, closest to CUDA)")
    .action(async (file: string, args: string[], o: RunOpts) => {
      const unavailable = backendUnavailable(o.backend);
      if (unavailable) {
        say(unavailable);
        process.exitCode = EXIT.usage;
        return;
      }
      const timeout = o.timeout === undefined ? undefined : Number(o.timeout);
      if (timeout !== undefined && !(timeout > 0)) {
        say(`--timeout must be a positive number of seconds, got '${o.timeout}'`);
        process.exitCode = EXIT.usage;
        return;
      }
      const backend = o.backend;
      const p = prepareOrReport(file, translateOptions(o));
      if (!p) return;
      let built;
      try {
        built = await build(p, [backend], userFlags(o));
      } catch (e) {
        reportBuildFailure(e);
        return;
      }
      const r = await execute(built.exe, backend, built.modules[backend]!, { args, stdio: 'inherit', timeoutSeconds: timeout, fastMath: o.fastMath });
      const abnormal = describeExit(r, timeout);
      if (abnormal) say(`${p.stem}: ${abnormal}`);
      process.exitCode = exitStatusOf(r);
    });
}
