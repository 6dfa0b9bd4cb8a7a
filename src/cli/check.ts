import { Command } from 'commander';
import { buildModule, BuildError } from '../build/build';
import { DiagnosticError, hasErrors } from '../diagnostics/diagnostic';
import { prepare } from '../run/run';
import { translateOptions, userFlags, type CompileOpts } from './common';
import { EXIT, printDiagnostics, printJson, say } from './output';

interface CheckOpts extends CompileOpts {
  json?: boolean;
  build: boolean;
}

export function checkCommand(): Command {
  return new Command('check')
    .description('report what translates and what does not (with reasons), and compile the MSL through the strict msl-cpu model')
    .argument('<file.cu>', 'CUDA source file')
    .option('--no-build', 'only translate; do not compile the MSL')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: CheckOpts) => {
      let p;
      try {
        p = prepare(file, translateOptions(o));
      } catch (e) {
        if (!(e instanceof DiagnosticError)) throw e;
        if (o.json) printJson({ file, ok: false, diagnostics: e.diagnostics, kernels: [] });
        else printDiagnostics(e.diagnostics, new Map());
        process.exitCode = EXIT.usage;
        return;
      }
      const t = p.translation;
      let mslCompile: { ok: boolean; output?: string } | null = null;
      if (o.build && !hasErrors(t.diagnostics)) {
        try {
          await buildModule('msl-cpu', t, userFlags(o), p.sourceDir, p.stem);
          mslCompile = { ok: true };
        } catch (e) {
          if (!(e instanceof BuildError)) throw e;
          mslCompile = { ok: false, output: e.output };
        }
      }
      const ok = !hasErrors(t.diagnostics) && (mslCompile?.ok ?? true);
      const kernels = t.manifest.kernels.map((k) => ({
        name: k.name,
        line: k.line,
        buffers: k.params.filter((x) => x.kind === 'buffer').map((x) => x.name),
        scalars: k.params.filter((x) => x.kind === 'scalar').map((x) => x.name),
        builtins: k.params.filter((x) => x.kind === 'builtin').map((x) => x.name),
        usesBarriers: k.usesBarriers,
        dynamicSharedMemory: k.dynamicSharedMemory,
      }));
      if (o.json) {
        printJson({ file, ok, kernels, diagnostics: t.diagnostics, mslCompile });
      } else {
        printDiagnostics(t.diagnostics, t.sources);
        for (const k of kernels) {
          const parts = [`${k.buffers.length} buffer(s)`, `${k.scalars.length} scalar(s)`];
          if (k.builtins.length) parts.push(`built-ins ${k.builtins.join(', ')}`);
          if (k.usesBarriers) parts.push('barriers');
          if (k.dynamicSharedMemory) parts.push('dynamic threadgroup memory');
          process.stdout.write(`kernel ${k.name} (${file}:${k.line}): ${parts.join('; ')}\n`);
        }
        if (mslCompile && !mslCompile.ok) process.stderr.write((mslCompile.output ?? '').replace(/\n?$/, '\n'));
        const errors = t.diagnostics.filter((d) => d.severity === 'error').length;
        const warnings = t.diagnostics.length - errors;
        const compiled = mslCompile === null ? 'MSL not compiled' : mslCompile.ok ? 'MSL compiles under the msl-cpu model' : 'MSL does NOT compile under the msl-cpu model';
        say(`${file}: ${ok ? 'translates' : 'does not translate'} — ${errors} error(s), ${warnings} warning(s), ${t.manifest.kernels.length} kernel(s); ${compiled}`);
      }
      process.exitCode = ok ? EXIT.ok : hasErrors(t.diagnostics) ? EXIT.translation : EXIT.build;
    });
}
