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

// ---- MTLBuffer.h --------------------------------------------------------------------------------
@protocol MTLBuffer <MTLResource>
- (void *)contents NS_RETURNS_INNER_POINTER;
@property(readonly) uint64_t gpuAddress CU2M_STUB_MACOS(13.0);
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
