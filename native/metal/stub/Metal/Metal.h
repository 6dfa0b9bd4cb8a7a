// Declaration-only stand-in for <Metal/Metal.h>, used ONLY to syntax-check
// native/metal/metal_backend.mm without Apple's SDK (test/metal/syntax-check.sh). Never linked.
//
// It declares exactly the Metal types, enumerators, protocols, classes, selectors and functions
// that metal_backend.mm uses (plus the types needed to spell them: MTLStorageMode,
// MTLComputePipelineReflection, the MTLResource/MTLCommandEncoder parent protocols), with the
// signatures, nullability, enum values and macOS availability of Apple's Metal documentation.
// Enumerations list only the enumerators used, with their real values. Selectors the .mm does not use are deliberately absent, so a
// misspelled or invented selector is an error in the check (ARC makes an unknown selector an
// error). See the Foundation stub for CU2M_STUB_SDK (which SDK version is modelled).
#ifndef CU2M_STUB_METAL_H
#define CU2M_STUB_METAL_H

#import <Foundation/Foundation.h>

#ifdef __cplusplus
#define MTL_EXTERN extern "C"
#else
#define MTL_EXTERN extern
#endif

NS_ASSUME_NONNULL_BEGIN

@protocol MTLDevice;
@protocol MTLFunction;
@protocol MTLBinaryArchive;

// ---- MTLTypes.h ---------------------------------------------------------------------------------
typedef struct {
  NSUInteger width, height, depth;
} MTLSize;

static inline MTLSize MTLSizeMake(NSUInteger width, NSUInteger height, NSUInteger depth) {
  MTLSize size = {width, height, depth};
  return size;
}

typedef struct {
  NSUInteger x, y, z;
} MTLOrigin;

typedef struct {
  MTLOrigin origin;
  MTLSize size;
} MTLRegion;

static inline MTLRegion MTLRegionMake3D(NSUInteger x, NSUInteger y, NSUInteger z, NSUInteger width, NSUInteger height,
                                        NSUInteger depth) {
  MTLRegion region = {{x, y, z}, {width, height, depth}};
  return region;
}

// ---- MTLResource.h ------------------------------------------------------------------------------
typedef NS_ENUM(NSUInteger, MTLStorageMode) {
  MTLStorageModeShared = 0,
};

#define MTLResourceStorageModeShift 4

typedef NS_OPTIONS(NSUInteger, MTLResourceOptions) {
  MTLResourceStorageModeShared = MTLStorageModeShared << MTLResourceStorageModeShift,
};

@protocol MTLResource <NSObject>
@end

// ---- MTLPixelFormat.h ---------------------------------------------------------------------------
// The formats of CUDA channel layouts (1, 2, 4 channels of 8/16/32 bits; native/metal/metal_textures.h).
typedef NS_ENUM(NSUInteger, MTLPixelFormat) {
  MTLPixelFormatInvalid = 0,
  MTLPixelFormatR8Unorm = 10,
  MTLPixelFormatR8Snorm = 12,
  MTLPixelFormatR8Uint = 13,
  MTLPixelFormatR8Sint = 14,
  MTLPixelFormatR16Unorm = 20,
  MTLPixelFormatR16Snorm = 22,
  MTLPixelFormatR16Uint = 23,
  MTLPixelFormatR16Sint = 24,
  MTLPixelFormatR16Float = 25,
  MTLPixelFormatRG8Unorm = 30,
  MTLPixelFormatRG8Snorm = 32,
  MTLPixelFormatRG8Uint = 33,
  MTLPixelFormatRG8Sint = 34,
  MTLPixelFormatR32Uint = 53,
  MTLPixelFormatR32Sint = 54,
  MTLPixelFormatR32Float = 55,
  MTLPixelFormatRG16Unorm = 60,
  MTLPixelFormatRG16Snorm = 62,
  MTLPixelFormatRG16Uint = 63,
  MTLPixelFormatRG16Sint = 64,
  MTLPixelFormatRG16Float = 65,
  MTLPixelFormatRGBA8Unorm = 70,
  MTLPixelFormatRGBA8Snorm = 72,
  MTLPixelFormatRGBA8Uint = 73,
  MTLPixelFormatRGBA8Sint = 74,
  MTLPixelFormatRG32Uint = 103,
  MTLPixelFormatRG32Sint = 104,
  MTLPixelFormatRG32Float = 105,
  MTLPixelFormatRGBA16Unorm = 110,
  MTLPixelFormatRGBA16Snorm = 112,
  MTLPixelFormatRGBA16Uint = 113,
  MTLPixelFormatRGBA16Sint = 114,
  MTLPixelFormatRGBA16Float = 115,
  MTLPixelFormatRGBA32Uint = 123,
  MTLPixelFormatRGBA32Sint = 124,
  MTLPixelFormatRGBA32Float = 125,
};

