# node-gyp build of the native launcher addon (src/api/ loads build/Release/cu2metal_native.node).
# The addon links the runtime core in directly: the native/runtime and native/cpu sources below
# must be exactly the list in native/runtime/sources.txt (test/api/binding.test.ts checks it).
{
  'targets': [
    {
      'target_name': 'cu2metal_native',
      'sources': [
        'native/addon/addon.cc',
        'native/addon/buffer.cc',
        'native/addon/device.cc',
        'native/addon/errors.cc',
        'native/addon/module.cc',
        # runtime core: keep in sync with native/runtime/sources.txt
        'native/runtime/runtime.cpp',
        'native/runtime/cuda_api.cpp',
        'native/runtime/registry.cpp',
        'native/runtime/graph.cpp',
        'native/runtime/trace.cpp',
        'native/runtime/symbols.cpp',
        'native/runtime/printf.cpp',
        'native/runtime/texture.cpp',
        'native/runtime/peer.cpp',
        'native/runtime/cublas.cpp',
        'native/runtime/cusparse.cpp',
        'native/runtime/curand.cpp',
        'native/runtime/cpu_backend.cpp',
        'native/cpu/scheduler.cpp',
        'native/cpu/divzero.cpp',
      ],
      'include_dirs': [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        'native/include',
        'native',
      ],
      'defines': [
        'NAPI_VERSION=8',
        'NAPI_CPP_EXCEPTIONS',
        'NODE_ADDON_API_CPP_EXCEPTIONS_ALL',
        'NODE_ADDON_API_DISABLE_DEPRECATED',
      ],
      # Boost.Context fibers (native/cpu/scheduler.cpp) need C++ exceptions; node's common.gypi
      # turns them (and RTTI) off, and picks gnu++17.
      'cflags!': ['-fno-exceptions'],
      'cflags_cc!': ['-fno-exceptions', '-fno-rtti', '-std=gnu++17'],
      'cflags_cc': ['-fexceptions', '-frtti', '-std=c++17'],
      'libraries': ['-ldl', '-lpthread', '-lboost_context'],
      'conditions': [
        # macOS: the Metal backend (native/runtime/cpu_backend.cpp's createBackend calls its
        # createMetalBackend when CU2M_HAVE_METAL is defined).
        ['OS=="mac"', {
          'sources': ['native/metal/metal_backend.mm'],
          'defines': ['CU2M_HAVE_METAL=1'],
          'include_dirs': ['/opt/homebrew/include', '/usr/local/include'],
          # Boost from Homebrew (Apple silicon, then Intel prefixes).
          'libraries': ['-L/opt/homebrew/lib', '-L/usr/local/lib'],
          'xcode_settings': {
            'GCC_ENABLE_CPP_EXCEPTIONS': 'YES',
            'GCC_ENABLE_CPP_RTTI': 'YES',
            'CLANG_CXX_LANGUAGE_STANDARD': 'c++17',
            'CLANG_CXX_LIBRARY': 'libc++',
            'CLANG_ENABLE_OBJC_ARC': 'YES', # -fobjc-arc for the .mm only
            'MACOSX_DEPLOYMENT_TARGET': '13.0',
            # CoreGraphics: a command-line process gets MTLCreateSystemDefaultDevice() only with it.
            'OTHER_LDFLAGS': ['-framework Metal', '-framework Foundation', '-framework CoreGraphics'],
          },
        }],
      ],
    },
  ],
}
