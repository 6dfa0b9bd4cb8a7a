// The translator and the build, loaded on first use: a cached `run` (src/run/warm.ts) starts the
// program without them (loading tree-sitter and the translator took most of a warm run).
import type * as ProgramModule from '../build/program';
import type * as TranslateModule from '../translate/index';

let program: typeof ProgramModule | undefined;
let translate: typeof TranslateModule | undefined;

/* eslint-disable @typescript-eslint/no-require-imports */
export const lazyProgram = (): typeof ProgramModule => (program ??= require('../build/program') as typeof ProgramModule);
export const lazyTranslate = (): typeof TranslateModule => (translate ??= require('../translate/index') as typeof TranslateModule);
/* eslint-enable @typescript-eslint/no-require-imports */