// ---- MTLTexture.h -------------------------------------------------------------------------------
typedef NS_OPTIONS(NSUInteger, MTLTextureUsage) {
  MTLTextureUsageShaderRead = 0x0001,
  MTLTextureUsageShaderWrite = 0x0002,
};

typedef NS_ENUM(NSUInteger, MTLTextureType) {
  MTLTextureType1D = 0,
  MTLTextureType1DArray = 1,
  MTLTextureType2D = 2,
  MTLTextureType2DArray = 3,
  MTLTextureType2DMultisample = 4,
  MTLTextureTypeCube = 5,
  MTLTextureTypeCubeArray CU2M_STUB_MACOS(10.11) = 6,
  MTLTextureType3D = 7,
  MTLTextureTypeTextureBuffer CU2M_STUB_MACOS(10.14) = 9,
};

@interface MTLTextureDescriptor : NSObject
+ (MTLTextureDescriptor *)texture2DDescriptorWithPixelFormat:(MTLPixelFormat)pixelFormat
                                                       width:(NSUInteger)width
                                                      height:(NSUInteger)height
                                                   mipmapped:(BOOL)mipmapped;
+ (MTLTextureDescriptor *)textureBufferDescriptorWithPixelFormat:(MTLPixelFormat)pixelFormat
                                                           width:(NSUInteger)width
                                                 resourceOptions:(MTLResourceOptions)resourceOptions
                                                           usage:(MTLTextureUsage)usage CU2M_STUB_MACOS(10.14);
@property (readwrite, nonatomic) MTLStorageMode storageMode CU2M_STUB_MACOS(10.11);
@property (readwrite, nonatomic) MTLTextureUsage usage CU2M_STUB_MACOS(10.11);
@property (readwrite, nonatomic) MTLTextureType textureType;
@property (readwrite, nonatomic) MTLPixelFormat pixelFormat;
@property (readwrite, nonatomic) NSUInteger width;
@property (readwrite, nonatomic) NSUInteger height;
@property (readwrite, nonatomic) NSUInteger depth;
@property (readwrite, nonatomic) NSUInteger mipmapLevelCount;
@property (readwrite, nonatomic) NSUInteger arrayLength;
@end

@protocol MTLTexture <MTLResource>
- (void)replaceRegion:(MTLRegion)region
          mipmapLevel:(NSUInteger)level
                slice:(NSUInteger)slice
            withBytes:(const void *)pixelBytes
          bytesPerRow:(NSUInteger)bytesPerRow
        bytesPerImage:(NSUInteger)bytesPerImage;
@end

// ---- MTLSampler.h -------------------------------------------------------------------------------
typedef NS_ENUM(NSUInteger, MTLSamplerMinMagFilter) {
  MTLSamplerMinMagFilterNearest = 0,
  MTLSamplerMinMagFilterLinear = 1,
};

typedef NS_ENUM(NSUInteger, MTLSamplerAddressMode) {
  MTLSamplerAddressModeClampToEdge = 0,
  MTLSamplerAddressModeRepeat = 2,
  MTLSamplerAddressModeMirrorRepeat = 3,
  MTLSamplerAddressModeClampToZero = 4,
  MTLSamplerAddressModeClampToBorderColor CU2M_STUB_MACOS(10.12) = 5,
};

