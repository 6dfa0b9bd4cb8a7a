#!/usr/bin/env node
// How many kernel and device function templates of a set of .cu files get instances from the
// typed view (src/translate/templateInstances.ts), and why the others get none.
//
//   node scripts/template-instances.js [--json out.json] [--as-written] [-I dir]... <file-or-folder>...
//
// --as-written: each file parsed as written (no headers inlined, no macros expanded).
// Each file is preprocessed as `translate` does (local headers inlined, statement macros and
// macros with `<<<` expanded) and parsed; every function template whose role is kernel, device or
// host-device, with a body, counts once per file. Reasons for a template without instances (the
// first that applies): kernels: launched with arguments written out that are not resolved, launched
// deduced (`k<<<...>>>`), launched inside a host template without instances, launched inside a
// function the analysis does not list (a class member, a lambda), never launched in the file
// (another file launches it, or a function pointer); device functions: not called in device code,
// called only in templates without instances, called but nothing deduced.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const DIST = path.resolve(__dirname, '..', 'dist', 'src');
const { preprocess } = require(path.join(DIST, 'parse', 'preprocess'));
const { parseSource } = require(path.join(DIST, 'parse', 'parse'));
const { launchMatches } = require(path.join(DIST, 'parse', 'queries'));
const { analyzeProgram } = require(path.join(DIST, 'translate', 'program'));
const { typedView } = require(path.join(DIST, 'translate', 'typed'));
const { macroNeedsExpansion, normalizeSource } = require(path.join(DIST, 'translate', 'index'));

const args = process.argv.slice(2);
const includeDirs = [];
const inputs = [];
let jsonOut;
let asWritten = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '-I') includeDirs.push(args[++i]);
  else if (args[i] === '--as-written') asWritten = true;
  else if (args[i] === '--json') jsonOut = args[++i];
  else inputs.push(args[i]);
}
const files = [];
const walk = (p) => {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return; // a dangling link
  if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
  else if (p.endsWith('.cu')) files.push(p);
};
inputs.forEach(walk);

const enclosing = (program, node) => {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'lambda_expression') return null;
    if (p.type === 'function_definition') return program.functions.find((f) => f.node.startIndex === p.startIndex && f.node.endIndex === p.endIndex) ?? null;
  }
  return null;
};

function kernelReason(program, fn, launches, viewOf) {
  const mine = launches.filter((m) => {
    const k = m.get('kernel');
    const name = k.type === 'template_function' ? k.childForFieldName('name')?.text : k.text;
    return name === fn.name;
  });
  if (mine.length === 0) return 'not launched in the file';
  const reasons = new Set();
  for (const m of mine) {
    const caller = enclosing(program, m.get('launch'));
    if (!caller) reasons.add('launched in a class member or lambda');
    else if ((caller.templateParams ?? []).length > 0 && viewOf(caller).instances().length === 0) reasons.add('launched in a host template without instances');
    else if (m.get('kernel').type !== 'template_function') reasons.add('launched deduced, nothing deduced');
    else reasons.add('launched with arguments not resolved');
  }
  return [...reasons].sort().join(' + ');
}

function deviceReason(program, fn, viewOf) {
  const callers = program.functions.filter((c) => c.body && c !== fn && c.role !== 'host' && new RegExp(`\\b${fn.name}\\b`).test(c.body.text));
  if (callers.length === 0) return 'not called in device code';
  if (callers.every((c) => (c.templateParams ?? []).length > 0 && viewOf(c).instances().length === 0)) return 'called only in templates without instances';
  return 'called, nothing deduced';
}

const totals = { kernel: { templates: 0, withInstances: 0, reasons: {} }, device: { templates: 0, withInstances: 0, reasons: {} }, instances: 0, failed: [] };
const rows = [];
for (const file of files) {
  let program;
  try {
    const text = normalizeSource(fs.readFileSync(file, 'utf8'));
    if (asWritten) program = analyzeProgram(parseSource(file, text));
    else {
      const expanded = preprocess(file, text, { includeDirs: [path.dirname(file), ...includeDirs], seeThrough: macroNeedsExpansion });
      program = analyzeProgram(parseSource(file, expanded.text, expanded));
    }
  } catch (e) {
    totals.failed.push(`${file}: ${e.message}`);
    continue;
  }
  const views = new Map();
  const viewOf = (f) => views.get(f) ?? views.set(f, typedView(program, f)).get(f);
  const launches = launchMatches(program.file);
  for (const fn of program.functions) {
    if (!fn.body || (fn.templateParams ?? []).length === 0 || fn.role === 'host') continue;
    const kind = fn.role === 'kernel' ? 'kernel' : 'device';
    let found = [];
    try {
      found = viewOf(fn).instances();
    } catch (e) {
      totals.failed.push(`${file}: ${fn.name}: ${e.message}`);
    }
    const t = totals[kind];
    t.templates++;
    totals.instances += found.length;
    let reason;
    if (found.length > 0) t.withInstances++;
    else {
      reason = kind === 'kernel' ? kernelReason(program, fn, launches, viewOf) : deviceReason(program, fn, viewOf);
      t.reasons[reason] = (t.reasons[reason] ?? 0) + 1;
    }
    rows.push({ file, name: fn.name, kind, instances: found.map((i) => `${fn.name}<${[...i.args.values()].join(', ')}>`), ...(reason ? { reason } : {}) });
  }
}
const show = (kind) => {
  const t = totals[kind];
  console.log(`${kind} templates: ${t.templates}, with instances: ${t.withInstances}`);
  for (const [r, n] of Object.entries(t.reasons).sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${r}`);
};
console.log(`${files.length} files`);
show('kernel');
show('device');
console.log(`instances: ${totals.instances}`);
if (totals.failed.length) console.log(`failed: ${totals.failed.length}\n  ${totals.failed.slice(0, 10).join('\n  ')}`);
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ totals, rows }, null, 1));
