// Texture and surface objects in device code: which CUDA functions exist and what Metal texture
// each needs (data only; the binding and rewriting logic is src/translate/textures.ts, and
// docs/support-matrix.md is generated from this table).
export type TextureObjectKind = 'texture' | 'surface';

/** CUDA's object types → what they become. */
export const TEXTURE_OBJECT_TYPES: ReadonlyMap<string, TextureObjectKind> = new Map([
  ['cudaTextureObject_t', 'texture'],
  ['cudaSurfaceObject_t', 'surface'],
]);

export interface TextureFunctionRow {
  readonly name: string;
  readonly object: TextureObjectKind;
  /** The Metal texture type the object must be (null: refused, `reason` says why). */
  readonly metal: string | null;
  /** 'sample': filtered fetch through the sampler; 'fetch': texture_buffer read; 'read'/'write': surfaces. */
  readonly op: 'sample' | 'fetch' | 'read' | 'write';
  /** Number of spatial coordinates (not counting a layer). */
  readonly coords: number;
  readonly layered: boolean;
  /**
   * A 'sample' with more: 'level' (tex2DLod: `sample(s, c, level(lod))`), 'gradient' (tex2DGrad:
   * `sample(s, c, gradient2d(dx, dy))`), 'gather' (tex2Dgather: `gather(s, c, int2(0), component::x)`).
   */
  readonly variant?: 'level' | 'gradient' | 'gather';
  readonly reason?: string;
}

const t = (name: string, metal: string, coords: number, layered = false): TextureFunctionRow => ({ name, object: 'texture', metal, op: 'sample', coords, layered });
const sr = (name: string, metal: string, coords: number, layered = false): TextureFunctionRow => ({ name, object: 'surface', metal, op: 'read', coords, layered });
const sw = (name: string, metal: string, coords: number, layered = false): TextureFunctionRow => ({ name, object: 'surface', metal, op: 'write', coords, layered });

/** The device-side texture and surface functions (data: docs/support-matrix.md lists them). */
export const TEXTURE_FUNCTIONS: readonly TextureFunctionRow[] = [
  { name: 'tex1Dfetch', object: 'texture', metal: 'texture_buffer', op: 'fetch', coords: 1, layered: false },
  t('tex1D', 'texture1d', 1),
  t('tex2D', 'texture2d', 2),
  t('tex3D', 'texture3d', 3),
  t('tex1DLayered', 'texture1d_array', 1, true),
  t('tex2DLayered', 'texture2d_array', 2, true),
  sr('surf1Dread', 'texture1d', 1),
  sr('surf2Dread', 'texture2d', 2),
  sr('surf3Dread', 'texture3d', 3),
  sr('surf1DLayeredread', 'texture1d_array', 1, true),
  sr('surf2DLayeredread', 'texture2d_array', 2, true),
  sw('surf1Dwrite', 'texture1d', 1),
  sw('surf2Dwrite', 'texture2d', 2),
  sw('surf3Dwrite', 'texture3d', 3),
  sw('surf1DLayeredwrite', 'texture1d_array', 1, true),
  sw('surf2DLayeredwrite', 'texture2d_array', 2, true),
  t('texCubemap', 'texturecube', 3),
  t('texCubemapLayered', 'texturecube_array', 3, true),
  // One level (mipmapped arrays are refused by the runtime): any lod/gradient samples level 0.
  { ...t('tex2DLod', 'texture2d', 2), variant: 'level' },
  { ...t('tex3DLod', 'texture3d', 3), variant: 'level' },
  { ...t('tex2DGrad', 'texture2d', 2), variant: 'gradient' },
  { ...t('tex2Dgather', 'texture2d', 2), variant: 'gather' },
  { ...t('tex2DLayeredLod', 'texture2d_array', 2, true), variant: 'level' },
  { ...t('tex2DLayeredGrad', 'texture2d_array', 2, true), variant: 'gradient' },
  { ...t('texCubemapLod', 'texturecube', 3), variant: 'level' },
  { ...t('texCubemapLayeredLod', 'texturecube_array', 3, true), variant: 'level' },
];
export const TEXTURE_FUNCTION_BY_NAME: ReadonlyMap<string, TextureFunctionRow> = new Map(TEXTURE_FUNCTIONS.map((r) => [r.name, r]));