typedef NS_ENUM(NSUInteger, MTLSamplerBorderColor) {
  MTLSamplerBorderColorTransparentBlack = 0,
  MTLSamplerBorderColorOpaqueBlack = 1,
  MTLSamplerBorderColorOpaqueWhite = 2,
} CU2M_STUB_MACOS(10.12);

@interface MTLSamplerDescriptor : NSObject
@property (nonatomic) MTLSamplerMinMagFilter minFilter;
@property (nonatomic) MTLSamplerMinMagFilter magFilter;
@property (nonatomic) MTLSamplerAddressMode sAddressMode;
@property (nonatomic) MTLSamplerAddressMode tAddressMode;
@property (nonatomic) MTLSamplerAddressMode rAddressMode;
@property (nonatomic) MTLSamplerBorderColor borderColor CU2M_STUB_MACOS(10.12);
@property (nonatomic) BOOL normalizedCoordinates;
@end

@protocol MTLSamplerState <NSObject>
@end

// ---- MTLBuffer.h --------------------------------------------------------------------------------
@protocol MTLBuffer <MTLResource>
- (void *)contents NS_RETURNS_INNER_POINTER;
@property(readonly) uint64_t gpuAddress CU2M_STUB_MACOS(13.0);
- (nullable id<MTLTexture>)newTextureWithDescriptor:(MTLTextureDescriptor *)descriptor
                                             offset:(NSUInteger)offset
                                        bytesPerRow:(NSUInteger)bytesPerRow CU2M_STUB_MACOS(10.13);
@end

// ---- MTLCommandEncoder.h: MTLResourceUsage -----------------------------------------------------
typedef NS_OPTIONS(NSUInteger, MTLResourceUsage) {
  MTLResourceUsageRead = 1 << 0,
  MTLResourceUsageWrite = 1 << 1,
};

// ---- MTLLibrary.h -------------------------------------------------------------------------------
typedef NS_ENUM(NSUInteger, MTLFunctionType) {
  MTLFunctionTypeKernel = 3,
};

typedef NS_ENUM(NSUInteger, MTLLanguageVersion) {
  MTLLanguageVersion3_0 CU2M_STUB_MACOS(13.0) = (3 << 16) + 0,
#if CU2M_STUB_SDK >= 140000
  MTLLanguageVersion3_1 CU2M_STUB_MACOS(14.0) = (3 << 16) + 1,
#endif
#if CU2M_STUB_SDK >= 150000
  MTLLanguageVersion3_2 CU2M_STUB_MACOS(15.0) = (3 << 16) + 2,
#endif
#if CU2M_STUB_SDK >= 260000
  MTLLanguageVersion4_0 CU2M_STUB_MACOS(26.0) = (4 << 16) + 0,
#endif
};

#if CU2M_STUB_SDK >= 150000
typedef NS_ENUM(NSInteger, MTLMathMode) {
  MTLMathModeSafe = 0,
  MTLMathModeFast = 2,
};

typedef NS_ENUM(NSInteger, MTLMathFloatingPointFunctions) {
  MTLMathFloatingPointFunctionsFast = 0,
  MTLMathFloatingPointFunctionsPrecise = 1,
};
#endif

@protocol MTLFunction <NSObject>
@property (readonly) MTLFunctionType functionType;
@end

@interface MTLCompileOptions : NSObject
@property (readwrite, nonatomic) MTLLanguageVersion languageVersion;
@property (readwrite, nonatomic) BOOL fastMathEnabled CU2M_STUB_MACOS_DEPRECATED(10.11, 15.0);
#if CU2M_STUB_SDK >= 150000
@property (readwrite, nonatomic) MTLMathMode mathMode CU2M_STUB_MACOS(15.0);
@property (readwrite, nonatomic) MTLMathFloatingPointFunctions mathFloatingPointFunctions CU2M_STUB_MACOS(15.0);
#endif
@end

