// cuRAND (native/include/curand_kernel.h, native/include/curand.h + native/runtime/curand.cpp):
// self-checking programs that use the device API in kernels and the host API the ways programs do,
// on both CPU backends (the MSL of our header, and the header compiled as CUDA), diffed copy by copy.
import * as path from 'node:path';
import { describe } from 'node:test';
import { selfCheckingOnBothBackends } from '../helpers/cli';

describe('cuRAND device API (curand_kernel.h)', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'curand', 'device_api.cu'), 'XORWOW states in device memory over two launches, Philox uniform4/normal4 in registers seeded from a std::pair kernel parameter, MRG32k3a doubles, log-normals and Poisson; offsets, skipahead and subsequences agree with stepping; curand_normal keeps the pair\'s second value', { copies: 15 });
});

describe('cuRAND host API (curand.h)', () => {
  selfCheckingOnBothBackends(path.join('test', 'fixtures', 'curand', 'host_api.cu'), 'device and host generators of each type agree, offsets, generations on a stream after a kernel continue one another, every distribution\'s moments, the order of the values (the device API\'s subsequences dealt out as an H100 deals them: Philox, XORWOW, legacy MRG32k3a; XORWOW\'s position counted in units), an odd count of normals is refused', { copies: 29 });
});
