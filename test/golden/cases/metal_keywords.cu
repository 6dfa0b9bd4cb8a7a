// Kernels, types, template parameters and functions named with Metal's keywords or metal::
// function names: `kernel_`, `fragment_`, `length_` in the MSL (their host names too), `sampler_`,
// `device_`/`threadgroup_` in the template heads as in the bodies; the program's own template
// `distance` is called as `::distance`.
struct sampler { float weight; };

template <typename device>
__device__ device distance(device a, device b) { return a > b ? a - b : b - a; }

template <int threadgroup>
__global__ void kernel(const float* in, float* out, int n, sampler s) {
  __shared__ float constant[threadgroup];
  int vertex = blockIdx.x * blockDim.x + threadIdx.x;
  constant[threadIdx.x] = vertex < n ? in[vertex] : 0.0f;
  __syncthreads();
  if (vertex < n) out[vertex] = s.weight * distance(constant[threadIdx.x], 1.0f) + threadgroup;
}

__global__ void fragment(int* mesh, int n) {
  int thread = blockIdx.x * blockDim.x + threadIdx.x;
  if (thread < n) mesh[thread] = distance(thread, 10);
}

template <typename T>
__global__ void length(const T* v, T* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = distance(v[i], T(0));
}

void launch(const float* in, float* out, int* mesh, int n) {
  kernel<128><<<(n + 127) / 128, 128>>>(in, out, n, sampler{2.0f});
  fragment<<<(n + 127) / 128, 128>>>(mesh, n);
  length<float><<<(n + 127) / 128, 128>>>(in, out, n);
}
