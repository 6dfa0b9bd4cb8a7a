// __half_raw, __half2_raw, __nv_bfloat16_raw, __nv_bfloat162_raw (cuda_fp16.h, cuda_bf16.h) in
// device code: the bits of a 16-bit float (or a pair) in a struct. Data only: the MSL struct of the
// same name, added to the MSL when device code names the type. As in CUDA it holds the bits in `x`
// (`y`), takes them in braces (`__half_raw r = {0x3c00}`), and converts to the float type
// (`__half(r)`, `h = r`) and from it (`__half_raw r = h`) bit for bit. Members are `thread` only:
// a raw struct in a buffer would need `device` members (none of the measured programs has one).

export interface RawRow {
  readonly cuda: string;
  /** The MSL float type it converts to and from (bfloat types need MSL 3.1). */
  readonly msl: string;
  readonly definition: string;
}

const scalar = (name: string, H: string): string =>
  [
    `// ${name}: the bits of a ${H} (CUDA's struct); converts to and from ${H} bit for bit`,
    `struct ${name} {`,
    `  ushort x;`,
    `  ${name}() = default;`,
    `  ${name}(ushort bits) : x(bits) {}`,
    `  template <class H, enable_if_t<is_same<H, ${H}>::value, int> = 0> ${name}(H h) : x(as_type<ushort>(h)) {}`,
    `  operator ${H}() const { return as_type<${H}>(x); }`,
    `};`,
  ].join('\n');

const pair = (name: string, H: string): string =>
  [
    `// ${name}: the bits of a ${H}2 (CUDA's struct); converts to and from ${H}2 bit for bit`,
    `struct ${name} {`,
    `  ushort x, y;`,
    `  typedef void cu2m_vector_conversion; // (msl-cpu: \`${H}2(r)\` is this struct's conversion, not a splat)`,
    `  ${name}() = default;`,
    `  ${name}(ushort lo, ushort hi) : x(lo), y(hi) {}`,
    `  template <class H, enable_if_t<is_same<H, ${H}2>::value, int> = 0> ${name}(H h) : x(as_type<ushort>(h.x)), y(as_type<ushort>(h.y)) {}`,
    `  typedef ${H}2 pair_type;`,
    `  operator pair_type() const { pair_type r; r.x = as_type<${H}>(x); r.y = as_type<${H}>(y); return r; }`,
    `};`,
  ].join('\n');

export const FP16_RAW_TYPES: ReadonlyMap<string, RawRow> = new Map(
  [
    { cuda: '__half_raw', msl: 'half', definition: scalar('__half_raw', 'half') },
    { cuda: '__half2_raw', msl: 'half2', definition: pair('__half2_raw', 'half') },
    { cuda: '__nv_bfloat16_raw', msl: 'bfloat', definition: scalar('__nv_bfloat16_raw', 'bfloat') },
    { cuda: '__nv_bfloat162_raw', msl: 'bfloat2', definition: pair('__nv_bfloat162_raw', 'bfloat') },
  ].map((r) => [r.cuda, r]),
);
