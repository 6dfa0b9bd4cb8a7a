// cu2metal — texture and surface objects: the descriptor shared by the runtime and the CPU kernel
// modules, and THE software sampler of both CPU backends (docs/DESIGN.md, "Textures and surfaces").
//
// A cudaTextureObject_t / cudaSurfaceObject_t is the address of a cu2m_texture made by the
// runtime (native/runtime/texture.cpp). The CPU modules run in the program's process, so the
// kernels read the descriptor directly:
//   * cuda-cpu: tex2D<T>(obj, x, y) & co. (native/cpu/cuda/cu2m_cuda_texture.h) call the
//     functions below;
//   * msl-cpu: Metal's texture2d<T>::sample(sampler, coord) & co. (native/cpu/msl/cu2m_msl_texture.h)
//     call the SAME functions, so both backends compute the same bits.
// Included by plain C++ and by C++ for OpenCL (msl-cpu): no std headers beyond <stdint.h>, no
// double, only clang builtins for floor/rounding.
//
// Sampling follows the CUDA programming guide, appendix "Texture Fetching":
//   point:  i = floor(x)                     (x = u * N for normalized coordinates, else u)
//   linear: xB = x - 0.5, i = floor(xB), alpha = frac(xB) in 9-bit fixed point (8 fractional
//           bits, rounded half up; a fraction that rounds to 1 is i + 1 with alpha 0),
//           result = sum of the corner texels times weights in the same fixed point, formed as an
//           H100 forms them (test/fixtures/gpu/texweights.cu records it): with A, B, C = 256 alpha
//           of x, y, z, the z planes weigh P = 256 - C and C; plane P splits into x1 = (P A)/256
//           and x0 = P - x1; each of those splits into its y1 part, (x1 B)/256 rounded half up and
//           (x0 B)/256 rounded half DOWN, and the rest (all other divisions round to nearest, half
//           up). So the 8 weights are multiples of 1/256 that add up to exactly 1; 2D is the case
//           C = 0, 1D the case B = C = 0. In clamp mode the coordinate is clamped to the texel
//           centres first (xB in [0, N-1]): it matters in 3D, where the rounding of each corner's
//           weight depends on how the weight of the clamped texels is split. A normalized u keeps
//           21 fractional bits (rounded down) and x = u * N is exact; the weighted sum is exact and
//           rounded once, to nearest with ties away from zero (test/fixtures/gpu/texlinear.cu).
// Address modes map texel indices: clamp (to [0, N-1]), border (outside → borderColor), wrap
// (i mod N), mirror (period 2N) — for point sampling too, as the hardware does (an H200 folds the
// integer index floor(u * N), not frac(u) as the guide writes it; a denormal coordinate is 0:
// test/fixtures/gpu/texprobe.h200.txt). Unnormalized coordinates support clamp and border only
// (CUDA: wrap and mirror need normalized coordinates): other modes act as clamp.
#ifndef CU2M_TEXTURE_H
#define CU2M_TEXTURE_H

#include <stdint.h>

#define CU2M_TEXTURE_MAGIC 0x43325458u // "C2TX" while the object is alive
#define CU2M_SURFACE_MAGIC 0x43325346u // "C2SF"

// cudaTextureAddressMode, cudaChannelFormatKind values.
enum { CU2M_ADDR_WRAP = 0, CU2M_ADDR_CLAMP = 1, CU2M_ADDR_MIRROR = 2, CU2M_ADDR_BORDER = 3 };
enum { CU2M_FMT_SIGNED = 0, CU2M_FMT_UNSIGNED = 1, CU2M_FMT_FLOAT = 2 };

