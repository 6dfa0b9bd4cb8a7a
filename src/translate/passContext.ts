// What a pass over one function's body (indexing.ts, cooperativeGroups.ts, printfCalls.ts,
// textureCalls.ts ...) shares with the walk in function.ts: the program, the function, the text
// edits of the translation and a way to report a diagnostic at a node.
import type { DiagnosticCode } from '../diagnostics/catalogue';
import type { SyntaxNode } from '../parse/parse';
import type { EditSet } from './edits';
import type { FunctionFacts, ProgramFacts } from './program';

export interface PassContext {
  readonly program: ProgramFacts;
  readonly fn: FunctionFacts;
  readonly edits: EditSet;
  error(code: DiagnosticCode, message: string, n: SyntaxNode): void;
}
