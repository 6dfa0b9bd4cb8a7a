// cu2metal Metal backend: texture and surface objects as Metal textures + sampler states
// (included by metal_backend.mm; Objective-C++, ARC). docs/DESIGN.md, "Textures and surfaces".
//
// A texture/surface kernel argument carries its cu2m_texture handle (cu2m/texture.h) and the
// allocation that holds its memory (the runtime resolves it, native/runtime/runtime.cpp). The
// texture is a view of that MTLBuffer (newTextureWithDescriptor:offset:bytesPerRow:), so surface
// writes land in the cudaArray's memory and no copy is needed; cudaArray rows are padded to 256
// bytes for this (native/runtime/texture.cpp). Bound now: 2D textures and surfaces (arrays and
// pitch2D memory) and texture buffers (tex1Dfetch on linear memory) as views; 1D, 3D, layered and
// cubemap textures as MTLTextures of their own filled when the launch is encoded (ownTexture).
// 1D, 3D and layered surfaces (which would need a copy back) are refused with
// cudaErrorNotSupported and a message for now.
#ifndef CU2M_METAL_TEXTURES_H
#define CU2M_METAL_TEXTURES_H

#include <string>

#include "../include/cu2m/texture.h"
#include "../runtime/backend.h"

namespace cu2m {
namespace metal {

// The pixel format of a CUDA channel layout; `normalized`: 8/16-bit integers read as [0,1]/[-1,1].
inline MTLPixelFormat pixelFormatOf(const cu2m_texture& t, bool normalized) {
  const bool s = t.format_kind == CU2M_FMT_SIGNED, f = t.format_kind == CU2M_FMT_FLOAT;
  const unsigned n = t.channels;
  auto pick = [n](MTLPixelFormat one, MTLPixelFormat two, MTLPixelFormat four) {
    return n == 1 ? one : n == 2 ? two : n == 4 ? four : MTLPixelFormatInvalid;
  };
  switch (t.channel_bits) {
  case 8:
    if (f) return MTLPixelFormatInvalid;
    if (normalized) return s ? pick(MTLPixelFormatR8Snorm, MTLPixelFormatRG8Snorm, MTLPixelFormatRGBA8Snorm)
                             : pick(MTLPixelFormatR8Unorm, MTLPixelFormatRG8Unorm, MTLPixelFormatRGBA8Unorm);
    return s ? pick(MTLPixelFormatR8Sint, MTLPixelFormatRG8Sint, MTLPixelFormatRGBA8Sint)
             : pick(MTLPixelFormatR8Uint, MTLPixelFormatRG8Uint, MTLPixelFormatRGBA8Uint);
  case 16:
    if (f) return pick(MTLPixelFormatR16Float, MTLPixelFormatRG16Float, MTLPixelFormatRGBA16Float);
    if (normalized) return s ? pick(MTLPixelFormatR16Snorm, MTLPixelFormatRG16Snorm, MTLPixelFormatRGBA16Snorm)
                             : pick(MTLPixelFormatR16Unorm, MTLPixelFormatRG16Unorm, MTLPixelFormatRGBA16Unorm);
    return s ? pick(MTLPixelFormatR16Sint, MTLPixelFormatRG16Sint, MTLPixelFormatRGBA16Sint)
             : pick(MTLPixelFormatR16Uint, MTLPixelFormatRG16Uint, MTLPixelFormatRGBA16Uint);
  case 32:
    if (f) return pick(MTLPixelFormatR32Float, MTLPixelFormatRG32Float, MTLPixelFormatRGBA32Float);
    return s ? pick(MTLPixelFormatR32Sint, MTLPixelFormatRG32Sint, MTLPixelFormatRGBA32Sint)
             : pick(MTLPixelFormatR32Uint, MTLPixelFormatRG32Uint, MTLPixelFormatRGBA32Uint);
  default:
    return MTLPixelFormatInvalid;
  }
}

// CUDA address mode → Metal's. Unnormalized coordinates allow only clamp-to-edge/zero in Metal,
// as CUDA allows only clamp/border then. Border: Metal's border colours are transparent black,
// opaque black or white; CUDA's borderColor is any colour (others are refused at bind time).
inline MTLSamplerAddressMode addressModeOf(uint32_t mode, bool normalized) {
  if (!normalized) return mode == CU2M_ADDR_BORDER ? MTLSamplerAddressModeClampToZero : MTLSamplerAddressModeClampToEdge;
  switch (mode) {
  case CU2M_ADDR_WRAP: return MTLSamplerAddressModeRepeat;
  case CU2M_ADDR_MIRROR: return MTLSamplerAddressModeMirrorRepeat;
  case CU2M_ADDR_BORDER: return MTLSamplerAddressModeClampToBorderColor;
  default: return MTLSamplerAddressModeClampToEdge;
  }
}

// A texture of its own for a 1D, 3D, layered (1D/2D) or cubemap object (Metal makes textures over
// a buffer only for 2D and texture buffers): the type and extent from the object, then every
// slice (layer; cubemap face 6 * layer + face, Metal's cube-array slice order too) copied from the
// memory at `bytes`.
inline Error ownTexture(id<MTLDevice> device, const cu2m_texture& t, MTLPixelFormat pf, const unsigned char* bytes,
                        id<MTLTexture> __strong* texture, std::string& error) {
  MTLTextureDescriptor* d = [MTLTextureDescriptor new];
  d.pixelFormat = pf;
  d.width = t.width;
  d.height = 1;
  d.depth = 1;
  d.arrayLength = 1;
  d.mipmapLevelCount = 1;
  d.storageMode = MTLStorageModeShared;
  d.usage = MTLTextureUsageShaderRead;
  NSUInteger slices = 1, slicePitch = t.slice_pitch;
  if (t.cubemap) {
    d.textureType = t.cubemap == 2 ? MTLTextureTypeCubeArray : MTLTextureTypeCube;
    d.height = t.height;
    d.arrayLength = t.cubemap == 2 ? t.depth / 6 : 1;
    slices = t.depth;
  } else if (t.dims == 1) {
    d.textureType = MTLTextureType1D;
  } else if (t.dims == 2 && t.layered) { // 1D layered: the layers are rows
    d.textureType = MTLTextureType1DArray;
    d.arrayLength = t.height;
    slices = t.height;
    slicePitch = t.row_pitch;
  } else if (t.dims == 3 && t.layered) {
    d.textureType = MTLTextureType2DArray;
    d.height = t.height;
    d.arrayLength = t.depth;
    slices = t.depth;
  } else if (t.dims == 3) {
    d.textureType = MTLTextureType3D;
    d.height = t.height;
    d.depth = t.depth;
  } else {
    error = "this texture's shape has no Metal texture type";
    return err::NotSupported;
  }
  *texture = [device newTextureWithDescriptor:d];
  if (!*texture) {
    error = "Metal could not make a texture for a texture argument";
    return err::MemoryAllocation;
  }
  const NSUInteger rows = d.textureType == MTLTextureType1D || d.textureType == MTLTextureType1DArray ? 1 : t.height;
  const MTLRegion region = MTLRegionMake3D(0, 0, 0, t.width, rows, d.depth);
  for (NSUInteger s = 0; s < slices; ++s)
    [*texture replaceRegion:region
                mipmapLevel:0
                      slice:s
                  withBytes:bytes + s * slicePitch
                bytesPerRow:t.row_pitch
              bytesPerImage:(d.textureType == MTLTextureType3D ? t.slice_pitch : 0)];
  return err::Success;
}

// Makes the texture (and, for textures that sample, the sampler state) of one argument.
inline Error bindTexture(id<MTLDevice> device, const LaunchArg& a, bool surface, id<MTLTexture> __strong* texture,
                         id<MTLSamplerState> __strong* sampler, std::string& error) {
  unsigned long long handle = 0;
  std::memcpy(&handle, a.bytes, sizeof handle);
  const cu2m_texture& t = *reinterpret_cast<const cu2m_texture*>(static_cast<uintptr_t>(handle));
  if (!a.buffer) {
    error = "the memory of a texture/surface argument is not a device allocation";
    return err::InvalidValue;
  }
  const MTLPixelFormat pf = pixelFormatOf(t, t.read_normalized != 0);
  if (pf == MTLPixelFormatInvalid) {
    error = "a texture's channel format has no Metal pixel format";
    return err::NotSupported;
  }
  id<MTLBuffer> buffer = (__bridge id<MTLBuffer>)a.buffer->native;
  const NSUInteger offset = a.buffer->nativeOffset + a.offset;
  MTLTextureDescriptor* d = nil;
  NSUInteger bytesPerRow = 0;
  if (t.linear) {
    const NSUInteger align = [device minimumTextureBufferAlignmentForPixelFormat:pf];
    d = [MTLTextureDescriptor textureBufferDescriptorWithPixelFormat:pf
                                                               width:t.width
                                                     resourceOptions:MTLResourceStorageModeShared
                                                               usage:MTLTextureUsageShaderRead];
    bytesPerRow = (NSUInteger(t.width) * t.texel_bytes + align - 1) / align * align;
    if (offset % align != 0) {
      error = "tex1Dfetch memory must start at a multiple of " + std::to_string(align) + " bytes on Metal";
      return err::InvalidValue;
    }
  } else if (t.dims == 2 && !t.layered) {
    const NSUInteger align = [device minimumLinearTextureAlignmentForPixelFormat:pf];
    if (t.row_pitch % align != 0 || offset % align != 0) {
      error = "a 2D texture's rows (pitch " + std::to_string(t.row_pitch) + ") must be " + std::to_string(align) +
              "-byte aligned on Metal (cudaMallocPitch memory and cudaArrays are)";
      return err::InvalidValue;
    }
    d = [MTLTextureDescriptor texture2DDescriptorWithPixelFormat:pf width:t.width height:t.height mipmapped:NO];
    d.storageMode = MTLStorageModeShared;
    d.usage = surface ? (MTLTextureUsageShaderRead | MTLTextureUsageShaderWrite) : MTLTextureUsageShaderRead;
    bytesPerRow = t.row_pitch;
  } else if (surface) {
    error = "1D, 3D and layered surfaces are not bound on the Metal backend yet (2D surfaces are)";
    return err::NotSupported;
  } else {
    // 1D, 3D, layered and cubemap textures: a texture of their own, filled from the memory when
    // the launch is encoded (textures are read-only in kernels, so nothing is copied back).
    if (Error e = ownTexture(device, t, pf, static_cast<const unsigned char*>([buffer contents]) + offset, texture, error))
      return e;
  }
  if (!*texture) *texture = [buffer newTextureWithDescriptor:d offset:offset bytesPerRow:bytesPerRow];
  if (!*texture) {
    error = "Metal could not make a texture over the argument's buffer";
    return err::MemoryAllocation;
  }
  *sampler = nil;
  if (surface || t.linear) return err::Success;
  for (int c = 0; c < 4; ++c)
    if (t.border[c] != 0.0f && t.address_mode[0] == CU2M_ADDR_BORDER) {
      error = "Metal samplers have only transparent black, opaque black and white borders; this texture's borderColor is another";
      return err::NotSupported;
    }
  MTLSamplerDescriptor* sd = [MTLSamplerDescriptor new];
  sd.minFilter = sd.magFilter = t.filter_linear ? MTLSamplerMinMagFilterLinear : MTLSamplerMinMagFilterNearest;
  const bool normalized = t.normalized_coords != 0 || t.cubemap != 0; // cube faces are addressed by direction
  sd.sAddressMode = addressModeOf(t.address_mode[0], normalized);
  sd.tAddressMode = addressModeOf(t.address_mode[1], normalized);
  sd.rAddressMode = addressModeOf(t.address_mode[2], normalized);
  sd.borderColor = MTLSamplerBorderColorTransparentBlack;
  sd.normalizedCoordinates = normalized;
  *sampler = [device newSamplerStateWithDescriptor:sd];
  if (!*sampler) {
    error = "Metal could not make the sampler state of a texture argument";
    return err::MemoryAllocation;
  }
  return err::Success;
}

} // namespace metal
} // namespace cu2m

#endif // CU2M_METAL_TEXTURES_H
