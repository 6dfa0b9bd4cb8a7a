// The "Language constructs" section of docs/support-matrix.md (from tables/constructs.ts), and the
// index of every refused construct across the tables, with its code.
import { COOPERATIVE_GROUPS } from '../translate/tables/cooperativeGroups';
import { CONSTRUCTS, type ConstructRow } from '../translate/tables/constructs';
import { DEVICE_FUNCTIONS } from '../translate/tables/functions';
import { RUNTIME_API } from '../translate/tables/runtimeApi';
import { TEXTURE_FUNCTIONS } from '../translate/textures';

const esc = (s: string): string => s.replace(/\|/g, '\\|');

export function constructStatus(r: ConstructRow): string {
  if (r.status === 'supported') return '✅ supported';
  const code = r.code ? ` (${r.code})` : '';
  return r.status === 'partial' ? `🟡 partial${code}` : `❌ refused${code}`;
}

/** Every refused name or construct of the tables: [what, code, table]. */
export function refusedConstructs(): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const r of CONSTRUCTS) if (r.status === 'refused') out.push([r.construct, r.code ?? '', 'Language constructs']);
  for (const r of DEVICE_FUNCTIONS) if (r.map.kind === 'unsupported') out.push([`\`${r.cuda}\``, 'C2M1002', `Device functions (${r.category})`]);
  for (const r of COOPERATIVE_GROUPS) if (r.support !== 'supported') out.push([`\`${r.name}\``, 'C2M1002', 'Cooperative groups']);
  for (const r of TEXTURE_FUNCTIONS) if (r.metal === null) out.push([`\`${r.name}\``, 'C2M1002', 'Textures and surfaces']);
  for (const r of RUNTIME_API) if (r.support === 'unsupported') out.push([`\`${r.name}\``, 'C2M2003', 'CUDA runtime API']);
  return out;
}

export function constructsSection(): string[] {
  const out = ['## Language constructs', '', 'Device code (and launches) construct by construct: supported, partly (what is refused is in the note, with the code in brackets), or refused with a diagnostic. `cu2metal check` reports every refused construct of a file, each once, also inside templates no launch instantiates and in device functions no kernel calls (as notes under warning C2M1014).', ''];
  out.push('| construct | status | note |', '|---|---|---|');
  for (const r of CONSTRUCTS) out.push(`| ${esc(r.construct)} | ${constructStatus(r)} | ${esc(r.note)} |`);
  const refused = refusedConstructs();
  out.push('', '### Refused, at a glance', '', `All ${refused.length} refused constructs and names of the tables in this file, with the diagnostic \`check\` gives.`, '');
  out.push('| construct | code | table |', '|---|---|---|');
  for (const [what, code, table] of refused) out.push(`| ${esc(what)} | ${code} | ${table} |`);
  out.push('');
  return out;
}
