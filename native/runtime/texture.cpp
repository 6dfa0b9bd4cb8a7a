// cu2metal runtime: CUDA arrays, texture objects, surface objects (native/include/cu2m/texture_api.h).
//
// A cudaArray is device memory (cudaMalloc: zero-filled, traced, visible to `diff` at exit) with
// rows of width * texel bytes, packed; its copies go through cudaMemcpy2D/cudaMemcpy3D, so they
// validate, synchronize and trace like any copy. A texture or surface object is a heap
// cu2m_texture (cu2m/texture.h) whose address is the handle; the CPU modules sample it directly.
// Live handles are kept in a set: a destroyed or made-up handle given to Destroy/Get* returns
// cudaErrorInvalidValue and, as a kernel argument, fails the launch with cudaErrorInvalidValue.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>
#include <string>

#include "runtime.h"

#include "../include/cuda_runtime.h"

struct cudaArray {
  void* data = nullptr;       // cudaMalloc'd
  cudaChannelFormatDesc desc{};
  size_t width = 0, height = 0, depth = 0; // texels; height/depth 0 when absent (CUDA's convention)
  unsigned int flags = 0;
  size_t texelBytes = 0;
  size_t rowPitch = 0;        // bytes between rows: rowBytes() rounded up to 256 (the alignment a
                              // Metal texture over a buffer needs for its bytesPerRow)
  size_t rowBytes() const { return width * texelBytes; }
  size_t pitch() const { return rowPitch; }
  size_t rows() const { return height ? height : 1; }
  size_t slices() const { return depth ? depth : 1; }
};

