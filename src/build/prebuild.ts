// Run by `npm install`: builds the runtime library into the cache so the first `cu2metal run`
// only compiles the user's program.
import { ensureRuntimeLibrary } from './build';

ensureRuntimeLibrary().then(
  (lib) => process.stderr.write(`cu2metal install: runtime library ready (${lib.archive})\n`),
  (e: unknown) => {
    const out = e instanceof Error && 'output' in e ? String((e as { output: unknown }).output) : '';
    process.stderr.write(`cu2metal install: building the runtime library failed: ${e instanceof Error ? e.message : String(e)}\n${out}`);
    process.exit(1);
  },
);
