// cu2metal — CUDA arrays, texture objects and surface objects: the host API (CUDA's names and
// field names), included by cuda_runtime.h. Implemented in native/runtime/texture.cpp; the
// objects are cu2m_texture descriptors (cu2m/texture.h) that the CPU backends sample in software.
#ifndef CU2M_TEXTURE_API_H
#define CU2M_TEXTURE_API_H

#include "texture.h"

enum cudaChannelFormatKind {
  cudaChannelFormatKindSigned = 0,
  cudaChannelFormatKindUnsigned = 1,
  cudaChannelFormatKindFloat = 2,
  cudaChannelFormatKindNone = 3,
};
struct cudaChannelFormatDesc {
  int x, y, z, w; // bits per channel
  enum cudaChannelFormatKind f;
};

#define cudaArrayDefault 0x00
#define cudaArrayLayered 0x01
#define cudaArraySurfaceLoadStore 0x02
#define cudaArrayCubemap 0x04
#define cudaArrayTextureGather 0x08

enum cudaResourceType {
  cudaResourceTypeArray = 0,
  cudaResourceTypeMipmappedArray = 1,
  cudaResourceTypeLinear = 2,
  cudaResourceTypePitch2D = 3,
};
enum cudaTextureAddressMode { cudaAddressModeWrap = 0, cudaAddressModeClamp = 1, cudaAddressModeMirror = 2, cudaAddressModeBorder = 3 };
enum cudaTextureFilterMode { cudaFilterModePoint = 0, cudaFilterModeLinear = 1 };
enum cudaTextureReadMode { cudaReadModeElementType = 0, cudaReadModeNormalizedFloat = 1 };
enum cudaSurfaceBoundaryMode { cudaBoundaryModeZero = 0, cudaBoundaryModeClamp = 1, cudaBoundaryModeTrap = 2 };
enum cudaSurfaceFormatMode { cudaFormatModeForced = 0, cudaFormatModeAuto = 1 };

typedef struct cudaMipmappedArray* cudaMipmappedArray_t;
typedef unsigned long long cudaTextureObject_t;
typedef unsigned long long cudaSurfaceObject_t;

struct cudaResourceDesc {
  enum cudaResourceType resType;
  union {
    struct {
      cudaArray_t array;
    } array;
    struct {
      cudaMipmappedArray_t mipmap;
    } mipmap;
    struct {
      void* devPtr;
      struct cudaChannelFormatDesc desc;
      size_t sizeInBytes;
    } linear;
    struct {
      void* devPtr;
      struct cudaChannelFormatDesc desc;
      size_t width;
      size_t height;
      size_t pitchInBytes;
    } pitch2D;
  } res;
  unsigned int flags;
};
struct cudaTextureDesc {
  enum cudaTextureAddressMode addressMode[3];
  enum cudaTextureFilterMode filterMode;
  enum cudaTextureReadMode readMode;
  int sRGB;
  float borderColor[4];
  int normalizedCoords;
  unsigned int maxAnisotropy;
  enum cudaTextureFilterMode mipmapFilterMode;
  float mipmapLevelBias;
  float minMipmapLevelClamp;
  float maxMipmapLevelClamp;
  int disableTrilinearOptimization;
  int seamlessCubemap;
};
struct cudaResourceViewDesc {
  int format;
  size_t width, height, depth;
  unsigned int firstMipmapLevel, lastMipmapLevel, firstLayer, lastLayer;
};

cudaChannelFormatDesc cudaCreateChannelDesc(int x, int y, int z, int w, cudaChannelFormatKind f);
cudaError_t cudaMallocArray(cudaArray_t* array, const cudaChannelFormatDesc* desc, size_t width, size_t height = 0,
                            unsigned int flags = 0);
cudaError_t cudaMalloc3DArray(cudaArray_t* array, const cudaChannelFormatDesc* desc, cudaExtent extent,
                              unsigned int flags = 0);
cudaError_t cudaFreeArray(cudaArray_t array);
cudaError_t cudaArrayGetInfo(cudaChannelFormatDesc* desc, cudaExtent* extent, unsigned int* flags, cudaArray_t array);
cudaError_t cudaGetChannelDesc(cudaChannelFormatDesc* desc, cudaArray_const_t array);
cudaError_t cudaMemcpyToArray(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src, size_t count,
                              cudaMemcpyKind kind);
