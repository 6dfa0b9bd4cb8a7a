// `const T&` parameters and locals bound to temporaries (C2M1005 before; cuda-samples eigenvalues'
// `max(abs(l), abs(r))`, interval's `square(x - I(1))`): src/translate/temporaries.ts.
import * as path from 'node:path';
import { describe } from 'node:test';
import { selfCheckingOnBothBackends } from '../helpers/cli';

const prog = path.join('test', 'fixtures', 'const_refs', 'temporaries.cu');

describe('const T& bound to temporaries', () => {
  selfCheckingOnBothBackends(prog, 'const T& parameters and locals bound to temporaries, thread, device and threadgroup lvalues', { copies: 1 });
});
