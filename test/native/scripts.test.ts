// The C++-level suites: the runtime core driven by a hand-written host and module
// (test/native/run.sh) and the metal_stdlib / CUDA emulation headers (test/emulation/run.sh).
import { test } from 'node:test';
import { runSummaryScript } from '../helpers/scripts';

for (const script of ['test/native/run.sh', 'test/emulation/run.sh']) {
  test(script, () => {
    runSummaryScript(script);
  });
}