namespace {

struct Object {
  cu2m_texture tex{};
  cudaResourceDesc res{};
  cudaTextureDesc desc{};
};

std::mutex mutex;
std::set<cudaArray*> arrays;
std::set<Object*> objects;

cudaError_t fail(cudaError_t e, const std::string& message = std::string()) {
  if (!message.empty()) cu2m::Runtime::global().reportError(e, message);
  cu2m::Runtime::recordError(e);
  return e;
}

bool liveArray(const cudaArray* a) {
  std::lock_guard<std::mutex> lock(mutex);
  return a && arrays.count(const_cast<cudaArray*>(a)) != 0;
}

// Bytes of one element of a channel layout; 0 when CUDA would refuse it (channels of different
// sizes, a gap, a size other than 8/16/32 bits, 16-bit floats are halves).
size_t texelBytesOf(const cudaChannelFormatDesc& d, uint32_t* channels) {
  const int bits[4] = {d.x, d.y, d.z, d.w};
  uint32_t n = 0;
  while (n < 4 && bits[n] != 0) ++n;
  for (uint32_t i = n; i < 4; ++i)
    if (bits[i] != 0) return 0;
  if (n == 0 || n == 3) return 0;
  for (uint32_t i = 1; i < n; ++i)
    if (bits[i] != bits[0]) return 0;
  if (bits[0] != 8 && bits[0] != 16 && bits[0] != 32) return 0;
  if (d.f == cudaChannelFormatKindFloat && bits[0] == 8) return 0;
  if (d.f != cudaChannelFormatKindFloat && d.f != cudaChannelFormatKindSigned && d.f != cudaChannelFormatKindUnsigned)
    return 0;
  if (channels) *channels = n;
  return n * static_cast<size_t>(bits[0]) / 8;
}

cudaError_t newArray(cudaArray_t* out, const cudaChannelFormatDesc* desc, size_t w, size_t h, size_t d,
                     unsigned int flags, const char* api) {
  if (!out || !desc) return fail(cudaErrorInvalidValue);
  const size_t tb = texelBytesOf(*desc, nullptr);
  if (tb == 0)
    return fail(cudaErrorInvalidChannelDescriptor,
                std::string(api) + ": unsupported channel format (" + std::to_string(desc->x) + "," +
                    std::to_string(desc->y) + "," + std::to_string(desc->z) + "," + std::to_string(desc->w) +
                    " bits, kind " + std::to_string(desc->f) + ")");
  // Cubemaps: width == height, 6 faces (a layered cubemap: 6 per layer), stored as a 2D layered
  // array of layers 6 * layer + face. Gather arrays are 2D.
  if ((flags & cudaArrayCubemap) &&
      (w != h || d == 0 || ((flags & cudaArrayLayered) ? d % 6 != 0 : d != 6)))
    return fail(cudaErrorInvalidValue, std::string(api) + ": a cubemap array needs width == height and a depth of 6 (6 × layers when layered)");
  if ((flags & cudaArrayTextureGather) && (h == 0 || d != 0))
    return fail(cudaErrorInvalidValue, std::string(api) + ": cudaArrayTextureGather needs a 2D array");
  if (w == 0 || (d != 0 && h == 0 && !(flags & cudaArrayLayered)) || ((flags & cudaArrayLayered) && d == 0))
    return fail(cudaErrorInvalidValue);
  auto* a = new cudaArray;
  a->desc = *desc;
  a->width = w;
  a->height = h;
  a->depth = d;
  a->flags = flags;
  a->texelBytes = tb;
  const size_t rows = (h ? h : 1), slices = (d ? d : 1);
  if (rows > (~size_t(0)) / slices || w > ((~size_t(0)) - 255) / tb / (rows * slices)) {
    delete a;
    return fail(cudaErrorMemoryAllocation);
  }
  a->rowPitch = (w * tb + 255) / 256 * 256;
  if (a->rowPitch > (~size_t(0)) / (rows * slices)) {
    delete a;
    return fail(cudaErrorMemoryAllocation);
  }
  if (cudaError_t e = cudaMalloc(&a->data, a->rowPitch * rows * slices)) {
    delete a;
    return e;
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    arrays.insert(a);
  }
  *out = a;
  return cudaSuccess;
}

// A 2D box of an array as linear memory: the address of (wOffset bytes, hOffset rows).
cudaError_t arrayBox(const cudaArray* a, size_t wOffset, size_t hOffset, size_t widthBytes, size_t height,
                     char** at, const char* api) {
  if (!liveArray(a)) return fail(cudaErrorInvalidResourceHandle);
  const size_t rows = a->rows();
  if (wOffset + widthBytes > a->rowBytes() || hOffset + height > rows * a->slices())
    return fail(cudaErrorInvalidValue, std::string(api) + ": the copy does not fit in the array (" +
                                           std::to_string(a->rowBytes()) + " bytes × " +
                                           std::to_string(rows * a->slices()) + " rows)");
  *at = static_cast<char*>(a->data) + hOffset * a->pitch() + wOffset;
  return cudaSuccess;
}

Object* liveObject(unsigned long long h, uint32_t magic) {
  std::lock_guard<std::mutex> lock(mutex);
  auto* o = reinterpret_cast<Object*>(static_cast<uintptr_t>(h));
  if (!h || !objects.count(o) || o->tex.magic != magic) return nullptr;
  return o;
}

// The texture/surface descriptor of a resource; `surface` asks for load/store use.
cudaError_t describe(const cudaResourceDesc* r, bool surface, cu2m_texture* t, const char* api) {
  if (!r) return fail(cudaErrorInvalidValue);
  cudaChannelFormatDesc fmt{};
  switch (r->resType) {
  case cudaResourceTypeArray: {
    const cudaArray* a = r->res.array.array;
    if (!liveArray(a)) return fail(cudaErrorInvalidResourceHandle, std::string(api) + ": not a live cudaArray");
    if (surface && !(a->flags & cudaArraySurfaceLoadStore))
      return fail(cudaErrorInvalidValue, std::string(api) + ": the array was not allocated with cudaArraySurfaceLoadStore");
    fmt = a->desc;
    t->data = static_cast<unsigned char*>(a->data);
    t->width = static_cast<uint32_t>(a->width);
    t->height = static_cast<uint32_t>(a->rows());
    t->depth = static_cast<uint32_t>(a->slices());
    const bool layered = (a->flags & (cudaArrayLayered | cudaArrayCubemap)) != 0; // cubemaps: 2D layered
    const uint32_t spatial = a->depth && !layered ? 3 : a->height ? 2 : 1;
    t->layered = layered;
    if (a->flags & cudaArrayCubemap) t->cubemap = (a->flags & cudaArrayLayered) ? 2 : 1;
    t->dims = spatial + (layered ? 1 : 0);
    if (layered && !a->height) t->height = static_cast<uint32_t>(a->slices()); // 1D layered: layers are rows
    t->row_pitch = a->pitch();
    t->slice_pitch = a->pitch() * a->rows();
    break;
  }
  case cudaResourceTypeLinear:
    if (surface) return fail(cudaErrorInvalidValue, std::string(api) + ": surfaces need a cudaArray");
    fmt = r->res.linear.desc;
    t->data = static_cast<unsigned char*>(r->res.linear.devPtr);
    t->linear = 1;
    t->dims = 1;
    t->height = t->depth = 1;
    break;
  case cudaResourceTypePitch2D:
    if (surface) return fail(cudaErrorInvalidValue, std::string(api) + ": surfaces need a cudaArray");
    fmt = r->res.pitch2D.desc;
    t->data = static_cast<unsigned char*>(r->res.pitch2D.devPtr);
    t->dims = 2;
    t->width = static_cast<uint32_t>(r->res.pitch2D.width);
    t->height = static_cast<uint32_t>(r->res.pitch2D.height);
    t->depth = 1;
    t->row_pitch = r->res.pitch2D.pitchInBytes;
    t->slice_pitch = t->row_pitch * t->height;
    break;
  default:
    return fail(cudaErrorNotSupported, std::string(api) + ": mipmapped arrays are not supported by cu2metal");
  }
  uint32_t channels = 0;
  const size_t tb = texelBytesOf(fmt, &channels);
  if (tb == 0) return fail(cudaErrorInvalidChannelDescriptor, std::string(api) + ": unsupported channel format");
  t->channels = channels;
  t->channel_bits = static_cast<uint32_t>(fmt.x);
  t->format_kind = static_cast<uint32_t>(fmt.f);
  t->texel_bytes = static_cast<uint32_t>(tb);
  if (r->resType == cudaResourceTypeLinear) {
    t->width = static_cast<uint32_t>(r->res.linear.sizeInBytes / tb);
    t->row_pitch = t->slice_pitch = r->res.linear.sizeInBytes;
  }
  if (r->resType != cudaResourceTypeArray) {
    if (!t->data) return fail(cudaErrorInvalidValue, std::string(api) + ": devPtr is NULL");
    if (r->resType == cudaResourceTypePitch2D && (t->row_pitch < size_t(t->width) * tb || t->width == 0 || t->height == 0))
      return fail(cudaErrorInvalidValue, std::string(api) + ": pitchInBytes is smaller than width × element size");
  }
  return cudaSuccess;
}

} // namespace

