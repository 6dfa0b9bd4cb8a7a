// Address spaces real programs need: null and commented arguments, `c ? a : b` references,
// array members, `auto` pointers, members pointing into their object, string literals, helpers
// returning pointers (one overload per space).
struct Fe {
  unsigned n[4];
};

struct Block {
  unsigned state[4];
  __device__ Block(const unsigned char *key) {
    const unsigned char *magic = (const unsigned char *)"expa";
    for (int i = 0; i < 4; i++) state[i] = key[i] ^ magic[i];
  }
  __device__ void step() {
    unsigned *counter = state + 3;
    counter[0]++;
  }
};

__device__ void fe_add(unsigned *r, const unsigned *a) {
  for (int i = 0; i < 4; i++) r[i] += a[i];
}

__device__ float total(float *partial, const float *in, int n) {
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += in[i];
  if (partial) *partial = s;
  return s;
}

__device__ bool before(const int &a, const int &b) { return a < b; }

__device__ float *row_of(float *base, int row, int width) { return base + row * width; }

__global__ void spaces(Fe *fe, const float *in, float *out, const unsigned char *keys, int width) {
  __shared__ float tile[64];
  int t = threadIdx.x;
  Fe local = fe[t];
  fe_add(local.n, fe[t + 1].n);
  fe_add(fe[t].n, local.n);
  out[t] = total(/* partial */ nullptr, in + t, 4) + total(NULL, in, 2);
  int a = t, b = width - t;
  bool f = (t & 1) == 0;
  out[t] += before(f ? a : b, f ? b : a) ? 1.0f : 0.0f;
  const auto src = in + 2 * t;
  float2 v = *(reinterpret_cast<const float2 *>(src));
  tile[t] = v.x + v.y;
  __syncthreads();
  float *r = row_of(tile, t / width, width);
  *row_of(out, 1, width) = r[0];
  Block blk(keys + 4 * t);
  blk.step();
  out[t] += blk.state[3];
}
