// cu2metal's cuRAND host API (native/include/curand.h), written from cuRAND's documentation: the
// generators are those of our device API (native/include/curand_kernel.h) run on the host CPU.
// A generation first waits for the work queued on the generator's stream (curandSetStream), as a
// GPU would run it after that work, then writes its results synchronously (device memory is
// host-visible on every backend).
//
// Order of the values (docs/DESIGN.md, "cuRAND", host API order): cuRAND's, as an H100 printed
// it (test/fixtures/gpu/curandprobe.cu): the output is dealt out in units to T threads, each on
// its own subsequence of the device API, unit q to thread q mod T as its (q div T)-th unit.
// Philox4_32_10: T = 65536, units of 4 (one curand4 block; 4 doubles from two blocks).
// XORWOW: T = 4096, units of one value (a pair for normals). MRG32k3a: T = 81920 with the default
// ordering, 4096 with the legacy one, units as XORWOW's. The position in that layout is the
// generator's offset plus what it generated since, counted in values for Philox and in units for
// XORWOW and MRG32k3a (a normal pair advances it by one; an H100's order, the gpulibs probe).
// Not cuRAND's: XORWOW's SEEDED ordering and
// Poisson values (another algorithm), which take one stream, curand_init(seed, 0, position).
#include <cmath>
#include <new>

#include "../include/curand.h"
#include "../include/curand_kernel.h"