cudaChannelFormatDesc cudaCreateChannelDesc(int x, int y, int z, int w, cudaChannelFormatKind f) {
  cudaChannelFormatDesc d;
  d.x = x, d.y = y, d.z = z, d.w = w, d.f = f;
  return d;
}

cudaError_t cudaMallocArray(cudaArray_t* array, const cudaChannelFormatDesc* desc, size_t width, size_t height,
                            unsigned int flags) {
  if (flags & cudaArrayLayered) return fail(cudaErrorInvalidValue);
  return newArray(array, desc, width, height, 0, flags, "cudaMallocArray");
}
cudaError_t cudaMalloc3DArray(cudaArray_t* array, const cudaChannelFormatDesc* desc, cudaExtent e, unsigned int flags) {
  return newArray(array, desc, e.width, e.height, e.depth, flags, "cudaMalloc3DArray");
}
cudaError_t cudaFreeArray(cudaArray_t array) {
  if (!array) return cudaSuccess;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!arrays.erase(array)) {
      cu2m::Runtime::recordError(cudaErrorInvalidResourceHandle);
      return cudaErrorInvalidResourceHandle;
    }
  }
  cudaError_t e = cudaFree(array->data);
  delete array;
  return e;
}
cudaError_t cudaArrayGetInfo(cudaChannelFormatDesc* desc, cudaExtent* extent, unsigned int* flags, cudaArray_t a) {
  if (!liveArray(a)) return fail(cudaErrorInvalidResourceHandle);
  if (desc) *desc = a->desc;
  if (extent) *extent = make_cudaExtent(a->width, a->height, a->depth);
  if (flags) *flags = a->flags;
  return cudaSuccess;
}
cudaError_t cudaGetChannelDesc(cudaChannelFormatDesc* desc, cudaArray_const_t a) {
  if (!desc) return fail(cudaErrorInvalidValue);
  if (!liveArray(a)) return fail(cudaErrorInvalidResourceHandle);
  *desc = a->desc;
  return cudaSuccess;
}

