// The software sampler of both CPU backends (native/include/cu2m/texture.h), against values worked
// out by hand from the CUDA programming guide's "Texture Fetching" appendix and, for linear
// filtering's weights, from what an H100 returned (test/fixtures/gpu/texweights.cu).
#include <cmath>
#include <cstdio>
#include <cstring>

#include "include/cu2m/texture.h"

static int passed = 0, failed = 0;
#define CHECK(c)                                               \
  do {                                                         \
    if (c) ++passed;                                           \
    else {                                                     \
      ++failed;                                                \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
    }                                                          \
  } while (0)

static cu2m_texture floats1D(float* data, uint32_t n, uint32_t mode, bool linear, bool normalized) {
  cu2m_texture t;
  std::memset(&t, 0, sizeof t);
  t.magic = CU2M_TEXTURE_MAGIC;
  t.dims = 1;
  t.data = reinterpret_cast<unsigned char*>(data);
  t.row_pitch = t.slice_pitch = n * 4;
  t.width = n, t.height = t.depth = 1;
  t.channels = 1, t.channel_bits = 32, t.format_kind = CU2M_FMT_FLOAT, t.texel_bytes = 4;
  t.address_mode[0] = t.address_mode[1] = t.address_mode[2] = mode;
  t.filter_linear = linear;
  t.normalized_coords = normalized;
  return t;
}
static float at(const cu2m_texture& t, float u) {
  float c[4];
  cu2m_tex_sample(&t, u, 0, 0, 0, c);
  return c[0];
}

