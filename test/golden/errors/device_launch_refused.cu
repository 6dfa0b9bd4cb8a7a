// Launches from device code that are refused, each at its line.
template <typename T> __global__ void fillT(T *p, T v) { p[threadIdx.x] = v; }

__global__ void byRef(int **table) { table[0][0] = 1; }

__global__ void parent(float *p, int **table) {
  fillT<float><<<1, 32>>>(p, 1.0f);
  byRef<<<1, 1>>>(table);
  cudaDeviceSynchronize();
}

int main() {
  parent<<<1, 1>>>(nullptr, nullptr);
  return 0;
}
