// MSL versions: which features of the translated code need a Metal Shading Language newer than 3.0
// (the oldest the Metal backend selects, macOS 13). Data only. Each row is keyed by the prelude
// (polyfill key) its feature adds to the MSL, so "the MSL needs this version" is decided in one
// place (src/translate/mslVersion.ts) from what the translation actually emitted.

/** __METAL_VERSION__ values (300 = MSL 3.0) and the macOS that first offers each. */
export const MSL_MACOS: ReadonlyMap<number, string> = new Map([
  [300, '13'],
  [310, '14'],
  [320, '15'],
  [400, '26'],
]);

export interface MslVersionRow {
  /** The polyfill key whose presence in the MSL means the feature is used. */
  readonly polyfill: string;
  /** The version needed, as __METAL_VERSION__ (320 = MSL 3.2). */
  readonly version: number;
  /** What needs it, as the note and the manifest name it. */
  readonly feature: string;
  /** The Metal facility that sets the version. */
  readonly because: string;
}

export const MSL_VERSION_ROWS: readonly MslVersionRow[] = [
  { polyfill: 'cu2m_atomic64', version: 320, feature: '64-bit atomics', because: 'atomic_thread_fence' },
  { polyfill: 'cu2m_bfloat_version', version: 310, feature: 'bfloat16', because: "Metal's bfloat type" },
];

export const MSL_VERSION_BY_POLYFILL: ReadonlyMap<string, MslVersionRow> = new Map(MSL_VERSION_ROWS.map((r) => [r.polyfill, r]));

/** 320 → "3.2". */
export const mslVersionName = (v: number): string => `${Math.floor(v / 100)}.${Math.floor(v / 10) % 10}`;

/** 320 → "MSL 3.2 (macOS 15)". */
export const mslVersionLabel = (v: number): string => `MSL ${mslVersionName(v)}${MSL_MACOS.has(v) ? ` (macOS ${MSL_MACOS.get(v)!})` : ''}`;

/**
 * The guard a feature's prelude starts with: Metal (or msl-cpu at an explicitly lower version)
 * stops at it with `message`, which names the version.
 */
export function mslVersionGuard(polyfill: string, message: string): string {
  const row = MSL_VERSION_BY_POLYFILL.get(polyfill);
  if (!row) throw new Error(`no MSL version row for ${polyfill}`);
  return [`#if __METAL_VERSION__ < ${row.version}`, `#error "${message}: ${mslVersionLabel(row.version)} or newer"`, '#endif'].join('\n');
}