struct cu2m_texture {
  uint32_t magic;            // CU2M_TEXTURE_MAGIC / CU2M_SURFACE_MAGIC; 0 once destroyed
  uint32_t dims;             // 1, 2 or 3 coordinates (a layered texture counts its layer: 2D layered = 3)
  unsigned char* data;       // texel (0, 0, 0)
  uint64_t row_pitch;        // bytes between rows
  uint64_t slice_pitch;      // bytes between slices / layers
  uint32_t width, height, depth; // texels (depth: slices, or layers of a layered texture)
  uint32_t layered;          // 1: the last coordinate is a layer index
  uint32_t linear;           // 1: linear memory (cudaResourceTypeLinear: tex1Dfetch)
  uint32_t channels;         // 1..4
  uint32_t channel_bits;     // bits of each channel (8, 16, 32)
  uint32_t format_kind;      // CU2M_FMT_*
  uint32_t texel_bytes;      // channels * channel_bits / 8
  uint32_t address_mode[3];  // CU2M_ADDR_*
  uint32_t filter_linear;    // cudaFilterModeLinear
  uint32_t read_normalized;  // cudaReadModeNormalizedFloat (8/16-bit integer formats)
  uint32_t normalized_coords;
  float border[4];           // cudaTextureDesc::borderColor
  uint32_t cubemap;          // 1: a cudaArrayCubemap array (2D layered, layer 6 * layer + face); 2: also cudaArrayLayered
};

// ---- texel loads ---------------------------------------------------------------------------

// IEEE half → float (exact).
inline float cu2m_half_to_float(uint32_t h) {
  const uint32_t sign = (h >> 15) & 1u, exp = (h >> 10) & 31u, man = h & 1023u;
  float v;
  if (exp == 0) v = (float)man * (1.0f / 16777216.0f); // subnormal: man * 2^-24
  else if (exp == 31) v = man ? __builtin_nanf("") : __builtin_inff();
  else {
    uint32_t bits = ((exp + 112u) << 23) | (man << 13);
    __builtin_memcpy(&v, &bits, 4);
  }
  return sign ? -v : v;
}

// Channel c of the texel at p as raw bits (integers sign- or zero-extended to 32 bits).
inline uint32_t cu2m_tex_channel_raw(const cu2m_texture* t, const unsigned char* p, uint32_t c) {
  const unsigned char* q = p + c * (t->channel_bits / 8);
  switch (t->channel_bits) {
  case 8:
    return t->format_kind == CU2M_FMT_SIGNED ? (uint32_t)(int32_t)(int8_t)q[0] : (uint32_t)q[0];
  case 16: {
    uint16_t v;
    __builtin_memcpy(&v, q, 2);
    return t->format_kind == CU2M_FMT_SIGNED ? (uint32_t)(int32_t)(int16_t)v : (uint32_t)v;
  }
  default: {
    uint32_t v;
    __builtin_memcpy(&v, q, 4);
    return v;
  }
  }
}

// Channel c as the float a fetch returns: float formats as they are (16-bit ones are halves),
// normalized reads of 8/16-bit integers in [0,1] (unsigned) or [-1,1] (signed), else the integer.
inline float cu2m_tex_channel_float(const cu2m_texture* t, const unsigned char* p, uint32_t c) {
  const uint32_t raw = cu2m_tex_channel_raw(t, p, c);
  if (t->format_kind == CU2M_FMT_FLOAT) {
    if (t->channel_bits == 16) return cu2m_half_to_float(raw);
    float f;
    __builtin_memcpy(&f, &raw, 4);
    return f;
  }
  if (t->read_normalized && t->channel_bits <= 16) {
    if (t->format_kind == CU2M_FMT_UNSIGNED) return (float)raw / (t->channel_bits == 8 ? 255.0f : 65535.0f);
    const float v = (float)(int32_t)raw / (t->channel_bits == 8 ? 127.0f : 32767.0f);
    return v < -1.0f ? -1.0f : v;
  }
  return t->format_kind == CU2M_FMT_SIGNED ? (float)(int32_t)raw : (float)raw;
}

inline const unsigned char* cu2m_tex_texel(const cu2m_texture* t, int32_t x, int32_t y, int32_t z) {
  return t->data + (uint64_t)z * t->slice_pitch + (uint64_t)y * t->row_pitch + (uint64_t)x * t->texel_bytes;
}

// ---- coordinates ---------------------------------------------------------------------------

// Index i of a dimension of n texels under `mode`; -1 when it falls on the border colour.
inline int32_t cu2m_tex_index(int32_t i, int32_t n, uint32_t mode, uint32_t normalized) {
  if (!normalized && mode != CU2M_ADDR_BORDER) mode = CU2M_ADDR_CLAMP;
  switch (mode) {
  case CU2M_ADDR_WRAP: {
    int32_t m = i % n;
    return m < 0 ? m + n : m;
  }
  case CU2M_ADDR_MIRROR: {
    int32_t m = i % (2 * n);
    if (m < 0) m += 2 * n;
    return m < n ? m : 2 * n - 1 - m;
  }
  case CU2M_ADDR_BORDER:
    return i < 0 || i >= n ? -1 : i;
  default:
    return i < 0 ? 0 : i >= n ? n - 1 : i;
  }
}

