import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { prepareOrReport, translateOptions, type CompileOpts } from './common';
import { printJson } from './output';

export function translateCommand(): Command {
  return new Command('translate')
    .description('translate a .cu file: writes NAME.metal (readable MSL), NAME.host.cpp (the host program) and NAME.manifest.json (kernels and bindings)')
    .argument('<file.cu>', 'CUDA source file')
    .option('-o, --out-dir <dir>', 'output directory', '.')
    .option('--stdout', 'print the MSL to standard output instead of writing files')
    .option('--json', 'print the manifest, output paths and diagnostics as JSON')
    .action((file: string, o: CompileOpts & { outDir: string; stdout?: boolean; json?: boolean }) => {
      const p = prepareOrReport(file, translateOptions(o), o.json);
      if (!p) {
        return;
      }
      const t = p.translation;
      if (o.stdout) {
        process.stdout.write(t.msl);
        return;
      }
      fs.mkdirSync(o.outDir, { recursive: true });
      const files = {
        metal: path.join(o.outDir, `${p.stem}.metal`),
        host: path.join(o.outDir, `${p.stem}.host.cpp`),
        manifest: path.join(o.outDir, `${p.stem}.manifest.json`),
      };
      fs.writeFileSync(files.metal, t.msl);
      fs.writeFileSync(files.host, t.host);
      fs.writeFileSync(files.manifest, `${JSON.stringify(t.manifest, null, 2)}\n`);
      if (o.json) printJson({ files, manifest: t.manifest, diagnostics: t.diagnostics });
      else process.stdout.write(`${Object.values(files).join('\n')}\n`);
    });
}
