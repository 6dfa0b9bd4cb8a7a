// Declaration-only stand-in for <Foundation/Foundation.h>, used ONLY to syntax-check
// native/metal/metal_backend.mm on machines without Apple's SDK (test/metal/syntax-check.sh).
// Never used to build anything that runs.
//
// It declares exactly the Foundation types, classes, selectors and macros that metal_backend.mm
// uses, with the signatures and values of Apple's Foundation documentation (LP64 macOS). Anything
// the .mm uses and this header lacks is a compile error in the check: keep the two in step, and
// write new declarations from Apple's documentation, not from memory.
//
// CU2M_STUB_SDK models the SDK version (the value __MAC_OS_X_VERSION_MAX_ALLOWED has in Apple's
// <Availability.h>): 260000 = the macOS 26 SDK (Xcode 26), 140000 = the macOS 14 SDK (Xcode 15).
// Declarations introduced after that version are left out, as they are in the real SDK.
#ifndef CU2M_STUB_FOUNDATION_H
#define CU2M_STUB_FOUNDATION_H

#ifndef __OBJC__
#error "the Foundation stub is Objective-C: compile with -x objective-c++"
#endif

#include <stddef.h>
#include <stdint.h>

#ifndef CU2M_STUB_SDK
#define CU2M_STUB_SDK 260000
#endif
#ifndef __MAC_OS_X_VERSION_MAX_ALLOWED
#define __MAC_OS_X_VERSION_MAX_ALLOWED CU2M_STUB_SDK
#endif

// ---- Availability ------------------------------------------------------------------------------
// The real headers spell these API_AVAILABLE(macos(11.0), ios(14.0)) and API_DEPRECATED(...); only
// macOS matters here, so the stubs use these two. clang enforces them when the target is macOS
// (-target x86_64-apple-macos13.0: unguarded use of a newer API is -Wunguarded-availability-new)
// and ignores them for other targets (the plain Linux pass).
#define CU2M_STUB_MACOS(v) __attribute__((availability(macos, introduced = v)))
#define CU2M_STUB_MACOS_DEPRECATED(v, d) __attribute__((availability(macos, introduced = v, deprecated = d)))

// ---- Macros from NSObjCRuntime.h / CFAvailability.h ---------------------------------------------
#define NS_ASSUME_NONNULL_BEGIN _Pragma("clang assume_nonnull begin")
#define NS_ASSUME_NONNULL_END _Pragma("clang assume_nonnull end")
#define NS_RETURNS_RETAINED __attribute__((ns_returns_retained))
#define NS_RETURNS_INNER_POINTER __attribute__((objc_returns_inner_pointer))
// C++ spellings: NS_ENUM is a fixed-type named enum; NS_OPTIONS a typedef of the integer type plus
// an anonymous enum (so that OR-ed flags keep the option type).
#define NS_ENUM(_type, _name) enum _name : _type _name; enum _name : _type
#define NS_OPTIONS(_type, _name) _type _name; enum : _type

// ---- Types ----------------------------------------------------------------------------------------
typedef long NSInteger;
// CoreFoundation (imported by Foundation): a time interval in seconds.
typedef double CFTimeInterval;
typedef unsigned long NSUInteger;
#if defined(__arm64__) || defined(__aarch64__)
typedef bool BOOL;
#else
typedef signed char BOOL;
#endif
#define YES __objc_yes
#define NO __objc_no
// <objc/objc.h>
#ifndef nil
#define nil nullptr
#endif

NS_ASSUME_NONNULL_BEGIN

@class NSString;

// ---- NSObject -------------------------------------------------------------------------------------
@protocol NSObject
@end

__attribute__((objc_root_class))
@interface NSObject <NSObject>
+ (instancetype)new;
@end

// ---- NSString -------------------------------------------------------------------------------------
@interface NSString : NSObject
+ (nullable instancetype)stringWithUTF8String:(const char *)nullTerminatedCString;
@property (nullable, readonly) const char *UTF8String NS_RETURNS_INNER_POINTER;
@end

// ---- NSError --------------------------------------------------------------------------------------
@interface NSError : NSObject
@property (readonly, copy) NSString *localizedDescription;
@end

// ---- NSArray --------------------------------------------------------------------------------------
@interface NSArray<__covariant ObjectType> : NSObject
@property (readonly) NSUInteger count;
- (ObjectType)objectAtIndex:(NSUInteger)index;
+ (instancetype)arrayWithObject:(ObjectType)anObject;
@end

// ---- NSURL ----------------------------------------------------------------------------------------
@interface NSURL : NSObject
+ (NSURL *)fileURLWithPath:(NSString *)path;
@end

// ---- NSProcessInfo --------------------------------------------------------------------------------
@interface NSProcessInfo : NSObject
@property (class, readonly, strong) NSProcessInfo *processInfo;
// "Version 14.2.1 (Build 23C71)": human-readable, not for parsing (Apple), but it carries the build.
@property (readonly, copy) NSString *operatingSystemVersionString;
@end

NS_ASSUME_NONNULL_END

#endif // CU2M_STUB_FOUNDATION_H