cudaError_t cudaMemcpy2DToArray(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src, size_t spitch,
                                size_t width, size_t height, cudaMemcpyKind kind) {
  char* at = nullptr;
  if (cudaError_t e = arrayBox(dst, wOffset, hOffset, width, height, &at, "cudaMemcpy2DToArray")) return e;
  if (kind == cudaMemcpyHostToHost || kind == cudaMemcpyDeviceToHost) return fail(cudaErrorInvalidMemcpyDirection);
  return cudaMemcpy2D(at, dst->pitch(), src, spitch, width, height, kind);
}
cudaError_t cudaMemcpy2DFromArray(void* dst, size_t dpitch, cudaArray_const_t src, size_t wOffset, size_t hOffset,
                                  size_t width, size_t height, cudaMemcpyKind kind) {
  char* at = nullptr;
  if (cudaError_t e = arrayBox(src, wOffset, hOffset, width, height, &at, "cudaMemcpy2DFromArray")) return e;
  if (kind == cudaMemcpyHostToHost || kind == cudaMemcpyHostToDevice) return fail(cudaErrorInvalidMemcpyDirection);
  return cudaMemcpy2D(dst, dpitch, at, src->pitch(), width, height, kind);
}
cudaError_t cudaMemcpy2DToArrayAsync(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src, size_t spitch,
                                     size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t) {
  return cudaMemcpy2DToArray(dst, wOffset, hOffset, src, spitch, width, height, kind);
}
cudaError_t cudaMemcpy2DFromArrayAsync(void* dst, size_t dpitch, cudaArray_const_t src, size_t wOffset, size_t hOffset,
                                       size_t width, size_t height, cudaMemcpyKind kind, cudaStream_t) {
  return cudaMemcpy2DFromArray(dst, dpitch, src, wOffset, hOffset, width, height, kind);
}

// cudaMemcpyToArray/FromArray (deprecated in CUDA, still common): `count` bytes from (wOffset
// bytes, hOffset rows) on, continuing row after row (rows are rowBytes() long in this view).
namespace {
cudaError_t linearArrayCopy(cudaArray* a, size_t wOffset, size_t hOffset, char* host, size_t count,
                            cudaMemcpyKind kind, bool toArray, const char* api) {
  if (!liveArray(a)) return fail(cudaErrorInvalidResourceHandle);
  const size_t rb = a->rowBytes(), rows = a->rows() * a->slices();
  if (wOffset >= rb || hOffset >= rows || count > (rows - hOffset) * rb - wOffset)
    return fail(cudaErrorInvalidValue, std::string(api) + ": the copy does not fit in the array");
  if (toArray ? (kind == cudaMemcpyHostToHost || kind == cudaMemcpyDeviceToHost)
              : (kind == cudaMemcpyHostToHost || kind == cudaMemcpyHostToDevice))
    return fail(cudaErrorInvalidMemcpyDirection);
  size_t row = hOffset, col = wOffset;
  while (count > 0) {
    char* at = static_cast<char*>(a->data) + row * a->pitch() + col;
    if (col == 0 && count >= rb) { // whole rows at once
      const size_t n = count / rb;
      cudaError_t e = toArray ? cudaMemcpy2D(at, a->pitch(), host, rb, rb, n, kind)
                              : cudaMemcpy2D(host, rb, at, a->pitch(), rb, n, kind);
      if (e) return e;
      host += n * rb, count -= n * rb, row += n;
      continue;
    }
    const size_t n = std::min(count, rb - col);
    if (cudaError_t e = toArray ? cudaMemcpy(at, host, n, kind) : cudaMemcpy(host, at, n, kind)) return e;
    host += n, count -= n, col = 0, ++row;
  }
  return cudaSuccess;
}
} // namespace

