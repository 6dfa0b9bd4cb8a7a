// cu2metal — Metal textures and samplers for the msl-cpu emulation (included by metal_stdlib).
//
// A translated kernel takes a CUDA texture object as `texture2d<float, access::sample> t
// [[texture(i)]]` plus `sampler t_smp [[sampler(i)]]`, a surface object as `texture2d<float,
// access::read_write> s [[texture(i)]]` (src/translate/textures.ts). Here both are views of the
// runtime's cu2m_texture (cu2m/texture.h), built by the module glue from the object handle; the
// sampler carries the sampler state (filter, address modes, coordinates) of the same object, so
// sample() runs the one software sampler that cuda-cpu runs: the same bits on both CPU backends.
// Only what translated CUDA uses is here: sample/read/write and get_width/height/depth/array_size.

namespace metal {

enum class access { sample, read, write, read_write };

struct sampler {
  const ::cu2m_texture* __t = 0;
  sampler() = default;
  explicit sampler(uint64_t handle) : __t((const ::cu2m_texture*)(uintptr_t)handle) {}
};

// Level-of-detail and gradient arguments of sample(): the textures have one level (CUDA's
// mipmapped arrays are refused by the runtime), so every lod and gradient samples level 0.
struct level {
  float lod;
  explicit level(float l) : lod(l) {}
};
struct gradient2d {
  float2 dPdx, dPdy;
  gradient2d(float2 x, float2 y) : dPdx(x), dPdy(y) {}
};
struct gradient3d {
  float3 dPdx, dPdy;
  gradient3d(float3 x, float3 y) : dPdx(x), dPdy(y) {}
};
// gather()'s component argument.
enum class component { x, y, z, w };

namespace __tx {
// Sampling state from the sampler, texels from the texture (one object in translated code).
template <class T>
inline vec<T, 4> sample(const ::cu2m_texture* tex, sampler s, float u, float v, float w, int layer) {
  ::cu2m_texture merged;
  const ::cu2m_texture* t = tex;
  if (s.__t && s.__t != tex) {
    merged = *tex;
    for (int i = 0; i < 3; ++i) merged.address_mode[i] = s.__t->address_mode[i];
    merged.filter_linear = s.__t->filter_linear;
    merged.normalized_coords = s.__t->normalized_coords;
    for (int i = 0; i < 4; ++i) merged.border[i] = s.__t->border[i];
    t = &merged;
  }
  if constexpr (std::is_floating_point<T>::value) {
    float c[4];
    ::cu2m_tex_sample(t, u, v, w, layer, c);
    return vec<T, 4>{c[0], c[1], c[2], c[3]};
  } else {
    uint32_t c[4];
    ::cu2m_tex_sample_raw(t, u, v, w, layer, c);
    return vec<T, 4>{T(c[0]), T(c[1]), T(c[2]), T(c[3])};
  }
}
// Cubemap sampling: the texture's sampler state merged as in sample(), then the face lookup.
template <class T>
inline vec<T, 4> sample_cube(const ::cu2m_texture* tex, sampler s, float3 d, int layer) {
  ::cu2m_texture merged = *tex;
  if (s.__t && s.__t != tex) {
    for (int i = 0; i < 3; ++i) merged.address_mode[i] = s.__t->address_mode[i];
    merged.filter_linear = s.__t->filter_linear;
    for (int i = 0; i < 4; ++i) merged.border[i] = s.__t->border[i];
  }
  if constexpr (std::is_floating_point<T>::value) {
    float c[4];
    ::cu2m_tex_sample_cube(&merged, d.x, d.y, d.z, layer, c);
    return vec<T, 4>{c[0], c[1], c[2], c[3]};
  } else {
    uint32_t c[4];
    ::cu2m_tex_sample_cube_raw(&merged, d.x, d.y, d.z, layer, c);
    return vec<T, 4>{T(c[0]), T(c[1]), T(c[2]), T(c[3])};
  }
}
// gather(): the four texels of the bilinear footprint (order: cu2m/texture.h); offsets are not
// emitted by the translator and must be zero.
template <class T>
inline vec<T, 4> gather(const ::cu2m_texture* tex, sampler s, float2 c, int layer, component comp) {
  ::cu2m_texture merged = *tex;
  if (s.__t && s.__t != tex) {
    for (int i = 0; i < 3; ++i) merged.address_mode[i] = s.__t->address_mode[i];
    merged.normalized_coords = s.__t->normalized_coords;
    for (int i = 0; i < 4; ++i) merged.border[i] = s.__t->border[i];
  }
  float r[4];
  ::cu2m_tex_gather(&merged, c.x, c.y, layer, int32_t(comp), r);
  return vec<T, 4>{T(r[0]), T(r[1]), T(r[2]), T(r[3])};
}
// read(): the element at integer coordinates (zeros outside), converted as a fetch converts it.
template <class T> inline vec<T, 4> read(const ::cu2m_texture* t, uint x, uint y, uint z) {
  const unsigned char* p = ::cu2m_surf_at(t, int32_t(x * t->texel_bytes), int32_t(y), int32_t(z), t->texel_bytes);
  if (!p) return vec<T, 4>{T(0), T(0), T(0), T(0)};
  if constexpr (std::is_floating_point<T>::value) {
    float c[4];
    for (uint32_t i = 0; i < 4; ++i) c[i] = i < t->channels ? ::cu2m_tex_channel_float(t, p, i) : 0.0f;
    return vec<T, 4>{c[0], c[1], c[2], c[3]};
  } else {
    uint32_t c[4];
    for (uint32_t i = 0; i < 4; ++i) c[i] = i < t->channels ? ::cu2m_tex_channel_raw(t, p, i) : 0u;
    return vec<T, 4>{T(c[0]), T(c[1]), T(c[2]), T(c[3])};
  }
}
// write(): stores the first channels of v (out-of-range writes are dropped).
template <class T> inline void write(const ::cu2m_texture* t, vec<T, 4> v, uint x, uint y, uint z) {
  unsigned char* p = ::cu2m_surf_at(t, int32_t(x * t->texel_bytes), int32_t(y), int32_t(z), t->texel_bytes);
  if (!p) return;
  if constexpr (std::is_floating_point<T>::value) {
    const float c[4] = {v.x, v.y, v.z, v.w};
    ::cu2m_tex_store_float(t, p, c);
  } else {
    const uint32_t c[4] = {uint32_t(v.x), uint32_t(v.y), uint32_t(v.z), uint32_t(v.w)};
    ::cu2m_tex_store_raw(t, p, c);
  }
}
} // namespace __tx

#define __CU2M_TEXTURE_COMMON(NAME)                                                                 \
  const ::cu2m_texture* __t = 0;                                                                    \
  NAME() = default;                                                                                 \
  explicit NAME(uint64_t handle) : __t((const ::cu2m_texture*)(uintptr_t)handle) {}                 \
  uint get_width() const { return __t->width; }

template <class T, access A = access::sample> struct texture1d {
  __CU2M_TEXTURE_COMMON(texture1d)
  vec<T, 4> sample(sampler s, float x) const { return __tx::sample<T>(__t, s, x, 0.0f, 0.0f, 0); }
  vec<T, 4> read(uint x) const { return __tx::read<T>(__t, x, 0, 0); }
  void write(vec<T, 4> v, uint x) const { __tx::write<T>(__t, v, x, 0, 0); }
};
template <class T, access A = access::sample> struct texture1d_array {
  __CU2M_TEXTURE_COMMON(texture1d_array)
  uint get_array_size() const { return __t->height; }
  vec<T, 4> sample(sampler s, float x, uint layer) const { return __tx::sample<T>(__t, s, x, 0.0f, 0.0f, int(layer)); }
  vec<T, 4> read(uint x, uint layer) const { return __tx::read<T>(__t, x, layer, 0); }
  void write(vec<T, 4> v, uint x, uint layer) const { __tx::write<T>(__t, v, x, layer, 0); }
};
template <class T, access A = access::sample> struct texture2d {
  __CU2M_TEXTURE_COMMON(texture2d)
  uint get_height() const { return __t->height; }
  vec<T, 4> sample(sampler s, float2 c) const { return __tx::sample<T>(__t, s, c.x, c.y, 0.0f, 0); }
  vec<T, 4> sample(sampler s, float2 c, level) const { return __tx::sample<T>(__t, s, c.x, c.y, 0.0f, 0); }
  vec<T, 4> sample(sampler s, float2 c, gradient2d) const { return __tx::sample<T>(__t, s, c.x, c.y, 0.0f, 0); }
  vec<T, 4> gather(sampler s, float2 c, int2 = int2(0), component comp = component::x) const { return __tx::gather<T>(__t, s, c, 0, comp); }
  vec<T, 4> read(uint2 c) const { return __tx::read<T>(__t, c.x, c.y, 0); }
  void write(vec<T, 4> v, uint2 c) const { __tx::write<T>(__t, v, c.x, c.y, 0); }
};
template <class T, access A = access::sample> struct texture2d_array {
  __CU2M_TEXTURE_COMMON(texture2d_array)
  uint get_height() const { return __t->height; }
  uint get_array_size() const { return __t->depth; }
  vec<T, 4> sample(sampler s, float2 c, uint layer) const { return __tx::sample<T>(__t, s, c.x, c.y, 0.0f, int(layer)); }
  vec<T, 4> sample(sampler s, float2 c, uint layer, level) const { return __tx::sample<T>(__t, s, c.x, c.y, 0.0f, int(layer)); }
  vec<T, 4> sample(sampler s, float2 c, uint layer, gradient2d) const { return __tx::sample<T>(__t, s, c.x, c.y, 0.0f, int(layer)); }
  vec<T, 4> read(uint2 c, uint layer) const { return __tx::read<T>(__t, c.x, c.y, layer); }
  void write(vec<T, 4> v, uint2 c, uint layer) const { __tx::write<T>(__t, v, c.x, c.y, layer); }
};
template <class T, access A = access::sample> struct texture3d {
  __CU2M_TEXTURE_COMMON(texture3d)
  uint get_height() const { return __t->height; }
  uint get_depth() const { return __t->depth; }
  vec<T, 4> sample(sampler s, float3 c) const { return __tx::sample<T>(__t, s, c.x, c.y, c.z, 0); }
  vec<T, 4> sample(sampler s, float3 c, level) const { return __tx::sample<T>(__t, s, c.x, c.y, c.z, 0); }
  vec<T, 4> sample(sampler s, float3 c, gradient3d) const { return __tx::sample<T>(__t, s, c.x, c.y, c.z, 0); }
  vec<T, 4> read(uint3 c) const { return __tx::read<T>(__t, c.x, c.y, c.z); }
  void write(vec<T, 4> v, uint3 c) const { __tx::write<T>(__t, v, c.x, c.y, c.z); }
};
// Cubemaps (a cudaArrayCubemap array: 6 faces, 6 per layer of a layered one).
template <class T, access A = access::sample> struct texturecube {
  __CU2M_TEXTURE_COMMON(texturecube)
  uint get_height() const { return __t->height; }
  vec<T, 4> sample(sampler s, float3 d) const { return __tx::sample_cube<T>(__t, s, d, 0); }
  vec<T, 4> sample(sampler s, float3 d, level) const { return __tx::sample_cube<T>(__t, s, d, 0); }
};
template <class T, access A = access::sample> struct texturecube_array {
  __CU2M_TEXTURE_COMMON(texturecube_array)
  uint get_height() const { return __t->height; }
  uint get_array_size() const { return __t->depth / 6; }
  vec<T, 4> sample(sampler s, float3 d, uint layer) const { return __tx::sample_cube<T>(__t, s, d, int(layer)); }
  vec<T, 4> sample(sampler s, float3 d, uint layer, level) const { return __tx::sample_cube<T>(__t, s, d, int(layer)); }
};
// tex1Dfetch on linear memory: element i, zeros outside (as CUDA returns).
template <class T, access A = access::read> struct texture_buffer {
  __CU2M_TEXTURE_COMMON(texture_buffer)
  vec<T, 4> read(uint i) const {
    if constexpr (std::is_floating_point<T>::value) {
      float c[4];
      ::cu2m_tex_fetch_float(__t, int32_t(i > 0x7fffffffu ? 0xffffffffu : i), c);
      return vec<T, 4>{c[0], c[1], c[2], c[3]};
    } else {
      uint32_t c[4];
      ::cu2m_tex_fetch_raw(__t, int32_t(i > 0x7fffffffu ? 0xffffffffu : i), c);
      return vec<T, 4>{T(c[0]), T(c[1]), T(c[2]), T(c[3])};
    }
  }
};
#undef __CU2M_TEXTURE_COMMON

} // namespace metal
