// `cu2metal build a.cu b.cpp -o prog`: an executable the user runs later without cu2metal, like
// `nvcc a.cu b.cpp -o prog`. Its kernel module lies beside it (prog.msl-cpu.so, prog.cuda-cpu.so or
// prog.metal); the runtime finds it through the executable's own path and runs on the backend it
// was built for unless CU2METAL_BACKEND / CU2METAL_MODULE say otherwise.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { backendUnavailable, build, defaultBackend, type Backend } from '../run/run';
import { invocation } from './argv';
import { prepareOrReport, reportBuildFailure, usage, userFlags, type CompileOpts } from './common';
import { printJson, say } from './output';

interface BuildOpts extends CompileOpts {
  backend: Backend;
  output: string;
  json?: boolean;
}

/** Copies through a temporary name: a running `prog` is replaced, not overwritten in place. */
function install(from: string, to: string, mode: number): void {
  const tmp = `${to}.${process.pid}.tmp`;
  fs.copyFileSync(from, tmp);
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, to);
}

export function buildCommand(): Command {
  return new Command('build')
    .description('translate and build a CUDA program of one or more source files into an executable to run later (its kernel module is written beside it)')
    .argument('<sources...>', 'source files: .cu (translated), .cpp/.cc/.cxx/.c (host code)')
    .option('-o, --output <file>', 'the executable to write', 'a.out')
    .addOption(new Option('-b, --backend <name>', 'the backend the program runs on: metal (macOS), msl-cpu, cuda-cpu').choices(['metal', 'msl-cpu', 'cuda-cpu']).default(defaultBackend()))
    .option('--json', 'print the written files as JSON')
    .action(async (sources: string[], o: BuildOpts) => {
      if (invocation.programArgs.length > 0) return void usage('build takes no program arguments (nothing runs); give them to the program when you run it');
      const unavailable = backendUnavailable(o.backend);
      if (unavailable) return void usage(unavailable);
      const p = prepareOrReport(sources, o);
      if (!p) return;
      let built;
      try {
        built = await build(p, [o.backend], userFlags(o), { embedBackend: o.backend });
      } catch (e) {
        reportBuildFailure(e);
        return;
      }
      for (const n of built.notes) say(`note: ${n}`);
      const exe = path.resolve(o.output);
      fs.mkdirSync(path.dirname(exe), { recursive: true });
      const moduleFile = `${exe}${o.backend === 'metal' ? '.metal' : `.${o.backend}.so`}`;
      install(built.exe, exe, 0o755);
      const module = built.modules[o.backend];
      if (module) install(module, moduleFile, 0o644);
      else fs.rmSync(moduleFile, { force: true }); // no kernels: a stale module must not linger
      const files = { executable: o.output, ...(module ? { module: path.relative(process.cwd(), moduleFile) || moduleFile } : {}) };
      if (o.json) printJson({ files, backend: o.backend });
      else process.stdout.write(`${Object.values(files).join('\n')}\n`);
    });
}