cudaError_t cudaMemcpyFromArray(void* dst, cudaArray_const_t src, size_t wOffset, size_t hOffset, size_t count,
                                cudaMemcpyKind kind);
cudaError_t cudaMemcpy2DToArray(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src, size_t spitch,
                                size_t width, size_t height, cudaMemcpyKind kind);
cudaError_t cudaMemcpy2DFromArray(void* dst, size_t dpitch, cudaArray_const_t src, size_t wOffset, size_t hOffset,
                                  size_t width, size_t height, cudaMemcpyKind kind);
cudaError_t cudaMemcpy2DToArrayAsync(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src,
                                     size_t spitch, size_t width, size_t height, cudaMemcpyKind kind,
                                     cudaStream_t stream = 0);
cudaError_t cudaMemcpy2DFromArrayAsync(void* dst, size_t dpitch, cudaArray_const_t src, size_t wOffset,
                                       size_t hOffset, size_t width, size_t height, cudaMemcpyKind kind,
                                       cudaStream_t stream = 0);
cudaError_t cudaCreateTextureObject(cudaTextureObject_t* texObject, const cudaResourceDesc* resDesc,
                                    const cudaTextureDesc* texDesc, const cudaResourceViewDesc* resViewDesc);
cudaError_t cudaDestroyTextureObject(cudaTextureObject_t texObject);
cudaError_t cudaGetTextureObjectResourceDesc(cudaResourceDesc* resDesc, cudaTextureObject_t texObject);
cudaError_t cudaGetTextureObjectTextureDesc(cudaTextureDesc* texDesc, cudaTextureObject_t texObject);
cudaError_t cudaCreateSurfaceObject(cudaSurfaceObject_t* surfObject, const cudaResourceDesc* resDesc);
cudaError_t cudaDestroySurfaceObject(cudaSurfaceObject_t surfObject);
cudaError_t cudaGetSurfaceObjectResourceDesc(cudaResourceDesc* resDesc, cudaSurfaceObject_t surfObject);

// cudaCreateChannelDesc<T>(): the channel layout of a scalar or vector element type.
template <class T> struct cu2mChannelOf {
  static cudaChannelFormatDesc get() { return cudaCreateChannelDesc(0, 0, 0, 0, cudaChannelFormatKindNone); }
};
#define CU2M_CHANNEL(T, N, B, K)                                                                    \
  template <> struct cu2mChannelOf<T> {                                                             \
    static cudaChannelFormatDesc get() {                                                            \
      return cudaCreateChannelDesc(B, N > 1 ? B : 0, N > 2 ? B : 0, N > 3 ? B : 0, K);               \
    }                                                                                               \
  };
#define CU2M_CHANNELS(S, V, B, K)                                                                   \
  CU2M_CHANNEL(S, 1, B, K) CU2M_CHANNEL(V##1, 1, B, K) CU2M_CHANNEL(V##2, 2, B, K) CU2M_CHANNEL(V##4, 4, B, K)
CU2M_CHANNELS(float, float, 32, cudaChannelFormatKindFloat)
CU2M_CHANNELS(int, int, 32, cudaChannelFormatKindSigned)
CU2M_CHANNELS(unsigned int, uint, 32, cudaChannelFormatKindUnsigned)
CU2M_CHANNELS(short, short, 16, cudaChannelFormatKindSigned)
CU2M_CHANNELS(unsigned short, ushort, 16, cudaChannelFormatKindUnsigned)
CU2M_CHANNELS(signed char, char, 8, cudaChannelFormatKindSigned)
CU2M_CHANNELS(unsigned char, uchar, 8, cudaChannelFormatKindUnsigned)
CU2M_CHANNEL(char, 1, 8, cudaChannelFormatKindSigned)
#undef CU2M_CHANNELS
#undef CU2M_CHANNEL
template <class T> inline cudaChannelFormatDesc cudaCreateChannelDesc() { return cu2mChannelOf<T>::get(); }

// The runtime's check of a texture/surface kernel argument (a live object of that kind).
extern "C" int cu2mTextureObjectLive(unsigned long long handle, int surface);

#endif // CU2M_TEXTURE_API_H