// floor() of a coordinate as an int32, saturating (NaN → 0).
inline int32_t cu2m_tex_floor(float x) {
  const float f = __builtin_floorf(x);
  if (!(f > -2147483520.0f)) return f != f ? 0 : -2147483647 - 1;
  if (f >= 2147483520.0f) return 2147483647 - 127;
  return (int32_t)f;
}

struct cu2m_tex_axis {
  int32_t i0, i1;  // texel indices (-1: border)
  uint32_t a;      // weight of i1 in 1/256 (linear filtering: 0..255), 0 for point sampling
};

// `gather`: the footprint of tex2Dgather, whose coordinate an H100 does not clamp (its indices are).
inline cu2m_tex_axis cu2m_tex_axis_of(const cu2m_texture* t, float u, int32_t n, uint32_t dim, uint32_t gather = 0) {
  const uint32_t mode = t->address_mode[dim];
  cu2m_tex_axis a;
  if (!t->filter_linear) {
    // As an H200 samples (test/fixtures/gpu/texprobe.cu): a denormal coordinate counts as 0, then
    // i = floor(u * N) (normalized) or floor(u), and wrap/mirror fold the INTEGER index.
    // floor of the EXACT product u * N (an H200 with N = 7: v = -0.6f gives row 1, where the
    // rounded float product -3.0 would give row 2): a product that rounded up onto an integer
    // (its fma residue is negative) belongs to the integer below. No double here (OpenCL mode).
    const float uf = __builtin_fabsf(u) < 1.17549435e-38f ? 0.0f : u;
    float x = uf;
    if (t->normalized_coords) {
      x = uf * (float)n;
      if (x == __builtin_floorf(x) && __builtin_fmaf(uf, (float)n, -x) < 0.0f) x -= 0.5f;
    }
    a.i0 = a.i1 = cu2m_tex_index(cu2m_tex_floor(x), n, mode, t->normalized_coords);
    a.a = 0u;
    return a;
  }
  int32_t i;
  uint32_t w;
  if (t->normalized_coords) {
    // A normalized coordinate keeps 21 fractional bits (rounded down); times N it is exact (64-bit
    // integers in units of 2^-21), and xB = x - 0.5 gets its 8-bit fraction rounded half up, as an
    // H100 does (test/fixtures/gpu/texlinear.cu: 21 bits, and only 21, fit N = 61 and 300; rounding
    // the product to float, or keeping 16 bits, misplaces 1 coordinate in 7). |u| >= 2^24 carries no
    // fraction: it is clamped there, which keeps its texel modulo N and 2N. NaN reads as 0.
    const float uc = u != u ? 0.0f : u < -16777216.0f ? -16777216.0f : u > 16777216.0f ? 16777216.0f : u;
    int64_t xb21 = (int64_t)__builtin_floorf(uc * 2097152.0f) * n - 1048576; // xB in units of 2^-21
    if (!gather && mode == CU2M_ADDR_CLAMP) {
      const int64_t hi = (int64_t)(n - 1) * 2097152;
      xb21 = xb21 < 0 ? 0 : xb21 > hi ? hi : xb21;
    }
    const int64_t q = (xb21 + 4096) >> 13; // xB in units of 1/256, rounded half up
    int64_t i64 = q >> 8;
    // Keep the index within int32 without changing its texel: wrap folds modulo N, mirror modulo
    // 2N; clamp and border only need i and i + 1 to stay beyond the edges.
    if (mode == CU2M_ADDR_WRAP) i64 %= n;
    else if (mode == CU2M_ADDR_MIRROR) i64 %= 2 * (int64_t)n;
    else i64 = i64 < -2 ? -2 : i64 > n ? n : i64;
    i = (int32_t)i64;
    w = (uint32_t)(q & 255);
  } else {
    float xb = u - 0.5f;
    // Clamp mode (and unnormalized coordinates in any mode but border): the coordinate is clamped
    // to the centres of the first and last texels, as an H100 does (test/fixtures/gpu/texweights.cu).
    const uint32_t clamped = !gather && mode != CU2M_ADDR_BORDER;
    if (clamped) xb = xb < 0.0f ? 0.0f : xb > (float)(n - 1) ? (float)(n - 1) : xb;
    if (xb != xb) xb = 0.0f;
    const float fl = __builtin_floorf(xb);
    i = cu2m_tex_floor(xb);
    // 9-bit fixed point with 8 fractional bits, rounded half up: a fraction that rounds to 1 is the
    // next texel's 0 (the fixed-point coordinate carries into the integer part).
    const float fr = __builtin_fabsf(xb) < 8388608.0f ? __builtin_floorf((xb - fl) * 256.0f + 0.5f) : 0.0f;
    w = (uint32_t)fr;
    if (w == 256u) {
      w = 0u;
      if (i != 2147483647 - 127) ++i;
    }
  }
  a.a = w;
  a.i0 = cu2m_tex_index(i, n, mode, t->normalized_coords);
  a.i1 = cu2m_tex_index(i == 2147483647 - 127 ? i : i + 1, n, mode, t->normalized_coords);
  return a;
}