@protocol MTLLibrary <NSObject>
- (nullable id<MTLFunction>)newFunctionWithName:(NSString *)functionName;
@end

// ---- MTLComputePipeline.h -----------------------------------------------------------------------
@interface MTLComputePipelineReflection : NSObject
@end

@interface MTLComputePipelineDescriptor : NSObject
@property (nullable, readwrite, nonatomic, strong) id<MTLFunction> computeFunction;
@property (readwrite, nullable, nonatomic, copy) NSArray<id<MTLBinaryArchive>> *binaryArchives CU2M_STUB_MACOS(11.0);
@end

@protocol MTLComputePipelineState <NSObject>
@property (readonly) NSUInteger maxTotalThreadsPerThreadgroup;
@property (readonly) NSUInteger threadExecutionWidth;
@property (readonly) NSUInteger staticThreadgroupMemoryLength CU2M_STUB_MACOS(11.0);
@end

// ---- MTLBinaryArchive.h -------------------------------------------------------------------------
CU2M_STUB_MACOS(11.0)
@interface MTLBinaryArchiveDescriptor : NSObject
@property (nullable, copy, nonatomic) NSURL *url;
@end

CU2M_STUB_MACOS(11.0)
@protocol MTLBinaryArchive <NSObject>
- (BOOL)addComputePipelineFunctionsWithDescriptor:(MTLComputePipelineDescriptor *)descriptor
                                            error:(NSError **)error;
- (BOOL)serializeToURL:(NSURL *)url error:(NSError **)error;
@end

// ---- MTLCommandEncoder.h / MTLComputeCommandEncoder.h -------------------------------------------
@protocol MTLCommandEncoder <NSObject>
- (void)endEncoding;
@end

@protocol MTLComputeCommandEncoder <MTLCommandEncoder>
- (void)setComputePipelineState:(id<MTLComputePipelineState>)state;
- (void)setBytes:(const void *)bytes length:(NSUInteger)length atIndex:(NSUInteger)index;
- (void)setBuffer:(nullable id<MTLBuffer>)buffer offset:(NSUInteger)offset atIndex:(NSUInteger)index;
- (void)setThreadgroupMemoryLength:(NSUInteger)length atIndex:(NSUInteger)index;
- (void)useResource:(id<MTLResource>)resource usage:(MTLResourceUsage)usage CU2M_STUB_MACOS(10.13);
- (void)setTexture:(nullable id<MTLTexture>)texture atIndex:(NSUInteger)index;
- (void)setSamplerState:(nullable id<MTLSamplerState>)sampler atIndex:(NSUInteger)index;
- (void)dispatchThreadgroups:(MTLSize)threadgroupsPerGrid threadsPerThreadgroup:(MTLSize)threadsPerThreadgroup;
@end

// ---- MTLCommandBuffer.h -------------------------------------------------------------------------
typedef NS_ENUM(NSUInteger, MTLCommandBufferStatus) {
  MTLCommandBufferStatusCompleted = 4,
  MTLCommandBufferStatusError = 5,
};

@protocol MTLCommandBuffer <NSObject>
- (nullable id<MTLComputeCommandEncoder>)computeCommandEncoder;
- (void)commit;
- (void)waitUntilCompleted;
@property (readonly) MTLCommandBufferStatus status;
@property (nullable, readonly) NSError *error;
// Host times, in seconds (the mach_absolute_time clock), when the GPU started/finished the buffer.
@property (readonly) CFTimeInterval GPUStartTime CU2M_STUB_MACOS(10.15);
@property (readonly) CFTimeInterval GPUEndTime CU2M_STUB_MACOS(10.15);
@end

// ---- MTLCommandQueue.h --------------------------------------------------------------------------
@protocol MTLCommandQueue <NSObject>
- (nullable id<MTLCommandBuffer>)commandBuffer;
@end

// ---- MTLDevice.h --------------------------------------------------------------------------------
typedef NS_OPTIONS(NSUInteger, MTLPipelineOption) {
  MTLPipelineOptionNone = 0,
  MTLPipelineOptionFailOnBinaryArchiveMiss CU2M_STUB_MACOS(11.0) = 1 << 2,
};