int main() {
  float d[4] = {0.0f, 256.0f, 512.0f, 768.0f};
  // Linear: x = 1.8 → xB = 1.3, i = 1, frac 0.3 → 77/256 (9-bit fixed point), not 0.3.
  {
    cu2m_texture t = floats1D(d, 4, CU2M_ADDR_CLAMP, true, false);
    CHECK(at(t, 1.8f) == 256.0f + 77.0f);
    CHECK(at(t, 1.5f) == 256.0f);            // texel centre
    CHECK(at(t, 0.2f) == 0.0f);              // clamped below
    CHECK(at(t, 3.9f) == 768.0f);            // clamped above
    t.normalized_coords = 1;                 // u * N: 0.45 * 4 = 1.8
    CHECK(at(t, 0.45f) == 256.0f + 77.0f);
  }
  // Point: floor(x); wrap folds the coordinate (frac), mirror reflects odd periods, border is 0.
  {
    cu2m_texture t = floats1D(d, 4, CU2M_ADDR_WRAP, false, true);
    CHECK(at(t, 0.3f) == 256.0f);            // floor(1.2) = 1
    CHECK(at(t, 1.3f) == 256.0f);            // frac(1.3) = 0.3
    CHECK(at(t, -0.1f) == 768.0f);           // frac(-0.1) = 0.9 → 3
    t.address_mode[0] = CU2M_ADDR_MIRROR;
    CHECK(at(t, 1.1f) == 768.0f);            // odd period: 1 - 0.1 = 0.9 → 3
    CHECK(at(t, 2.1f) == 0.0f);              // even period: 0.1 → 0
    t.address_mode[0] = CU2M_ADDR_BORDER;
    t.border[0] = 5.0f;
    CHECK(at(t, 1.1f) == 5.0f);
    CHECK(at(t, -0.01f) == 5.0f);
    CHECK(at(t, 0.99f) == 768.0f);
    t.address_mode[0] = CU2M_ADDR_WRAP;      // unnormalized coordinates: wrap acts as clamp
    t.normalized_coords = 0;
    CHECK(at(t, 9.0f) == 768.0f);
  }
  // Linear with wrap and mirror: indices wrap / reflect around the edges.
  {
    cu2m_texture t = floats1D(d, 4, CU2M_ADDR_WRAP, true, true);
    CHECK(at(t, 0.0f) == 384.0f);            // x = 0 → xB = -0.5: T[3] and T[0], alpha 0.5
    t.address_mode[0] = CU2M_ADDR_MIRROR;
    CHECK(at(t, 0.0f) == 0.0f);              // T[-1] mirrors to T[0]
    t.address_mode[0] = CU2M_ADDR_BORDER;
    CHECK(at(t, 0.0f) == 0.0f);              // half border (0) + half T[0] (0)
    CHECK(at(t, 1.0f) == 384.0f);            // half T[3] + half border
  }
  // Normalized-float reads of 8/16-bit integers; element reads are raw.
  {
    unsigned char u8[4] = {0, 51, 255, 128};
    cu2m_texture t = floats1D(nullptr, 1, CU2M_ADDR_CLAMP, false, false);
    t.data = u8, t.channels = 4, t.channel_bits = 8, t.format_kind = CU2M_FMT_UNSIGNED, t.texel_bytes = 4;
    t.read_normalized = 1;
    float c[4];
    cu2m_tex_sample(&t, 0.5f, 0, 0, 0, c);
    CHECK(c[0] == 0.0f && c[1] == 0.2f && c[2] == 1.0f && c[3] == 128.0f / 255.0f);
    t.format_kind = CU2M_FMT_SIGNED;         // 255 = -1, 128 = -128 → clamped to -1
    cu2m_tex_sample(&t, 0.5f, 0, 0, 0, c);
    CHECK(c[2] == -1.0f / 127.0f && c[3] == -1.0f);
    t.read_normalized = 0;
    uint32_t r[4];
    cu2m_tex_sample_raw(&t, 0.5f, 0, 0, 0, r);
    CHECK(r[1] == 51u && int32_t(r[2]) == -1 && int32_t(r[3]) == -128);
  }
  // Halves both ways; tex1Dfetch outside the memory is 0; surfaces drop out-of-range accesses.
  {
    CHECK(cu2m_half_to_float(0x3c00u) == 1.0f && cu2m_half_to_float(0xc000u) == -2.0f && cu2m_half_to_float(0x0001u) == std::ldexp(1.0f, -24));
    CHECK(cu2m_float_to_half(1.0f) == 0x3c00u && cu2m_float_to_half(65504.0f) == 0x7bffu && cu2m_float_to_half(1e6f) == 0x7c00u);
    CHECK(cu2m_float_to_half(1.0f + std::ldexp(1.0f, -11)) == 0x3c00u); // tie → even
    CHECK(cu2m_float_to_half(std::ldexp(1.0f, -24)) == 0x0001u);
    cu2m_texture t = floats1D(d, 4, CU2M_ADDR_CLAMP, false, false);
    float c[4];
    cu2m_tex_fetch_float(&t, 4, c);
    CHECK(c[0] == 0.0f);
    cu2m_tex_fetch_float(&t, 2, c);
    CHECK(c[0] == 512.0f);
    CHECK(cu2m_surf_at(&t, 12, 0, 0, 4) != nullptr && cu2m_surf_at(&t, 13, 0, 0, 4) == nullptr && cu2m_surf_at(&t, 0, 1, 0, 4) == nullptr);
  }
  // Cubemap faces (CUDA guide, "Cubemap Textures"): the major axis picks the face, (s, t) from
  // the two others; ties go to x, then y (edges and corners); the length does not matter.
  {
    struct Case { float x, y, z; int32_t face; float s, t; };
    const Case cases[] = {
        {1, 0, 0, 0, 0.5f, 0.5f},        {1, 0.5f, -0.5f, 0, 0.75f, 0.25f},
        {-1, 0.5f, 0.5f, 1, 0.75f, 0.25f}, {0.5f, 1, -0.5f, 2, 0.75f, 0.25f},
        {0.5f, -1, -0.5f, 3, 0.75f, 0.75f}, {-0.5f, 0.5f, 1, 4, 0.25f, 0.25f},
        {-0.5f, 0.5f, -1, 5, 0.75f, 0.25f}, {4, -2, 2, 0, 0.25f, 0.75f},
        {1, 1, 0, 0, 0.5f, 0.0f},         {0, -1, -1, 3, 0.5f, 1.0f},   // edges: x before y before z
        {-1, -1, -1, 1, 0.0f, 1.0f},      {0, 0, 0, 0, 0.5f, 0.5f},     // a corner; the zero vector
    };
    for (const Case& c : cases) {
      int32_t face = -1;
      float s = -1, t = -1;
      cu2m_tex_cube_face(c.x, c.y, c.z, &face, &s, &t);
      CHECK(face == c.face && s == c.s && t == c.t);
    }
    // A 2x2 cubemap, texel (i, j) of face f = 100 f + 10 j + i; point and linear within the face.
    float faces[6 * 4];
    for (int f = 0; f < 6; ++f)
      for (int k = 0; k < 4; ++k) faces[f * 4 + k] = 100.0f * f + 10.0f * (k >> 1) + (k & 1);
    cu2m_texture cube = floats1D(faces, 2, CU2M_ADDR_CLAMP, false, true);
    cube.dims = 3, cube.layered = 1, cube.height = 2, cube.depth = 6;
    cube.row_pitch = 8, cube.slice_pitch = 16;
    float c[4];
    cu2m_tex_sample_cube(&cube, 0.5f, -1, -0.5f, 0, c); // -y, (1, 1)
    CHECK(c[0] == 311.0f);
    cu2m_tex_sample_cube(&cube, -0.5f, 0.5f, -1, 0, c); // -z, (1, 0)
    CHECK(c[0] == 501.0f);
    uint32_t raw[4];
    cu2m_tex_sample_cube_raw(&cube, -1, 0.5f, 0.5f, 0, raw); // -x, (1, 0): float bits
    float rf;
    std::memcpy(&rf, &raw[0], 4);
    CHECK(rf == 101.0f);
    cube.filter_linear = 1;
    cu2m_tex_sample_cube(&cube, 0, 0, 1, 0, c); // +z centre: the mean of 400, 401, 410, 411
    CHECK(c[0] == 405.5f);
    cu2m_tex_sample_cube(&cube, 1, -0.25f, 0, 0, c); // +x, t = 0.625: rows weighted 1/4, 3/4
    CHECK(c[0] == 8.0f);
    cube.normalized_coords = 0; // cubemaps always address the face with normalized (s, t)
    cu2m_tex_sample_cube(&cube, 1, -0.25f, 0, 0, c);
    CHECK(c[0] == 8.0f);
  }
  // Gather: the bilinear footprint's texels in the order (i0,j1), (i1,j1), (i1,j0), (i0,j0),
  // whatever the filter mode; border texels give the border colour.
  {
    float img[9];
    for (int k = 0; k < 9; ++k) img[k] = 10.0f * (k / 3) + (k % 3);
    cu2m_texture t = floats1D(img, 3, CU2M_ADDR_BORDER, false, false);
    t.dims = 2, t.height = 3, t.row_pitch = 12, t.slice_pitch = 36;
    t.border[0] = -7.0f;
    float g[4];
    cu2m_tex_gather(&t, 1.2f, 1.9f, 0, 0, g); // x: i0 = 0, i1 = 1; y: j0 = 1, j1 = 2
    CHECK(g[0] == 20.0f && g[1] == 21.0f && g[2] == 11.0f && g[3] == 10.0f);
    cu2m_tex_gather(&t, 0.2f, 0.2f, 0, 0, g); // i0 = j0 = -1: border
    CHECK(g[0] == -7.0f && g[1] == 0.0f && g[2] == -7.0f && g[3] == -7.0f);
  }
  // Linear filtering's weights as an H100 forms them (test/fixtures/gpu/texweights.cu recorded
  // them): multiples of 1/256 that add up to 1, rounded per z plane, then x, then y (half up for
  // x1's y share, half down for x0's).
  {
    uint32_t w[8];
    cu2m_tex_weights(1, 128, 0, w); // 2D ties: 0.5 up at (x1, y1), 0.5 down at (x1, y0) and 127.5 down at (x0, y1)
    CHECK(w[0] == 128 && w[1] == 0 && w[2] == 127 && w[3] == 1);
    cu2m_tex_weights(129, 32, 8, w); // impulse responses recorded on the H100
    CHECK(w[0] == 108 && w[1] == 109 && w[2] == 15 && w[3] == 16 && w[4] == 4 && w[5] == 3 && w[6] == 0 && w[7] == 1);
    cu2m_tex_weights(96, 16, 8, w);
    CHECK(w[0] == 145 && w[1] == 87 && w[2] == 10 && w[3] == 6 && w[4] == 5 && w[5] == 3 && w[6] == 0 && w[7] == 0);
    cu2m_tex_weights(0, 200, 80, w); // x = 0: the x0 column's ties round down (137.5 → 137)
    CHECK(w[0] == 39 && w[2] == 137 && w[4] == 18 && w[6] == 62);
    // The fraction rounds half up, and one that rounds to 1 is the next texel's 0.
    float e[2] = {0.0f, 1.0f};
    cu2m_texture t = floats1D(e, 2, CU2M_ADDR_CLAMP, true, false);
    CHECK(at(t, 0.5f + 0.5f / 256.0f) == 1.0f / 256.0f);
    CHECK(at(t, 0.5f + 1.5f / 256.0f) == 2.0f / 256.0f);
    CHECK(at(t, 1.5f - 0.25f / 256.0f) == 1.0f);
    // A normalized coordinate keeps 16 fractional bits, rounded down, before it is scaled: u just
    // above the tie x = 0.5 + 0.5/256 falls back onto it (which rounds up), one 2^-17 below it
    // drops 2^-16 below (rounds down).
    t.normalized_coords = 1;
    CHECK(at(t, (0.5f + 0.5f / 256.0f) / 2.0f + 0x1p-20f) == 1.0f / 256.0f);
    CHECK(at(t, (0.5f + 0.5f / 256.0f) / 2.0f - 0x1p-17f) == 0.0f);
    // A 1D texture whose y address mode is border: half the weight goes to the border colour.
    t.normalized_coords = 0;
    t.address_mode[0] = CU2M_ADDR_CLAMP;
    t.address_mode[1] = CU2M_ADDR_BORDER;
    t.border[0] = 2.0f;
    CHECK(at(t, 1.0f) == 1.25f); // (0 + 1) / 4 + 2 / 2
  }
  // Clamp mode clamps the coordinate to the texel centres before the weights: in 3D that decides
  // how the weights round (a 2x2x2 texture read below x = 0 keeps the whole x weight on x0).
  {
    float v[8] = {0.0f, 0.0f, 1.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f}; // texel (0, 1, 0)
    cu2m_texture t = floats1D(v, 2, CU2M_ADDR_CLAMP, true, false);
    t.dims = 3, t.height = 2, t.depth = 2, t.row_pitch = 8, t.slice_pitch = 16;
    float c[4];
    cu2m_tex_sample(&t, -3.0f, 0.5f + 16.0f / 256.0f, 0.5f + 8.0f / 256.0f, 0, c);
    CHECK(c[0] == 15.0f / 256.0f); // plane z0 248: y share round(248 * 16 / 256 = 15.5) half down = 15
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
