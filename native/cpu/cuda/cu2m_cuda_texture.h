// cu2metal — texture and surface fetches for the cuda-cpu reference backend (included by
// cu2m_cuda_device.h). A cudaTextureObject_t / cudaSurfaceObject_t is the address of the runtime's
// cu2m_texture; every fetch goes through the software sampler of cu2m/texture.h, the one msl-cpu's
// Metal texture emulation uses too (same bits on both CPU backends).
#ifndef CU2M_CUDA_TEXTURE_H
#define CU2M_CUDA_TEXTURE_H

#include <cu2m/texture.h>
#include <cuda_runtime.h>

#include <string.h>
#include <type_traits>

namespace cu2m_cuda_tex {

// Element type T of a fetch: its scalar B and number of components N (CUDA's vector structs
// are N packed B's).
template <class T> struct traits { using B = T; static constexpr int N = 1; };
#define CU2M_TEX_VEC(V, S)                                                                          \
  template <> struct traits<V##1> { using B = S; static constexpr int N = 1; };                    \
  template <> struct traits<V##2> { using B = S; static constexpr int N = 2; };                    \
  template <> struct traits<V##4> { using B = S; static constexpr int N = 4; };
CU2M_TEX_VEC(float, float)
CU2M_TEX_VEC(int, int)
CU2M_TEX_VEC(uint, unsigned int)
CU2M_TEX_VEC(short, short)
CU2M_TEX_VEC(ushort, unsigned short)
CU2M_TEX_VEC(char, signed char)
CU2M_TEX_VEC(uchar, unsigned char)
#undef CU2M_TEX_VEC

inline const cu2m_texture* obj(unsigned long long h) { return reinterpret_cast<const cu2m_texture*>(static_cast<uintptr_t>(h)); }

template <class T> inline T from_float(const float c[4]) {
  using B = typename traits<T>::B;
  B v[4];
  for (int i = 0; i < 4; ++i) v[i] = static_cast<B>(c[i]);
  T r;
  memcpy(&r, v, sizeof(T));
  return r;
}
template <class T> inline T from_raw(const uint32_t c[4]) {
  using B = typename traits<T>::B;
  B v[4];
  for (int i = 0; i < 4; ++i) v[i] = static_cast<B>(c[i]);
  T r;
  memcpy(&r, v, sizeof(T));
  return r;
}

// A filtered fetch: float results sample as floats; integer results read the texel's raw value.
template <class T> inline T sample(unsigned long long h, float u, float v, float w, int layer) {
  if (std::is_floating_point<typename traits<T>::B>::value) {
    float c[4];
    cu2m_tex_sample(obj(h), u, v, w, layer, c);
    return from_float<T>(c);
  }
  uint32_t c[4];
  cu2m_tex_sample_raw(obj(h), u, v, w, layer, c);
  return from_raw<T>(c);
}

template <class T> inline T sample_cube(unsigned long long h, float x, float y, float z, int layer) {
  if (std::is_floating_point<typename traits<T>::B>::value) {
    float c[4];
    cu2m_tex_sample_cube(obj(h), x, y, z, layer, c);
    return from_float<T>(c);
  }
  uint32_t c[4];
  cu2m_tex_sample_cube_raw(obj(h), x, y, z, layer, c);
  return from_raw<T>(c);
}

template <class T> inline T surf_read(unsigned long long h, int xb, int y, int z) {
  T r;
  const unsigned char* p = cu2m_surf_at(obj(h), xb, y, z, sizeof(T));
  if (p) memcpy(&r, p, sizeof(T));
  else memset(&r, 0, sizeof(T));
  return r;
}
template <class T> inline void surf_write(const T& value, unsigned long long h, int xb, int y, int z) {
  unsigned char* p = cu2m_surf_at(obj(h), xb, y, z, sizeof(T));
  if (p) memcpy(p, &value, sizeof(T));
}

} // namespace cu2m_cuda_tex

