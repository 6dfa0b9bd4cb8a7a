// The errors the launcher API throws besides TypeError/RangeError (bad arguments, detected before
// anything reaches the native code).
import type { Diagnostic } from '../diagnostics/diagnostic';

/**
 * A failure reported by the cu2metal runtime, as CUDA would report it: `code` is the cudaError_t
 * number, `name` its enumerator (e.g. 'cudaErrorInvalidConfiguration'), `message` the runtime's
 * diagnostic. The native addon constructs these directly (the class is handed to it at load).
 */
export class CudaError extends Error {
  readonly code: number;

  constructor(code: number, name: string, message: string) {
    super(message);
    this.code = code;
    this.name = name;
  }
}

/** The CUDA source could not be translated; `diagnostics` are the translator's (errors and warnings). */
export class TranslationError extends Error {
  override name = 'TranslationError';

  constructor(
    readonly diagnostics: readonly Diagnostic[],
    /** The diagnostics rendered as the CLI prints them (also the end of `message`). */
    readonly rendered: string,
    file: string,
  ) {
    super(`cannot translate ${file}:\n${rendered}`);
  }
}

// cudaError_t values used by the TypeScript layer itself (names come from the addon's table).
export const ERR_INVALID_VALUE = 1;
export const ERR_INVALID_DEVICE_FUNCTION = 98;