cudaError_t cudaMemcpyToArray(cudaArray_t dst, size_t wOffset, size_t hOffset, const void* src, size_t count,
                              cudaMemcpyKind kind) {
  return linearArrayCopy(dst, wOffset, hOffset, static_cast<char*>(const_cast<void*>(src)), count, kind, true,
                         "cudaMemcpyToArray");
}
cudaError_t cudaMemcpyFromArray(void* dst, cudaArray_const_t src, size_t wOffset, size_t hOffset, size_t count,
                                cudaMemcpyKind kind) {
  return linearArrayCopy(const_cast<cudaArray*>(src), wOffset, hOffset, static_cast<char*>(dst), count, kind, false,
                         "cudaMemcpyFromArray");
}

// cudaMemcpy3D with an array side: that side becomes linear memory (x and width in elements → bytes).
extern "C" int cu2mArrayCopy3DToLinear(const cudaMemcpy3DParms* p, cudaMemcpy3DParms* out) {
  *out = *p;
  const cudaArray* a = p->srcArray ? p->srcArray : p->dstArray;
  // An unknown array is cudaErrorInvalidValue here, as for any bad cudaMemcpy3D parameter.
  for (const cudaArray* side : {static_cast<const cudaArray*>(p->srcArray), static_cast<const cudaArray*>(p->dstArray)})
    if (side && !liveArray(side)) return cudaErrorInvalidValue;
  if (p->srcArray && p->dstArray && p->srcArray->texelBytes != p->dstArray->texelBytes) return cudaErrorInvalidValue;
  const size_t tb = a->texelBytes;
  out->extent.width = p->extent.width * tb;
  if (p->srcArray) {
    out->srcArray = nullptr;
    out->srcPtr = make_cudaPitchedPtr(p->srcArray->data, p->srcArray->pitch(), p->srcArray->pitch(), p->srcArray->rows());
    out->srcPos.x = p->srcPos.x * tb;
  } else {
    out->srcPos.x = p->srcPos.x;
  }
  if (p->dstArray) {
    out->dstArray = nullptr;
    out->dstPtr = make_cudaPitchedPtr(p->dstArray->data, p->dstArray->pitch(), p->dstArray->pitch(), p->dstArray->rows());
    out->dstPos.x = p->dstPos.x * tb;
  }
  return cudaSuccess;
}

cudaError_t cudaCreateTextureObject(cudaTextureObject_t* out, const cudaResourceDesc* res, const cudaTextureDesc* td,
                                    const cudaResourceViewDesc* view) {
  if (!out || !res || !td) return fail(cudaErrorInvalidValue);
  if (view) return fail(cudaErrorNotSupported, "cudaCreateTextureObject: resource views are not supported by cu2metal");
  auto* o = new Object;
  if (cudaError_t e = describe(res, false, &o->tex, "cudaCreateTextureObject")) {
    delete o;
    return e;
  }
  cu2m_texture& t = o->tex;
  for (int i = 0; i < 3; ++i) {
    if (td->addressMode[i] < cudaAddressModeWrap || td->addressMode[i] > cudaAddressModeBorder) {
      delete o;
      return fail(cudaErrorInvalidValue);
    }
    t.address_mode[i] = static_cast<uint32_t>(td->addressMode[i]);
  }
  for (int i = 0; i < 4; ++i) t.border[i] = td->borderColor[i];
  t.filter_linear = td->filterMode == cudaFilterModeLinear;
  t.read_normalized = td->readMode == cudaReadModeNormalizedFloat && t.format_kind != CU2M_FMT_FLOAT;
  t.normalized_coords = td->normalizedCoords != 0;
  // CUDA: linear filtering needs a float result (float formats, or normalized reads of 8/16-bit integers).
  if (t.filter_linear && t.format_kind != CU2M_FMT_FLOAT && !(t.read_normalized && t.channel_bits <= 16)) {
    delete o;
    return fail(cudaErrorInvalidValue, "cudaCreateTextureObject: linear filtering of an integer format needs cudaReadModeNormalizedFloat");
  }
  if (td->readMode == cudaReadModeNormalizedFloat && t.format_kind != CU2M_FMT_FLOAT && t.channel_bits == 32) {
    delete o;
    return fail(cudaErrorInvalidValue, "cudaCreateTextureObject: cudaReadModeNormalizedFloat needs 8- or 16-bit integer channels");
  }
  t.magic = CU2M_TEXTURE_MAGIC;
  o->res = *res;
  o->desc = *td;
  {
    std::lock_guard<std::mutex> lock(mutex);
    objects.insert(o);
  }
  *out = reinterpret_cast<uintptr_t>(o);
  return cudaSuccess;
}

