// cu2metal's cuRAND host API (native/include/curand.h), written from cuRAND's documentation: the
// generators are those of our device API (native/include/curand_kernel.h) run on the host CPU.
// A generation first waits for the work queued on the generator's stream (curandSetStream), as a
// GPU would run it after that work, then writes its results synchronously (device memory is
// host-visible on every backend).
//
// Order of the values (docs/DESIGN.md, "cuRAND"): one stream per generator, the device API's
// curand_init(seed, 0, offset) state, continued from one generation to the next. Philox4_32_10's
// values are cuRAND's; XORWOW's and MRG32k3a's come in another order than cuRAND's (it interleaves
// many subsequences), with the same distribution.
#include <cmath>
#include <new>

#include "../include/curand.h"
#include "../include/curand_kernel.h"

struct curandGenerator_st {
  curandRngType_t type = CURAND_RNG_PSEUDO_XORWOW;
  bool host = false;
  cudaStream_t stream = nullptr;
  unsigned long long seed = 0, offset = 0;
  curandOrdering_t order = CURAND_ORDERING_PSEUDO_DEFAULT;
  bool fresh = false;  // the state matches seed and offset
  curandStateXORWOW_t xorwow;
  curandStatePhilox4_32_10_t philox;
  curandStateMRG32k3a_t mrg;
};

namespace {

curandStatus_t create(curandGenerator_t *g, curandRngType_t type, bool host)
{
  if (!g) return CURAND_STATUS_NOT_INITIALIZED;
  if (type == CURAND_RNG_PSEUDO_DEFAULT) type = CURAND_RNG_PSEUDO_XORWOW;
  if (type != CURAND_RNG_PSEUDO_XORWOW && type != CURAND_RNG_PSEUDO_PHILOX4_32_10 && type != CURAND_RNG_PSEUDO_MRG32K3A) return CURAND_STATUS_TYPE_ERROR;
  curandGenerator_t r = new (std::nothrow) curandGenerator_st;
  if (!r) return CURAND_STATUS_ALLOCATION_FAILED;
  r->type = type;
  r->host = host;
  *g = r;
  return CURAND_STATUS_SUCCESS;
}

/** Waits for the stream's work and (re)initialises the state after a new seed or offset. */
curandStatus_t begin(curandGenerator_t g)
{
  if (!g) return CURAND_STATUS_NOT_INITIALIZED;
  if (!g->host && cudaStreamSynchronize(g->stream) != cudaSuccess) return CURAND_STATUS_PREEXISTING_FAILURE;
  if (!g->fresh) {
    if (g->type == CURAND_RNG_PSEUDO_XORWOW) curand_init(g->seed, 0ULL, g->offset, &g->xorwow);
    else if (g->type == CURAND_RNG_PSEUDO_PHILOX4_32_10) curand_init(g->seed, 0ULL, g->offset, &g->philox);
    else curand_init(g->seed, 0ULL, g->offset, &g->mrg);
    g->fresh = true;
  }
  return CURAND_STATUS_SUCCESS;
}

template <typename F>
curandStatus_t generate(curandGenerator_t g, F &&f)
{
  curandStatus_t s = begin(g);
  if (s != CURAND_STATUS_SUCCESS) return s;
  if (g->type == CURAND_RNG_PSEUDO_XORWOW) f(&g->xorwow);
  else if (g->type == CURAND_RNG_PSEUDO_PHILOX4_32_10) f(&g->philox);
  else f(&g->mrg);
  return CURAND_STATUS_SUCCESS;
}

}  // namespace

curandStatus_t curandCreateGenerator(curandGenerator_t *g, curandRngType_t type) { return create(g, type, false); }
curandStatus_t curandCreateGeneratorHost(curandGenerator_t *g, curandRngType_t type) { return create(g, type, true); }

curandStatus_t curandDestroyGenerator(curandGenerator_t g)
{
  if (!g) return CURAND_STATUS_NOT_INITIALIZED;
  delete g;
  return CURAND_STATUS_SUCCESS;
}

curandStatus_t curandGetVersion(int *version)
{
  if (!version) return CURAND_STATUS_NOT_INITIALIZED;
  *version = 10000;
  return CURAND_STATUS_SUCCESS;
}

curandStatus_t curandSetStream(curandGenerator_t g, cudaStream_t stream)
{
  if (!g) return CURAND_STATUS_NOT_INITIALIZED;
  g->stream = stream;
  return CURAND_STATUS_SUCCESS;
}