template <class T> inline T tex1Dfetch(cudaTextureObject_t t, int x) {
  using B = typename cu2m_cuda_tex::traits<T>::B;
  if (std::is_floating_point<B>::value) {
    float c[4];
    cu2m_tex_fetch_float(cu2m_cuda_tex::obj(t), x, c);
    return cu2m_cuda_tex::from_float<T>(c);
  }
  uint32_t c[4];
  cu2m_tex_fetch_raw(cu2m_cuda_tex::obj(t), x, c);
  return cu2m_cuda_tex::from_raw<T>(c);
}
template <class T> inline T tex1D(cudaTextureObject_t t, float x) { return cu2m_cuda_tex::sample<T>(t, x, 0.0f, 0.0f, 0); }
template <class T> inline T tex2D(cudaTextureObject_t t, float x, float y) { return cu2m_cuda_tex::sample<T>(t, x, y, 0.0f, 0); }
template <class T> inline T tex3D(cudaTextureObject_t t, float x, float y, float z) { return cu2m_cuda_tex::sample<T>(t, x, y, z, 0); }
template <class T> inline T tex1DLayered(cudaTextureObject_t t, float x, int layer) { return cu2m_cuda_tex::sample<T>(t, x, 0.0f, 0.0f, layer); }
template <class T> inline T tex2DLayered(cudaTextureObject_t t, float x, float y, int layer) { return cu2m_cuda_tex::sample<T>(t, x, y, 0.0f, layer); }
// Cubemaps: (x, y, z) is a direction; the face and face-local coordinates as the CUDA guide gives them.
template <class T> inline T texCubemap(cudaTextureObject_t t, float x, float y, float z) { return cu2m_cuda_tex::sample_cube<T>(t, x, y, z, 0); }
template <class T> inline T texCubemapLayered(cudaTextureObject_t t, float x, float y, float z, int layer) { return cu2m_cuda_tex::sample_cube<T>(t, x, y, z, layer); }
// Level-of-detail and gradient fetches: textures over a cudaArray have one level (mipmapped arrays
// are refused by the runtime), and level 0 is what CUDA returns for any lod or gradient then.
template <class T> inline T tex2DLod(cudaTextureObject_t t, float x, float y, float) { return cu2m_cuda_tex::sample<T>(t, x, y, 0.0f, 0); }
template <class T> inline T tex3DLod(cudaTextureObject_t t, float x, float y, float z, float) { return cu2m_cuda_tex::sample<T>(t, x, y, z, 0); }
template <class T> inline T tex2DGrad(cudaTextureObject_t t, float x, float y, float2, float2) { return cu2m_cuda_tex::sample<T>(t, x, y, 0.0f, 0); }
template <class T> inline T tex2DLayeredLod(cudaTextureObject_t t, float x, float y, int layer, float) { return cu2m_cuda_tex::sample<T>(t, x, y, 0.0f, layer); }
template <class T> inline T tex2DLayeredGrad(cudaTextureObject_t t, float x, float y, int layer, float2, float2) { return cu2m_cuda_tex::sample<T>(t, x, y, 0.0f, layer); }
template <class T> inline T texCubemapLod(cudaTextureObject_t t, float x, float y, float z, float) { return cu2m_cuda_tex::sample_cube<T>(t, x, y, z, 0); }
template <class T> inline T texCubemapLayeredLod(cudaTextureObject_t t, float x, float y, float z, int layer, float) { return cu2m_cuda_tex::sample_cube<T>(t, x, y, z, layer); }
// tex2Dgather: component comp of the 4 texels of the bilinear footprint (order: cu2m/texture.h).
template <class T> inline T tex2Dgather(cudaTextureObject_t t, float x, float y, int comp = 0) {
  float c[4];
  cu2m_tex_gather(cu2m_cuda_tex::obj(t), x, y, 0, comp, c);
  return cu2m_cuda_tex::from_float<T>(c);
}
// The older out-parameter forms.
template <class T> inline void tex1Dfetch(T* out, cudaTextureObject_t t, int x) { *out = tex1Dfetch<T>(t, x); }
template <class T> inline void tex1D(T* out, cudaTextureObject_t t, float x) { *out = tex1D<T>(t, x); }
template <class T> inline void tex2D(T* out, cudaTextureObject_t t, float x, float y) { *out = tex2D<T>(t, x, y); }
template <class T> inline void tex3D(T* out, cudaTextureObject_t t, float x, float y, float z) { *out = tex3D<T>(t, x, y, z); }

// Surfaces: x in bytes. Out-of-range accesses read zeros and drop writes for every boundary mode
// (cudaBoundaryModeTrap would stop the kernel on a GPU; Metal does no check at all).
template <class T> inline T surf1Dread(cudaSurfaceObject_t s, int x, cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) { return cu2m_cuda_tex::surf_read<T>(s, x, 0, 0); }
template <class T> inline T surf2Dread(cudaSurfaceObject_t s, int x, int y, cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) { return cu2m_cuda_tex::surf_read<T>(s, x, y, 0); }
template <class T> inline T surf3Dread(cudaSurfaceObject_t s, int x, int y, int z, cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) { return cu2m_cuda_tex::surf_read<T>(s, x, y, z); }
template <class T> inline T surf1DLayeredread(cudaSurfaceObject_t s, int x, int layer, cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) { return cu2m_cuda_tex::surf_read<T>(s, x, layer, 0); }
template <class T> inline T surf2DLayeredread(cudaSurfaceObject_t s, int x, int y, int layer, cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) { return cu2m_cuda_tex::surf_read<T>(s, x, y, layer); }
template <class T> inline void surf1Dread(T* out, cudaSurfaceObject_t s, int x, cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) { *out = surf1Dread<T>(s, x); }
template <class T> inline void surf2Dread(T* out, cudaSurfaceObject_t s, int x, int y, cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) { *out = surf2Dread<T>(s, x, y); }
template <class T> inline void surf3Dread(T* out, cudaSurfaceObject_t s, int x, int y, int z, cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) { *out = surf3Dread<T>(s, x, y, z); }
template <class T> inline void surf1Dwrite(T v, cudaSurfaceObject_t s, int x, cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) { cu2m_cuda_tex::surf_write(v, s, x, 0, 0); }
template <class T> inline void surf2Dwrite(T v, cudaSurfaceObject_t s, int x, int y, cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) { cu2m_cuda_tex::surf_write(v, s, x, y, 0); }
template <class T> inline void surf3Dwrite(T v, cudaSurfaceObject_t s, int x, int y, int z, cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) { cu2m_cuda_tex::surf_write(v, s, x, y, z); }
template <class T> inline void surf1DLayeredwrite(T v, cudaSurfaceObject_t s, int x, int layer, cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) { cu2m_cuda_tex::surf_write(v, s, x, layer, 0); }
template <class T> inline void surf2DLayeredwrite(T v, cudaSurfaceObject_t s, int x, int y, int layer, cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) { cu2m_cuda_tex::surf_write(v, s, x, y, layer); }

#endif // CU2M_CUDA_TEXTURE_H
