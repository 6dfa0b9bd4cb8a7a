import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { programManifest, programMsl } from '../build/program';
import { invocation } from './argv';
import { prepareOrReport, uniqueStems, usage, type CompileOpts } from './common';
import { printJson } from './output';

export function translateCommand(): Command {
  return new Command('translate')
    .description('translate .cu files: writes NAME.metal (readable MSL: one module for all .cu files, named after the first source), NAME.host.cpp per .cu file (its host program) and NAME.manifest.json (kernels and bindings)')
    .argument('<sources...>', 'source files: .cu (translated); .cpp/.c files are host code and need no translation')
    .option('-o, --out-dir <dir>', 'output directory', '.')
    .option('--stdout', 'print the MSL to standard output instead of writing files')
    .option('--json', 'print the manifest, output paths and diagnostics as JSON')
    .action((sources: string[], o: CompileOpts & { outDir: string; stdout?: boolean; json?: boolean }) => {
      if (invocation.programArgs.length > 0) return void usage('translate takes no program arguments');
      const p = prepareOrReport(sources, o, o.json);
      if (!p) return;
      const cu = p.units.filter((u) => u.translation);
      if (cu.length === 0) return void usage('nothing to translate: no .cu file among the sources');
      const msl = programMsl(cu);
      if (o.stdout) {
        process.stdout.write(msl);
        return;
      }
      const name = cu.length === 1 ? cu[0]!.stem : p.stem;
      fs.mkdirSync(o.outDir, { recursive: true });
      const stems = uniqueStems(cu);
      const hosts = cu.map((u, i) => ({ file: path.join(o.outDir, `${stems[i]}.host.cpp`), text: u.translation!.host }));
      const files = {
        metal: path.join(o.outDir, `${name}.metal`),
        ...(hosts.length === 1 ? { host: hosts[0]!.file } : { hosts: hosts.map((h) => h.file) }),
        manifest: path.join(o.outDir, `${name}.manifest.json`),
      };
      const manifest = programManifest(cu, name);
      fs.writeFileSync(files.metal, msl);
      for (const h of hosts) fs.writeFileSync(h.file, h.text);
      fs.writeFileSync(files.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
      if (o.json) printJson({ files, manifest, diagnostics: cu.flatMap((u) => u.translation!.diagnostics) });
      else process.stdout.write(`${Object.values(files).flat().join('\n')}\n`);
    });
}
