// Reusing the previous parse. A batch of .cu files (a project, a benchmark, a test suite) inlines
// the same helper headers into most of them, and parsing was the largest single cost of a
// translation. The translator keeps the tree of the text it parsed last; the next text's runs of
// lines that also occur in that text, in the same order (a header inlined in both, shared code),
// are described to tree-sitter as unchanged and everything between them as edited, so its
// incremental parse takes the unchanged functions and declarations over instead of parsing them
// again. Where the text has syntax errors, tree-sitter's error recovery can take another way in an
// incremental parse than in a fresh one (seen on mutated cuda-samples): parseSource then parses
// afresh. Otherwise the tree is the one a fresh parse gives (checked on every cuda-samples and
// HeCBench source in three orders, and on 1,500 mutated variants; the translator's outputs on both
// corpora are byte-identical either way).
import type { Tree } from './parse';

/** Runs shorter than this are not worth an edit. */
const MIN_RUN = 24;
/** Lines shorter than this are too common to anchor a run. */
const MIN_ANCHOR = 12;

interface Previous {
  readonly text: string;
  readonly tree: Tree;
  lines?: string[];
  starts?: number[];
  anchors?: Map<string, number>;
}

/** How many earlier trees are kept: files of a batch alternate between sets of headers. */
const KEEP = 4;

/** The kept trees, the latest first. */
let kept: Previous[] = [];

/** Forgets the kept trees (tests: a fresh parse). */
export function forgetPreviousParse(): void {
  kept = [];
}

/** Keeps `tree` (of `text`) for a later parse; nothing else may use it afterwards (it is edited). */
export function keepForReuse(text: string, tree: Tree): void {
  kept = [{ text, tree }, ...kept.slice(0, KEEP - 1)];
}

const lineStarts = (text: string): number[] => {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
};

interface Run {
  readonly newLine: number;
  readonly oldLine: number;
  readonly length: number;
}

/**
 * The kept tree that shares the most lines with `text`, edited so that it describes `text` where
 * the two texts differ, or undefined when none shares enough (a fresh parse is as fast). That tree
 * is handed over: it is no longer kept.
 */
export function treeToReuse(text: string): Tree | undefined {
  const newLines = text.split('\n');
  let best: { prev: Previous; runs: Run[]; shared: number } | undefined;
  for (const prev of kept) {
    const r = sharedRuns(prev, newLines);
    if (r.shared >= 4 * MIN_RUN && (!best || r.shared > best.shared)) best = { prev, ...r };
  }
  if (!best) return undefined;
  const { prev, runs } = best;
  kept = kept.filter((k) => k !== prev);
  return edited(prev, text, newLines, runs);
}

/** Runs of equal lines of the kept text and the new one, in the same order in both. */
function sharedRuns(prev: Previous, newLines: readonly string[]): { runs: Run[]; shared: number } {
  const oldLines = (prev.lines ??= prev.text.split('\n'));
  // Lines that occur once in the old text anchor the runs.
  if (!prev.anchors) {
    const anchors = new Map<string, number>();
    oldLines.forEach((l, k) => {
      if (l.length >= MIN_ANCHOR) anchors.set(l, anchors.has(l) ? -1 : k);
    });
    prev.anchors = anchors;
  }
  const anchors = prev.anchors;
  // Runs of equal lines, in the same order in both texts; never the last line of either (it has no
  // line break after it, so equal lines there need not be equal text).
  const runs: Run[] = [];
  let newFloor = 0;
  let oldFloor = 0;
  let shared = 0;
  for (let i = 0; i < newLines.length - 1; i++) {
    const j = anchors.get(newLines[i]!);
    if (j === undefined || j < oldFloor) continue;
    let back = 0;
    while (i - back - 1 >= newFloor && j - back - 1 >= oldFloor && newLines[i - back - 1] === oldLines[j - back - 1]) back++;
    let ahead = 1;
    while (i + ahead < newLines.length - 1 && j + ahead < oldLines.length - 1 && newLines[i + ahead] === oldLines[j + ahead]) ahead++;
    if (back + ahead < MIN_RUN) continue;
    runs.push({ newLine: i - back, oldLine: j - back, length: back + ahead });
    shared += back + ahead;
    newFloor = i + ahead;
    oldFloor = j + ahead;
    i = newFloor - 1;
  }
  return { runs, shared };
}

/** The kept tree, edited: the text between the runs replaced by the new text's. */
function edited(prev: Previous, text: string, newLines: readonly string[], runs: readonly Run[]): Tree {
  const oldLines = prev.lines!;
  const oldStarts = (prev.starts ??= lineStarts(prev.text));
  const newStarts = lineStarts(text);
  // Each edit is in the coordinates of the text as edited so far: new text before it, old after.
  const tree = prev.tree;
  let indexDelta = 0;
  let rowDelta = 0;
  let newEnd = 0; // line after the previous run, in each text
  let oldEnd = 0;
  const edit = (newTo: number, oldTo: number, newToRow: number, oldToRow: number, newToColumn: number, oldToColumn: number): void => {
    const start = newStarts[newEnd]!;
    tree.edit({
      startIndex: start,
      oldEndIndex: oldTo + indexDelta,
      newEndIndex: newTo,
      startPosition: { row: newEnd, column: 0 },
      oldEndPosition: { row: oldToRow + rowDelta, column: oldToColumn },
      newEndPosition: { row: newToRow, column: newToColumn },
    });
  };
  for (const r of runs) {
    if (r.newLine > newEnd || r.oldLine > oldEnd) edit(newStarts[r.newLine]!, oldStarts[r.oldLine]!, r.newLine, r.oldLine, 0, 0);
    indexDelta = newStarts[r.newLine]! - oldStarts[r.oldLine]!;
    rowDelta = r.newLine - r.oldLine;
    newEnd = r.newLine + r.length;
    oldEnd = r.oldLine + r.length;
  }
  const lastNew = newLines.length - 1;
  const lastOld = oldLines.length - 1;
  edit(text.length, prev.text.length, lastNew, lastOld, newLines[lastNew]!.length, oldLines[lastOld]!.length);
  return tree;
}