curandStatus_t curandSetPseudoRandomGeneratorSeed(curandGenerator_t g, unsigned long long seed)
{
  if (!g) return CURAND_STATUS_NOT_INITIALIZED;
  g->seed = seed;
  g->fresh = false;
  return CURAND_STATUS_SUCCESS;
}

curandStatus_t curandSetGeneratorOffset(curandGenerator_t g, unsigned long long offset)
{
  if (!g) return CURAND_STATUS_NOT_INITIALIZED;
  g->offset = offset;
  g->fresh = false;
  return CURAND_STATUS_SUCCESS;
}

curandStatus_t curandSetGeneratorOrdering(curandGenerator_t g, curandOrdering_t order)
{
  if (!g) return CURAND_STATUS_NOT_INITIALIZED;
  // Every pseudo-random ordering gives the one stream described above; SEEDED is XORWOW's only.
  if (order == CURAND_ORDERING_QUASI_DEFAULT || (order == CURAND_ORDERING_PSEUDO_SEEDED && g->type != CURAND_RNG_PSEUDO_XORWOW)) return CURAND_STATUS_OUT_OF_RANGE;
  if (order < CURAND_ORDERING_PSEUDO_BEST || order > CURAND_ORDERING_PSEUDO_DYNAMIC) return CURAND_STATUS_OUT_OF_RANGE;
  g->order = order;
  g->fresh = false;
  return CURAND_STATUS_SUCCESS;
}

curandStatus_t curandGenerateSeeds(curandGenerator_t g) { return begin(g); }

curandStatus_t curandGenerate(curandGenerator_t g, unsigned int *out, size_t n)
{
  return generate(g, [&](auto *s) { for (size_t i = 0; i < n; ++i) out[i] = curand(s); });
}

curandStatus_t curandGenerateUniform(curandGenerator_t g, float *out, size_t n)
{
  return generate(g, [&](auto *s) { for (size_t i = 0; i < n; ++i) out[i] = curand_uniform(s); });
}

curandStatus_t curandGenerateUniformDouble(curandGenerator_t g, double *out, size_t n)
{
  return generate(g, [&](auto *s) { for (size_t i = 0; i < n; ++i) out[i] = curand_uniform_double(s); });
}

// Normals come in Box-Muller pairs: n must be even, as cuRAND requires of pseudo-random generators.
curandStatus_t curandGenerateNormal(curandGenerator_t g, float *out, size_t n, float mean, float stddev)
{
  if (n % 2) return CURAND_STATUS_LENGTH_NOT_MULTIPLE;
  return generate(g, [&](auto *s) {
    for (size_t i = 0; i < n; i += 2) {
      float2 v = curand_normal2(s);
      out[i] = mean + stddev * v.x;
      out[i + 1] = mean + stddev * v.y;
    }
  });
}

curandStatus_t curandGenerateNormalDouble(curandGenerator_t g, double *out, size_t n, double mean, double stddev)
{
  if (n % 2) return CURAND_STATUS_LENGTH_NOT_MULTIPLE;
  return generate(g, [&](auto *s) {
    for (size_t i = 0; i < n; i += 2) {
      double2 v = curand_normal2_double(s);
      out[i] = mean + stddev * v.x;
      out[i + 1] = mean + stddev * v.y;
    }
  });
}

curandStatus_t curandGenerateLogNormal(curandGenerator_t g, float *out, size_t n, float mean, float stddev)
{
  if (n % 2) return CURAND_STATUS_LENGTH_NOT_MULTIPLE;
  return generate(g, [&](auto *s) {
    for (size_t i = 0; i < n; i += 2) {
      float2 v = curand_normal2(s);
      out[i] = expf(mean + stddev * v.x);
      out[i + 1] = expf(mean + stddev * v.y);
    }
  });
}

curandStatus_t curandGenerateLogNormalDouble(curandGenerator_t g, double *out, size_t n, double mean, double stddev)
{
  if (n % 2) return CURAND_STATUS_LENGTH_NOT_MULTIPLE;
  return generate(g, [&](auto *s) {
    for (size_t i = 0; i < n; i += 2) {
      double2 v = curand_normal2_double(s);
      out[i] = exp(mean + stddev * v.x);
      out[i + 1] = exp(mean + stddev * v.y);
    }
  });
}

curandStatus_t curandGeneratePoisson(curandGenerator_t g, unsigned int *out, size_t n, double lambda)
{
  if (!(lambda > 0.0)) return CURAND_STATUS_OUT_OF_RANGE;
  return generate(g, [&](auto *s) { for (size_t i = 0; i < n; ++i) out[i] = curand_poisson(s, lambda); });
}