typedef NS_ENUM(NSInteger, MTLGPUFamily) {
  MTLGPUFamilyApple7 CU2M_STUB_MACOS(10.15) = 1007,
} CU2M_STUB_MACOS(10.15);

typedef __autoreleasing MTLComputePipelineReflection *_Nullable MTLAutoreleasedComputePipelineReflection;

@protocol MTLDevice <NSObject>
@property (nonnull, readonly) NSString *name;
@property (readonly) MTLSize maxThreadsPerThreadgroup;
@property (readonly) NSUInteger maxThreadgroupMemoryLength CU2M_STUB_MACOS(10.13);
@property (readonly) uint64_t recommendedMaxWorkingSetSize CU2M_STUB_MACOS(10.12);
@property (readonly) BOOL hasUnifiedMemory CU2M_STUB_MACOS(10.15);
@property (readonly) NSUInteger maxBufferLength CU2M_STUB_MACOS(10.14);
- (BOOL)supportsFamily:(MTLGPUFamily)gpuFamily CU2M_STUB_MACOS(10.15);
- (NSUInteger)minimumLinearTextureAlignmentForPixelFormat:(MTLPixelFormat)format CU2M_STUB_MACOS(10.13);
- (NSUInteger)minimumTextureBufferAlignmentForPixelFormat:(MTLPixelFormat)format CU2M_STUB_MACOS(10.14);
- (nullable id<MTLSamplerState>)newSamplerStateWithDescriptor:(MTLSamplerDescriptor *)descriptor;
- (nullable id<MTLTexture>)newTextureWithDescriptor:(MTLTextureDescriptor *)descriptor;

- (nullable id<MTLCommandQueue>)newCommandQueue;
- (nullable id<MTLBuffer>)newBufferWithLength:(NSUInteger)length options:(MTLResourceOptions)options;
- (nullable id<MTLBuffer>)newBufferWithBytes:(const void *)pointer
                                      length:(NSUInteger)length
                                     options:(MTLResourceOptions)options;
// The deallocator is a block; the Linux pass (no blocks support) sees an opaque pointer instead.
#if defined(__BLOCKS__)
#define CU2M_STUB_DEALLOCATOR void (^_Nullable)(void *pointer, NSUInteger length)
#else
#define CU2M_STUB_DEALLOCATOR void *_Nullable
#endif
- (nullable id<MTLBuffer>)newBufferWithBytesNoCopy:(void *)pointer
                                            length:(NSUInteger)length
                                           options:(MTLResourceOptions)options
                                       deallocator:(CU2M_STUB_DEALLOCATOR)deallocator;
- (nullable id<MTLLibrary>)newLibraryWithSource:(NSString *)source
                                        options:(nullable MTLCompileOptions *)options
                                          error:(NSError **)error;
- (nullable id<MTLComputePipelineState>)newComputePipelineStateWithFunction:(id<MTLFunction>)computeFunction
                                                                      error:(NSError **)error;
- (nullable id<MTLComputePipelineState>)
    newComputePipelineStateWithDescriptor:(MTLComputePipelineDescriptor *)descriptor
                                  options:(MTLPipelineOption)options
                               reflection:(MTLAutoreleasedComputePipelineReflection *_Nullable)reflection
                                    error:(NSError **)error;
- (nullable id<MTLBinaryArchive>)newBinaryArchiveWithDescriptor:(MTLBinaryArchiveDescriptor *)descriptor
                                                          error:(NSError **)error CU2M_STUB_MACOS(11.0);
@end

MTL_EXTERN id<MTLDevice> _Nullable MTLCreateSystemDefaultDevice(void) NS_RETURNS_RETAINED;
MTL_EXTERN NSArray<id<MTLDevice>> *MTLCopyAllDevices(void) NS_RETURNS_RETAINED;

NS_ASSUME_NONNULL_END

#endif // CU2M_STUB_METAL_H