// The 8 weights (in 1/256) of the corners of linear filtering, corner k = x + 2y + 4z, from the
// fixed-point fractions A, B, C of x, y, z, as an H100 forms them (see the top of this file).
inline void cu2m_tex_weights(uint32_t A, uint32_t B, uint32_t C, uint32_t w[8]) {
  for (uint32_t z = 0; z < 2; ++z) {
    const uint32_t p = z ? C : 256u - C;
    const uint32_t x1 = (p * A + 128u) >> 8, x0 = p - x1;
    const uint32_t y11 = (x1 * B + 128u) >> 8; // half up
    const uint32_t y01 = (x0 * B + 127u) >> 8; // half down
    w[4 * z + 0] = x0 - y01;
    w[4 * z + 1] = x1 - y11;
    w[4 * z + 2] = y01;
    w[4 * z + 3] = y11;
  }
}

// ---- sampling ------------------------------------------------------------------------------

inline void cu2m_tex_load_float(const cu2m_texture* t, int32_t x, int32_t y, int32_t z, float out[4]) {
  if (x < 0 || y < 0 || z < 0) {
    for (uint32_t c = 0; c < 4; ++c) out[c] = t->border[c];
    return;
  }
  const unsigned char* p = cu2m_tex_texel(t, x, y, z);
  for (uint32_t c = 0; c < 4; ++c) out[c] = c < t->channels ? cu2m_tex_channel_float(t, p, c) : 0.0f;
}

// hi + lo += weight * v, exactly up to lo's own rounding: TwoProduct (fma) and TwoSum.
inline void cu2m_tex_accumulate(float* hi, float* lo, float weight, float v) {
  const float p = weight * v;
  const float pe = __builtin_fmaf(weight, v, -p);
  const float s = *hi + p;
  const float bp = s - *hi;
  *lo += ((*hi - (s - bp)) + (p - bp)) + pe;
  *hi = s;
}

// hi + lo rounded to float, to nearest with ties away from zero. A NaN or infinite sum is hi.
inline float cu2m_tex_round_sum(float hi, float lo) {
  if (hi - hi != 0.0f) return hi;
  const float s = hi + lo;
  const float bp = s - hi;
  const float e = (hi - (s - bp)) + (lo - bp); // s + e == hi + lo
  const float n = s + 2.0f * e;                 // the neighbour, when hi + lo is halfway to it
  if (e != 0.0f && n - s == 2.0f * e && __builtin_fabsf(n) > __builtin_fabsf(s)) return n;
  return s;
}

