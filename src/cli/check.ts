import { Command } from 'commander';
import { buildProgramModule, programManifest } from '../build/program';
import { BuildError } from '../build/build';
import { DiagnosticError, hasErrors, type Diagnostic } from '../diagnostics/diagnostic';
import { prepare, type Prepared } from '../run/run';
import { UsageError } from './argv';
import { classifySources, translateOptions, usage, userFlags, type CompileOpts } from './common';
import { EXIT, printDiagnostics, printJson, say } from './output';
import { uniqueDiagnostics } from '../translate/unique';

interface CheckOpts extends CompileOpts {
  json?: boolean;
  build: boolean;
}

export function checkCommand(): Command {
  return new Command('check')
    .description('report what translates and what does not (with reasons), and compile the MSL through the strict msl-cpu model')
    .argument('<sources...>', 'source files: .cu (checked), .cpp/.cc/.cxx/.c (host code, not checked)')
    .option('--no-build', 'only translate; do not compile the MSL')
    .option('--json', 'print the result as JSON')
    .action(async (sources: string[], o: CheckOpts) => {
      const file = sources.join(' ');
      let p: Prepared;
      try {
        p = prepare(classifySources(sources), translateOptions(o));
      } catch (e) {
        if (e instanceof UsageError) return void usage(e.message);
        if (!(e instanceof DiagnosticError)) throw e;
        if (o.json) printJson({ file, ok: false, diagnostics: e.diagnostics, kernels: [] });
        else printDiagnostics(e.diagnostics, new Map());
        process.exitCode = EXIT.usage;
        return;
      }
      const cu = p.units.filter((u) => u.translation);
      // A header several .cu files include is reported once (the first file's translation).
      const perUnit = cu.map((u) => u.translation!.diagnostics);
      const once = uniqueDiagnostics(perUnit.flat());
      const shown = new Set(once);
      const diagnostics: Diagnostic[] = once;
      let mslCompile: { ok: boolean; output?: string } | null = null;
      if (o.build && !hasErrors(diagnostics) && cu.length > 0) {
        try {
          // The program's one module: every .cu file's MSL linked (src/build/link.ts).
          await buildProgramModule('msl-cpu', cu, userFlags(o), p.stem);
          mslCompile = { ok: true };
        } catch (e) {
          if (!(e instanceof BuildError)) throw e;
          mslCompile = { ok: false, output: e.output };
        }
      }
      const ok = !hasErrors(diagnostics) && (mslCompile?.ok ?? true);
      const kernels = cu.flatMap((u) =>
        u.translation!.manifest.kernels.map((k) => ({
          name: k.name,
          file: u.file,
          line: k.line,
          buffers: k.params.filter((x) => x.kind === 'buffer').map((x) => x.name),
          scalars: k.params.filter((x) => x.kind === 'scalar').map((x) => x.name),
          builtins: k.params.filter((x) => x.kind === 'builtin').map((x) => x.name),
          usesBarriers: k.usesBarriers,
          dynamicSharedMemory: k.dynamicSharedMemory,
          // more than Metal's 31 buffers: the parameters share one argument buffer (src/translate/argumentBuffer.ts)
          argumentBuffer: k.argumentBuffer !== undefined,
        })),
      );
      if (o.json) {
        printJson({ file, ok, kernels, diagnostics, mslCompile });
      } else {
        cu.forEach((u, i) => printDiagnostics(perUnit[i]!.filter((d) => shown.delete(d)), u.translation!.sources));
        for (const k of kernels) {
          const parts = [`${k.buffers.length} buffer(s)`, `${k.scalars.length} scalar(s)`];
          if (k.builtins.length) parts.push(`built-ins ${k.builtins.join(', ')}`);
          if (k.usesBarriers) parts.push('barriers');
          if (k.dynamicSharedMemory) parts.push('dynamic threadgroup memory');
          if (k.argumentBuffer) parts.push("parameters in one argument buffer (more than Metal's 31 buffers)");
          process.stdout.write(`kernel ${k.name} (${k.file}:${k.line}): ${parts.join('; ')}\n`);
        }
        if (mslCompile && !mslCompile.ok) process.stderr.write((mslCompile.output ?? '').replace(/\n?$/, '\n'));
        const errors = diagnostics.filter((d) => d.severity === 'error').length;
        const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
        const notes = diagnostics.length - errors - warnings;
        const need = programManifest(cu, p.stem).mslVersion;
        const at = need ? ` (needs MSL ${need.version}: ${need.features.join(', ')})` : '';
        const compiled = mslCompile === null ? `MSL not compiled${at}` : mslCompile.ok ? `MSL compiles under the msl-cpu model${at}` : `MSL does NOT compile under the msl-cpu model${at}`;
        say(`${file}: ${ok ? 'translates' : 'does not translate'} — ${errors} error(s), ${warnings} warning(s)${notes > 0 ? `, ${notes} note(s)` : ''}, ${kernels.length} kernel(s); ${compiled}`);
      }
      process.exitCode = ok ? EXIT.ok : hasErrors(diagnostics) ? EXIT.translation : EXIT.build;
    });
}
