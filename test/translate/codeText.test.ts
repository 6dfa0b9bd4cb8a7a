// codeText (src/translate/codeText.ts): type names in comments and literals are not uses, so a file
// that only mentions half gets none of the half overloads (golden: half_comment.cu).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codeMentions, codeText } from '../../src/translate/codeText';
import { translateSource } from '../../src/translate/index';
import { HALF_TYPES } from '../../src/translate/tables/atomics16';

describe('codeText: the code of a file without comments and literals', () => {
  test('comments, strings, characters and raw strings are blanked; offsets and line breaks stay', () => {
    const src = 'int a; // half\nchar c = \'h\'; /* __half\n x */ const char *s = "half\\" half";\nauto r = R"x(half)x"; int n = 1\'000;';
    const out = codeText(src);
    assert.equal(out.length, src.length);
    assert.deepEqual(out.split('\n').map((l) => l.trimEnd()), ['int a;', 'char c =    ;', '      const char *s =              ;', 'auto r =            ; int n = 1\'000;']);
    assert.equal(codeMentions(HALF_TYPES, src), false);
    assert.equal(codeMentions(HALF_TYPES, `${src}\n__half h;`), true);
  });
  test('a line comment continued by a backslash-newline is a comment on both lines', () => {
    assert.equal(codeMentions(HALF_TYPES, '// note \\\nhalf x;\nint y;'), false);
  });
  test('half atomics: a comment gives none, a real use of __half gives them', () => {
    const kernel = '__global__ void k(int *p) { atomicAdd(p, 1); }\n';
    const commented = translateSource('c.cu', `// half of the threads\n${kernel}`);
    assert.deepEqual(commented.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.doesNotMatch(commented.msl, /atomicAdd\(device half\*/);
    const used = translateSource('u.cu', `#include <cuda_fp16.h>\n__global__ void h(__half *q) { q[0] = q[1]; }\n${kernel}`);
    assert.match(used.msl, /inline half atomicAdd\(device half\* p, half v\)/);
  });
});
