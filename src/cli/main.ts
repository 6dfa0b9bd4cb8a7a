// cu2metal command line: translate, run, diff, check.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { HOST_STDS } from './common';
import { TOOL_VERSION } from '../translate/translate';
import { checkCommand } from './check';
import { diffCommand } from './diff';
import { EXIT, fileSystemProblem, say } from './output';
import { invocation, normalizeArgs, UsageError } from './argv';
import { cleanStaleTemporaries } from '../build/cacheClean';
import { maybeEnforceCacheLimit } from '../build/cacheLimit';
import { cacheCommand } from './cache';
import { buildCommand } from './build';
import { runCommand } from './run';
import { translateCommand } from './translate';

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** Options shared by commands that compile the program (nvcc spellings: see src/cli/argv.ts). */
export function addCompileOptions(c: Command): Command {
  return c
    .option('-I, --include-dir <dir>', 'add a directory to the include search path (repeatable)', collect, [])
    .option('-D, --define <NAME[=V]>', 'define a preprocessor macro (repeatable)', collect, [])
    .option('-U, --undefine <NAME>', 'undefine a preprocessor macro (repeatable)', collect, [])
    .option('--std <std>', 'C++ standard of the host program (c++17, c++20; nvcc: -std=c++17; older ones compile as c++17)', (v: string) => {
      if (!HOST_STDS.test(v)) throw new InvalidArgumentError(`'${v}' is not a C++ standard nvcc accepts (c++11, c++14, c++17, c++20, gnu++17...)`);
      return v;
    }, 'c++17')
    .option('--opt-level <n>', 'host code optimisation level (nvcc: -O<n>; default 1)')
    .option('-g, --debug', 'host code with debug information')
    .option('--host-flags <flags>', 'extra host compiler flags, comma-separated (nvcc: -Xcompiler)', collect, [])
    .option('-l, --library <lib>', 'link a host library (repeatable; CUDA libraries cu2metal does not provide are an error)', collect, [])
    .option('-L, --library-path <dir>', 'add a library search directory (repeatable)', collect, [])
    .option('--fast-math', "metal: compile with Metal's fast math (default: safe math and precise functions, closest to CUDA)")
    .addOption(new Option('--double <policy>', "'double' in device code: soft (IEEE binary64 in software, exact), float (fast, results differ), or error").choices(['soft', 'float', 'error']).default('soft'));
}

/** Options of the commands that take a value which must reach commander untouched. */
const VALUE_OPTIONS = new Set(['-o', '--out-dir', '--output', '-b', '--backend', '--timeout', '--atol', '--rtol', '--int-tol', '--double', '--opt-level', '--host-flags']);
const COMMANDS = new Set(['translate', 'run', 'diff', 'check', 'build']);

function program(): Command {
  const p = new Command('cu2metal')
    .description('Translate CUDA programs to Metal and run them: on an Apple GPU, or here on the CPU through an emulation of the exact Metal code.')
    .version(TOOL_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (s, write) => write(`cu2metal: ${s.replace(/^error: /, '')}`) })
    .exitOverride();
  p.addHelpText('after', `
Examples:
  cu2metal translate app.cu -o out/        writes out/app.metal, out/app.host.cpp, out/app.manifest.json
  cu2metal run app.cu -- 1024              translate, build and run with program argument 1024
  cu2metal run app.cu --backend cuda-cpu   run the original kernels on the CPU reference
  cu2metal diff app.cu                     compare the translated run with the reference, copy by copy
  cu2metal check app.cu --json             what translates, what does not, and why
  cu2metal run a.cu b.cu main.cpp -I common -O3 -arch=sm_80 -- data.bin
                                           a program of several files, nvcc's flags
  cu2metal build a.cu main.cpp -o prog     an executable (+ prog.msl-cpu.so beside it) to run later
  cu2metal cache                           where the build cache is, its size and its limit

Sources: .cu files are translated; .cpp/.cc/.cxx/.c files are host code, compiled as written
against cu2metal's cuda_runtime.h. All .cu files form one device program (whole-program
linking: kernels and __device__ functions resolve across files). nvcc flags accepted: -I -D -U
-std= -O<n> -g -lineinfo -Xcompiler -l -L, -x cu|c++|c|none (for the sources after it); -arch/-gencode/-code/-rdc/-dc are accepted and
ignored (Metal compiles for the GPU it runs on). -l of a CUDA library cu2metal does not provide
(cufft, cusolver, nvrtc, npp*, nvjpeg, cudnn, cuda) is an error; -lcublas, -lcublasLt, -lcusparse and -lcurand are accepted (the runtime provides them).

Exit codes: 0 success; 1 diff found differences; 2 usage error; 3 the CUDA code cannot be
translated (diagnostics printed); 4 the generated code failed to build; run passes the program's
own exit status through (128+N when a signal N ended it).`);
  p.addCommand(addCompileOptions(translateCommand()));
  p.addCommand(addCompileOptions(runCommand()));
  p.addCommand(addCompileOptions(diffCommand()));
  p.addCommand(addCompileOptions(checkCommand()));
  p.addCommand(addCompileOptions(buildCommand()));
  p.addCommand(cacheCommand());
  // addCommand does not pass these settings down: every subcommand reports usage errors the same way.
  for (const c of p.commands) {
    c.exitOverride()
      .showHelpAfterError('(run with --help for usage)')
      .configureOutput({ outputError: (s, write) => write(`cu2metal ${c.name()}: ${s.replace(/^error: /, '')}`) });
  }
  return p;
}

export async function main(argv: string[]): Promise<number> {
  const p = program();
  try {
    if (argv.length <= 2) {
      p.outputHelp();
      return EXIT.usage;
    }
    const cmd = argv[2];
    let args = argv;
    invocation.programArgs = [];
    invocation.languages = new Map();
    if (cmd !== undefined && COMMANDS.has(cmd)) {
      let n;
      try {
        n = normalizeArgs(argv.slice(3), VALUE_OPTIONS);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        say(`${cmd}: ${e.message}`);
        return EXIT.usage;
      }
      for (const note of n.notes) say(`note: ${note}`);
      args = [...argv.slice(0, 3), ...n.argv];
      invocation.programArgs = n.programArgs;
      invocation.languages = n.languages;
    }
    // Commands that build: temporaries that killed builds left in the cache go first.
    // and, at most once an hour, the least recently used entries over the cache's size limit.
    if (cmd === 'run' || cmd === 'diff' || cmd === 'build') {
      cleanStaleTemporaries();
      const problem = maybeEnforceCacheLimit();
      if (problem) say(`note: ${problem}`);
    }
    await p.parseAsync(args);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    // Files that cannot be read or written (a missing or unreadable input, -o onto a file where a
    // directory is needed, a name too long...) are the user's to fix: a usage error naming the path.
    const fsProblem = fileSystemProblem(e);
    if (fsProblem !== null) {
      say(fsProblem);
      if (process.env['CU2METAL_DEBUG'] && e instanceof Error) say(e.stack ?? e.message);
      return EXIT.usage;
    }
    const detail = e instanceof Error ? (process.env['CU2METAL_DEBUG'] ? (e.stack ?? e.message) : e.message) : String(e);
    say(`internal error: ${detail} (set CU2METAL_DEBUG=1 for details)`);
    say('please report this with the input file at the project tracker.');
    return EXIT.internal;
  }
}