// A filtered fetch as floats. (u, v, w): coordinates of the texture's dimensions; `layer`: the
// layer of a layered texture (no filtering across layers; clamped to the layers there are).
inline void cu2m_tex_sample(const cu2m_texture* t, float u, float v, float w, int32_t layer, float out[4]) {
  const uint32_t sdims = t->dims - (t->layered ? 1u : 0u); // filtered dimensions
  const cu2m_tex_axis ax = cu2m_tex_axis_of(t, u, (int32_t)t->width, 0);
  cu2m_tex_axis ay = {0, 0, 0u}, az = {0, 0, 0u};
  if (sdims >= 2) ay = cu2m_tex_axis_of(t, v, (int32_t)t->height, 1);
  if (sdims >= 3) az = cu2m_tex_axis_of(t, w, (int32_t)t->depth, 2);
  // A 1D texture (not layered) whose y address mode is border filters as a 2D texture of one row
  // read at y = 0: half of the weight goes to the border colour (an H100's, texweights.cu).
  const uint32_t row_border = sdims == 1 && !t->layered && !t->cubemap && t->filter_linear && t->address_mode[1] == CU2M_ADDR_BORDER;
  if (row_border) {
    ay.i0 = -1;
    ay.i1 = 0;
    ay.a = 128u;
  }
  if (t->layered) {
    const int32_t last = (int32_t)(sdims == 1 ? t->height : t->depth) - 1;
    const int32_t l = layer < 0 ? 0 : layer > last ? last : layer;
    if (sdims == 1) ay.i0 = ay.i1 = l; // 1D layered: layers are rows
    else az.i0 = az.i1 = l;
  }
  // The weighted sum is formed exactly (as a float-float pair: 48 bits) and rounded to float once,
  // to nearest with ties away from zero, as an H100 rounds it (texlinear.cu, texels k/255: 99.7%
  // of 11,000 2D samples exact, every 1D one; summing in float misses 1 in 4).
  float hi[4] = {0.0f, 0.0f, 0.0f, 0.0f}, lo[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  float texel[4];
  uint32_t wk[8];
  cu2m_tex_weights(ax.a, sdims >= 2 || row_border ? ay.a : 0u, sdims >= 3 ? az.a : 0u, wk);
  for (uint32_t k = 0; k < 8; ++k) {
    if (((k & 1u) && !t->filter_linear) || ((k & 2u) && ((sdims < 2 && !row_border) || !t->filter_linear)) ||
        ((k & 4u) && (sdims < 3 || !t->filter_linear)))
      continue;
    const float weight = t->filter_linear ? (float)wk[k] * (1.0f / 256.0f) : 1.0f;
    if (t->filter_linear && weight == 0.0f) continue;
    int32_t x = (k & 1u) ? ax.i1 : ax.i0, y = (k & 2u) ? ay.i1 : ay.i0, z = (k & 4u) ? az.i1 : az.i0;
    cu2m_tex_load_float(t, x, y, z, texel);
    for (uint32_t c = 0; c < 4; ++c) cu2m_tex_accumulate(&hi[c], &lo[c], weight, texel[c]);
  }
  for (uint32_t c = 0; c < 4; ++c) out[c] = cu2m_tex_round_sum(hi[c], lo[c]);
}

// ---- cubemaps, gather --------------------------------------------------------------------

// The face and face-local coordinates of direction (x, y, z) on a cubemap, as the CUDA
// programming guide's "Cubemap Textures" table gives them: the face of the major axis (the largest
// of |x|, |y|, |z|; on a tie x before y before z), m its coordinate, then
// (s, t) = ((sc / |m| + 1) / 2, (tc / |m| + 1) / 2) with
//   face 0 (+x): sc = -z, tc = -y     face 1 (-x): sc =  z, tc = -y
//   face 2 (+y): sc =  x, tc =  z     face 3 (-y): sc =  x, tc = -z
//   face 4 (+z): sc =  x, tc = -y     face 5 (-z): sc = -x, tc = -y
inline void cu2m_tex_cube_face(float x, float y, float z, int32_t* face, float* s, float* t) {
  const float ax = __builtin_fabsf(x), ay = __builtin_fabsf(y), az = __builtin_fabsf(z);
  float m, sc, tc;
  if (ax >= ay && ax >= az) {
    m = ax;
    *face = x >= 0.0f ? 0 : 1;
    sc = x >= 0.0f ? -z : z;
    tc = -y;
  } else if (ay >= az) {
    m = ay;
    *face = y >= 0.0f ? 2 : 3;
    sc = x;
    tc = y >= 0.0f ? z : -z;
  } else {
    m = az;
    *face = z >= 0.0f ? 4 : 5;
    sc = z >= 0.0f ? x : -x;
    tc = -y;
  }
  if (m == 0.0f) m = 1.0f; // (0, 0, 0): the centre of face 0
  *s = (sc / m + 1.0f) * 0.5f;
  *t = (tc / m + 1.0f) * 0.5f;
}

// The 2D-layered view of a cubemap (layers 6 * cubemap layer + face) that samples face-local
// coordinates: (s, t) are normalized, whatever the object says.
inline cu2m_texture cu2m_tex_cube_view(const cu2m_texture* t) {
  cu2m_texture f = *t;
  f.normalized_coords = 1;
  f.layered = 1;
  f.dims = 3;
  return f;
}
// texCubemap / texCubemapLayered: a filtered fetch within the face the direction points at.
inline void cu2m_tex_sample_cube(const cu2m_texture* t, float x, float y, float z, int32_t layer, float out[4]) {
  int32_t face;
  float s, u;
  cu2m_tex_cube_face(x, y, z, &face, &s, &u);
  const cu2m_texture f = cu2m_tex_cube_view(t);
  cu2m_tex_sample(&f, s, u, 0.0f, (layer < 0 ? 0 : layer) * 6 + face, out);
}

// tex2Dgather: component `comp` of the four texels of the bilinear footprint of (u, v), in the
// order (i0, j1), (i1, j1), (i1, j0), (i0, j0) (x = lower-left of the footprint, counter-clockwise
// as OpenGL's textureGather and Metal's gather() order them). Border texels give the border colour.
inline void cu2m_tex_gather(const cu2m_texture* t, float u, float v, int32_t layer, int32_t comp, float out[4]) {
  cu2m_texture l = *t;
  l.filter_linear = 1;
  const cu2m_tex_axis ax = cu2m_tex_axis_of(&l, u, (int32_t)t->width, 0, 1);
  const cu2m_tex_axis ay = cu2m_tex_axis_of(&l, v, (int32_t)t->height, 1, 1);
  int32_t z = 0;
  if (t->layered) {
    const int32_t last = (int32_t)t->depth - 1;
    z = layer < 0 ? 0 : layer > last ? last : layer;
  }
  const uint32_t c = comp < 0 ? 0u : comp > 3 ? 3u : (uint32_t)comp;
  const int32_t xs[4] = {ax.i0, ax.i1, ax.i1, ax.i0}, ys[4] = {ay.i1, ay.i1, ay.i0, ay.i0};
  float texel[4];
  for (uint32_t k = 0; k < 4; ++k) {
    cu2m_tex_load_float(t, xs[k], ys[k], z, texel);
    out[k] = texel[c];
  }
}

// A point fetch as raw channel bits (element-type reads of integer formats).
inline void cu2m_tex_sample_raw(const cu2m_texture* t, float u, float v, float w, int32_t layer, uint32_t out[4]) {
  const uint32_t sdims = t->dims - (t->layered ? 1u : 0u);
  int32_t x = cu2m_tex_axis_of(t, u, (int32_t)t->width, 0).i0, y = 0, z = 0;
  if (sdims >= 2) y = cu2m_tex_axis_of(t, v, (int32_t)t->height, 1).i0;
  if (sdims >= 3) z = cu2m_tex_axis_of(t, w, (int32_t)t->depth, 2).i0;
  if (t->layered) {
    const int32_t last = (int32_t)(sdims == 1 ? t->height : t->depth) - 1;
    const int32_t l = layer < 0 ? 0 : layer > last ? last : layer;
    if (sdims == 1) y = l;
    else z = l;
  }
  if (x < 0 || y < 0 || z < 0) {
    for (uint32_t c = 0; c < 4; ++c) __builtin_memcpy(&out[c], &t->border[c], 4);
    return;
  }
  const unsigned char* p = cu2m_tex_texel(t, x, y, z);
  for (uint32_t c = 0; c < 4; ++c) out[c] = c < t->channels ? cu2m_tex_channel_raw(t, p, c) : 0u;
}

// texCubemap of an integer element type: the point fetch within the face.
inline void cu2m_tex_sample_cube_raw(const cu2m_texture* t, float x, float y, float z, int32_t layer, uint32_t out[4]) {
  int32_t face;
  float s, u;
  cu2m_tex_cube_face(x, y, z, &face, &s, &u);
  const cu2m_texture f = cu2m_tex_cube_view(t);
  cu2m_tex_sample_raw(&f, s, u, 0.0f, (layer < 0 ? 0 : layer) * 6 + face, out);
}

// tex1Dfetch on linear memory: element i, or zeros outside [0, width).
inline void cu2m_tex_fetch_float(const cu2m_texture* t, int32_t i, float out[4]) {
  if (i < 0 || (uint32_t)i >= t->width) {
    for (uint32_t c = 0; c < 4; ++c) out[c] = 0.0f;
    return;
  }
  cu2m_tex_load_float(t, i, 0, 0, out);
}
inline void cu2m_tex_fetch_raw(const cu2m_texture* t, int32_t i, uint32_t out[4]) {
  for (uint32_t c = 0; c < 4; ++c) out[c] = 0u;
  if (i < 0 || (uint32_t)i >= t->width) return;
  const unsigned char* p = cu2m_tex_texel(t, i, 0, 0);
  for (uint32_t c = 0; c < t->channels; ++c) out[c] = cu2m_tex_channel_raw(t, p, c);
}

// ---- surfaces ------------------------------------------------------------------------------

// The bytes of a surface element at byte column xb, row y, slice z (a layered surface's layer is
// its last coordinate: y for 1D layered, z for 2D layered); null when out of range (reads give
// zeros, writes are dropped: cudaBoundaryModeZero).
inline unsigned char* cu2m_surf_at(const cu2m_texture* t, int32_t xb, int32_t y, int32_t z, uint32_t size) {
  if (xb < 0 || y < 0 || z < 0) return 0;
  if ((uint64_t)xb + size > (uint64_t)t->width * t->texel_bytes) return 0;
  if ((uint32_t)y >= (t->dims >= 2 ? t->height : 1u) || (uint32_t)z >= (t->dims >= 3 ? t->depth : 1u)) return 0;
  return t->data + (uint64_t)z * t->slice_pitch + (uint64_t)y * t->row_pitch + (uint32_t)xb;
}

// Stores channel values into the element at p (a surface write through Metal's texture.write):
// raw integer bits for integer formats, floats (halves for 16-bit float formats) for float ones.
inline void cu2m_tex_store_channel(const cu2m_texture* t, unsigned char* p, uint32_t c, uint32_t raw) {
  unsigned char* q = p + c * (t->channel_bits / 8);
  if (t->channel_bits == 8) q[0] = (unsigned char)raw;
  else if (t->channel_bits == 16) {
    const uint16_t v = (uint16_t)raw;
    __builtin_memcpy(q, &v, 2);
  } else __builtin_memcpy(q, &raw, 4);
}
// float → IEEE half, round to nearest even.
inline uint32_t cu2m_float_to_half(float f) {
  uint32_t x;
  __builtin_memcpy(&x, &f, 4);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t ax = x & 0x7fffffffu;
  if (ax >= 0x7f800000u) return sign | 0x7c00u | (ax > 0x7f800000u ? 0x200u : 0u);
  if (ax >= 0x477ff000u) return sign | 0x7c00u; // rounds to infinity
  if (ax < 0x38800000u) { // subnormal half or zero
    if (ax < 0x33000000u) return sign;
    const uint32_t e = ax >> 23, m = (ax & 0x7fffffu) | 0x800000u;
    const uint32_t shift = 126u - e; // 14..24
    uint32_t h = m >> shift;
    const uint32_t rem = m & ((1u << shift) - 1u), mid = 1u << (shift - 1u);
    if (rem > mid || (rem == mid && (h & 1u))) ++h;
    return sign | h;
  }
  uint32_t h = ((ax - 0x38000000u) >> 13);
  const uint32_t rem = ax & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) ++h;
  return sign | h;
}
inline void cu2m_tex_store_float(const cu2m_texture* t, unsigned char* p, const float v[4]) {
  for (uint32_t c = 0; c < t->channels; ++c) {
    uint32_t raw;
    if (t->format_kind == CU2M_FMT_FLOAT && t->channel_bits == 16) raw = cu2m_float_to_half(v[c]);
    else if (t->format_kind == CU2M_FMT_FLOAT) __builtin_memcpy(&raw, &v[c], 4);
    else raw = t->format_kind == CU2M_FMT_SIGNED ? (uint32_t)(int32_t)v[c] : (uint32_t)v[c];
    cu2m_tex_store_channel(t, p, c, raw);
  }
}
inline void cu2m_tex_store_raw(const cu2m_texture* t, unsigned char* p, const uint32_t v[4]) {
  for (uint32_t c = 0; c < t->channels; ++c) cu2m_tex_store_channel(t, p, c, v[c]);
}

#endif // CU2M_TEXTURE_H