static cudaError_t destroy(unsigned long long h, uint32_t magic) {
  std::lock_guard<std::mutex> lock(mutex);
  auto* o = reinterpret_cast<Object*>(static_cast<uintptr_t>(h));
  if (!h || !objects.count(o) || o->tex.magic != magic) {
    cu2m::Runtime::recordError(cudaErrorInvalidValue);
    return cudaErrorInvalidValue;
  }
  objects.erase(o);
  o->tex.magic = 0;
  delete o;
  return cudaSuccess;
}

cudaError_t cudaDestroyTextureObject(cudaTextureObject_t h) {
  // Kernels still queued may sample it (CUDA defers the release likewise).
  cudaDeviceSynchronize();
  return destroy(h, CU2M_TEXTURE_MAGIC);
}
cudaError_t cudaGetTextureObjectResourceDesc(cudaResourceDesc* out, cudaTextureObject_t h) {
  Object* o = liveObject(h, CU2M_TEXTURE_MAGIC);
  if (!o || !out) return fail(cudaErrorInvalidValue);
  *out = o->res;
  return cudaSuccess;
}
cudaError_t cudaGetTextureObjectTextureDesc(cudaTextureDesc* out, cudaTextureObject_t h) {
  Object* o = liveObject(h, CU2M_TEXTURE_MAGIC);
  if (!o || !out) return fail(cudaErrorInvalidValue);
  *out = o->desc;
  return cudaSuccess;
}

cudaError_t cudaCreateSurfaceObject(cudaSurfaceObject_t* out, const cudaResourceDesc* res) {
  if (!out || !res) return fail(cudaErrorInvalidValue);
  if (res->resType != cudaResourceTypeArray) return fail(cudaErrorInvalidValue, "cudaCreateSurfaceObject: surfaces need a cudaArray resource");
  auto* o = new Object;
  if (cudaError_t e = describe(res, true, &o->tex, "cudaCreateSurfaceObject")) {
    delete o;
    return e;
  }
  o->tex.magic = CU2M_SURFACE_MAGIC;
  o->res = *res;
  {
    std::lock_guard<std::mutex> lock(mutex);
    objects.insert(o);
  }
  *out = reinterpret_cast<uintptr_t>(o);
  return cudaSuccess;
}
cudaError_t cudaDestroySurfaceObject(cudaSurfaceObject_t h) {
  cudaDeviceSynchronize();
  return destroy(h, CU2M_SURFACE_MAGIC);
}
cudaError_t cudaGetSurfaceObjectResourceDesc(cudaResourceDesc* out, cudaSurfaceObject_t h) {
  Object* o = liveObject(h, CU2M_SURFACE_MAGIC);
  if (!o || !out) return fail(cudaErrorInvalidValue);
  *out = o->res;
  return cudaSuccess;
}

extern "C" int cu2mTextureObjectLive(unsigned long long h, int surface) {
  return liveObject(h, surface ? CU2M_SURFACE_MAGIC : CU2M_TEXTURE_MAGIC) != nullptr;
}
