// Answers about a binary kept in the build cache per binary (its real path, size, date and inode),
// so that a warm run starts no probe process (issue 8: the setpriv probe was a tenth of a cached run).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir } from '../build/paths';

/** `probe()`'s answer for `binary`, asked once per version of the binary; a failing probe is asked again next time. */
export function rememberedProbe(tag: string, binary: string, probe: () => boolean): boolean {
  let marker: string | undefined;
  try {
    const real = fs.realpathSync(binary);
    const st = fs.statSync(real);
    const id = createHash('sha1').update(`${real}\0${st.size}\0${st.mtimeMs}\0${st.ino}`).digest('hex').slice(0, 24);
    marker = path.join(cacheDir(), 'toolchain', `${tag}-${id}.ok`);
    if (fs.existsSync(marker)) return true;
  } catch {
    marker = undefined;
  }
  const ok = probe();
  if (ok && marker) {
    try {
      fs.mkdirSync(path.dirname(marker), { recursive: true });
      fs.writeFileSync(marker, '');
    } catch {
      // an unwritable cache: probe again next time
    }
  }
  return ok;
}