struct curandGenerator_st {
  curandRngType_t type = CURAND_RNG_PSEUDO_XORWOW;
  bool host = false;
  cudaStream_t stream = nullptr;
  unsigned long long seed = 0, offset = 0;
  unsigned long long position = 0;  // in the layout: offset + what was generated since (values or units)
  curandOrdering_t order = CURAND_ORDERING_PSEUDO_DEFAULT;
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

/** Waits for the work queued on the generator's stream. */
curandStatus_t begin(curandGenerator_t g)
{
  if (!g) return CURAND_STATUS_NOT_INITIALIZED;
  if (!g->host && cudaStreamSynchronize(g->stream) != cudaSuccess) return CURAND_STATUS_PREEXISTING_FAILURE;
  return CURAND_STATUS_SUCCESS;
}

/** What a generation makes: raw values, uniforms, normals (and log-normals), in float or double. */
enum class Kind { Bits, Uniform, UniformDouble, Normal, NormalDouble };

/** The layout of one generation: `threads` subsequences, units of `group` elements, each unit
    computed from the next `stride` values of its thread's subsequence. */
struct Layout {
  unsigned long long threads;
  unsigned group, stride;
};

Layout layoutOf(const curandGenerator_st &g, Kind k)
{
  const bool dbl = k == Kind::UniformDouble || k == Kind::NormalDouble, normal = k == Kind::Normal || k == Kind::NormalDouble;
  switch (g.type) {
    case CURAND_RNG_PSEUDO_PHILOX4_32_10:
      return {65536, 4, dbl ? 8u : 4u};
    case CURAND_RNG_PSEUDO_MRG32K3A:
      return {g.order == CURAND_ORDERING_PSEUDO_LEGACY ? 4096ULL : 81920ULL, normal ? 2u : 1u, normal ? 2u : 1u};
    default:  // XORWOW: a double takes two values, a normal pair two (four in double)
      return {4096, normal ? 2u : 1u, (normal ? 2u : 1u) * (dbl ? 2u : 1u)};
  }
}

/** One unit of `kind` from the state: `group` elements (as double) into out. */
void unit(curandStatePhilox4_32_10_t *s, Kind k, double *out)
{
  switch (k) {
    case Kind::Bits: { uint4 v = curand4(s); out[0] = v.x; out[1] = v.y; out[2] = v.z; out[3] = v.w; break; }
    case Kind::Uniform: { float4 v = curand_uniform4(s); out[0] = v.x; out[1] = v.y; out[2] = v.z; out[3] = v.w; break; }
    case Kind::Normal: { float4 v = curand_normal4(s); out[0] = v.x; out[1] = v.y; out[2] = v.z; out[3] = v.w; break; }
    case Kind::UniformDouble:
      for (int h = 0; h < 2; ++h) { double2 v = curand_uniform2_double(s); out[2 * h] = v.x; out[2 * h + 1] = v.y; }
      break;
    case Kind::NormalDouble:
      for (int h = 0; h < 2; ++h) { double2 v = curand_normal2_double(s); out[2 * h] = v.x; out[2 * h + 1] = v.y; }
      break;
  }
}
template <typename S>
void unit(S *s, Kind k, double *out)
{
  switch (k) {
    case Kind::Bits: out[0] = curand(s); break;
    case Kind::Uniform: out[0] = curand_uniform(s); break;
    case Kind::UniformDouble: out[0] = curand_uniform_double(s); break;
    case Kind::Normal: { float2 v = curand_normal2(s); out[0] = v.x; out[1] = v.y; break; }
    case Kind::NormalDouble: { double2 v = curand_normal2_double(s); out[0] = v.x; out[1] = v.y; break; }
  }
}

/** Philox counts the position in values, XORWOW and MRG32k3a in units (pairs of normals). */
bool positionInUnits(const curandGenerator_st &g) { return g.type != CURAND_RNG_PSEUDO_PHILOX4_32_10; }

/** n elements of the layout from the generator's position, each handed to put(i, value). */
template <typename S, typename Put>
void dealt(const curandGenerator_st &g, Kind k, size_t n, Put &&put)
{
  if (n == 0) return;
  const Layout L = layoutOf(g, k);
  const unsigned long long start = positionInUnits(g) ? g.position * L.group : g.position;
  const unsigned long long first = start, end = start + n;
  const unsigned long long q0 = first / L.group, q1 = (end - 1) / L.group;
  double buf[4];
  for (unsigned long long t = 0; t < L.threads; ++t) {
    // This thread's first unit at or after q0; its units follow one another in its subsequence.
    const unsigned long long q = q0 + (t + L.threads - q0 % L.threads) % L.threads;
    if (q > q1) continue;
    S s;
    curand_init(g.seed, t, (q / L.threads) * L.stride, &s);
    for (unsigned long long u = q; u <= q1; u += L.threads) {
      unit(&s, k, buf);
      for (unsigned j = 0; j < L.group; ++j) {
        const unsigned long long p = u * L.group + j;
        if (p >= first && p < end) put(size_t(p - first), buf[j]);
      }
    }
  }
}

/** One stream, curand_init(seed, 0, position): XORWOW's SEEDED ordering, and Poisson values. */
bool oneStream(const curandGenerator_st &g) { return g.type == CURAND_RNG_PSEUDO_XORWOW && g.order == CURAND_ORDERING_PSEUDO_SEEDED; }

template <typename Put>
curandStatus_t generate(curandGenerator_t g, Kind k, size_t n, Put &&put)
{
  curandStatus_t st = begin(g);
  if (st != CURAND_STATUS_SUCCESS) return st;
  if (oneStream(*g)) {
    curandStateXORWOW_t s;
    curand_init(g->seed, 0ULL, g->position, &s);
    double buf[2];
    const unsigned group = k == Kind::Normal || k == Kind::NormalDouble ? 2 : 1;
    for (size_t i = 0; i < n; i += group) {
      unit(&s, k, buf);
      for (unsigned j = 0; j < group && i + j < n; ++j) put(i + j, buf[j]);
    }
  } else if (g->type == CURAND_RNG_PSEUDO_XORWOW) {
    dealt<curandStateXORWOW_t>(*g, k, n, put);
  } else if (g->type == CURAND_RNG_PSEUDO_PHILOX4_32_10) {
    dealt<curandStatePhilox4_32_10_t>(*g, k, n, put);
  } else {
    dealt<curandStateMRG32k3a_t>(*g, k, n, put);
  }
  g->position += positionInUnits(*g) ? (n + layoutOf(*g, k).group - 1) / layoutOf(*g, k).group : n;
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

// A new seed, offset or ordering starts the values again at the offset.
curandStatus_t curandSetPseudoRandomGeneratorSeed(curandGenerator_t g, unsigned long long seed)
{
  if (!g) return CURAND_STATUS_NOT_INITIALIZED;
  g->seed = seed;
  g->position = g->offset;
  return CURAND_STATUS_SUCCESS;
}

curandStatus_t curandSetGeneratorOffset(curandGenerator_t g, unsigned long long offset)
{
  if (!g) return CURAND_STATUS_NOT_INITIALIZED;
  g->offset = offset;
  g->position = offset;
  return CURAND_STATUS_SUCCESS;
}

curandStatus_t curandSetGeneratorOrdering(curandGenerator_t g, curandOrdering_t order)
{
  if (!g) return CURAND_STATUS_NOT_INITIALIZED;
  // SEEDED is XORWOW's only; DYNAMIC takes the default layout.
  if (order == CURAND_ORDERING_QUASI_DEFAULT || (order == CURAND_ORDERING_PSEUDO_SEEDED && g->type != CURAND_RNG_PSEUDO_XORWOW)) return CURAND_STATUS_OUT_OF_RANGE;
  if (order < CURAND_ORDERING_PSEUDO_BEST || order > CURAND_ORDERING_PSEUDO_DYNAMIC) return CURAND_STATUS_OUT_OF_RANGE;
  g->order = order;
  g->position = g->offset;
  return CURAND_STATUS_SUCCESS;
}

curandStatus_t curandGenerateSeeds(curandGenerator_t g) { return begin(g); }

curandStatus_t curandGenerate(curandGenerator_t g, unsigned int *out, size_t n)
{
  return generate(g, Kind::Bits, n, [&](size_t i, double v) { out[i] = (unsigned int)v; });
}

curandStatus_t curandGenerateUniform(curandGenerator_t g, float *out, size_t n)
{
  return generate(g, Kind::Uniform, n, [&](size_t i, double v) { out[i] = (float)v; });
}

curandStatus_t curandGenerateUniformDouble(curandGenerator_t g, double *out, size_t n)
{
  return generate(g, Kind::UniformDouble, n, [&](size_t i, double v) { out[i] = v; });
}

// Normals come in Box-Muller pairs: n must be even, as cuRAND requires of pseudo-random generators.
// The float results are computed in float (mean + stddev * v), as cuRAND's host generators do.
curandStatus_t curandGenerateNormal(curandGenerator_t g, float *out, size_t n, float mean, float stddev)
{
  if (n % 2) return CURAND_STATUS_LENGTH_NOT_MULTIPLE;
  return generate(g, Kind::Normal, n, [&](size_t i, double v) { out[i] = mean + stddev * (float)v; });
}

curandStatus_t curandGenerateNormalDouble(curandGenerator_t g, double *out, size_t n, double mean, double stddev)
{
  if (n % 2) return CURAND_STATUS_LENGTH_NOT_MULTIPLE;
  return generate(g, Kind::NormalDouble, n, [&](size_t i, double v) { out[i] = mean + stddev * v; });
}

curandStatus_t curandGenerateLogNormal(curandGenerator_t g, float *out, size_t n, float mean, float stddev)
{
  if (n % 2) return CURAND_STATUS_LENGTH_NOT_MULTIPLE;
  return generate(g, Kind::Normal, n, [&](size_t i, double v) { out[i] = expf(mean + stddev * (float)v); });
}

curandStatus_t curandGenerateLogNormalDouble(curandGenerator_t g, double *out, size_t n, double mean, double stddev)
{
  if (n % 2) return CURAND_STATUS_LENGTH_NOT_MULTIPLE;
  return generate(g, Kind::NormalDouble, n, [&](size_t i, double v) { out[i] = exp(mean + stddev * v); });
}

// Poisson values (not cuRAND's algorithm) come from one stream, curand_init(seed, 0, position).
curandStatus_t curandGeneratePoisson(curandGenerator_t g, unsigned int *out, size_t n, double lambda)
{
  if (!(lambda > 0.0)) return CURAND_STATUS_OUT_OF_RANGE;
  curandStatus_t st = begin(g);
  if (st != CURAND_STATUS_SUCCESS) return st;
  auto run = [&](auto *s) {
    curand_init(g->seed, 0ULL, g->position, s);
    for (size_t i = 0; i < n; ++i) out[i] = curand_poisson(s, lambda);
  };
  if (g->type == CURAND_RNG_PSEUDO_XORWOW) { curandStateXORWOW_t s; run(&s); }
  else if (g->type == CURAND_RNG_PSEUDO_PHILOX4_32_10) { curandStatePhilox4_32_10_t s; run(&s); }
  else { curandStateMRG32k3a_t s; run(&s); }
  g->position += n;
  return CURAND_STATUS_SUCCESS;
}
