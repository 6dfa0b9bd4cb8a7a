// The MSL version a translation needs: the newest that any feature it emitted needs
// (tables/mslVersions.ts), recorded in the manifest (`mslVersion`) and stated in the MSL's header
// as `// Needs MSL 3.2 (macOS 15) or newer, for 64-bit atomics (atomic_thread_fence).`, the line
// the Metal runtime reads (native/metal/metal_backend.mm) to pick MTLCompileOptions.languageVersion.
// msl-cpu compiles for max(3.0, needed) unless the user chose a version (src/build/build.ts).
import { MSL_VERSION_BY_POLYFILL, mslVersionLabel, mslVersionName } from './tables/mslVersions';

export interface MslVersionNeed {
  /** "3.2" */
  readonly version: string;
  /** What needs it: "64-bit atomics (atomic_thread_fence)", newest need first. */
  readonly features: readonly string[];
}

/** The need of an MSL whose helpers are `polyfillKeys`; undefined when MSL 3.0 does. */
export function mslVersionNeed(polyfillKeys: Iterable<string>): MslVersionNeed | undefined {
  const rows = [...polyfillKeys].flatMap((k) => MSL_VERSION_BY_POLYFILL.get(k) ?? []).sort((a, b) => b.version - a.version);
  if (rows.length === 0) return undefined;
  return { version: mslVersionName(rows[0]!.version), features: rows.map((r) => `${r.feature} (${r.because})`) };
}

/** "3.2" → 320 (__METAL_VERSION__); 300 for undefined. */
export const mslVersionNumber = (need: MslVersionNeed | undefined): number => {
  const m = need ? /^(\d+)\.(\d)$/.exec(need.version) : null;
  return m ? Number(m[1]) * 100 + Number(m[2]) * 10 : 300;
};

/** The newest of several needs (a program of several .cu files). */
export function combineMslVersionNeeds(needs: readonly (MslVersionNeed | undefined)[]): MslVersionNeed | undefined {
  const present = needs.filter((n): n is MslVersionNeed => n !== undefined).sort((a, b) => mslVersionNumber(b) - mslVersionNumber(a));
  if (present.length === 0) return undefined;
  return { version: present[0]!.version, features: [...new Set(present.flatMap((n) => n.features))] };
}

/** The MSL header's line (and what native/metal/metal_backend.mm looks for: `// Needs MSL X.Y`). */
export const mslVersionHeaderLine = (need: MslVersionNeed): string => `// Needs ${mslVersionLabel(mslVersionNumber(need))} or newer, for ${need.features.join(', ')}.`;
