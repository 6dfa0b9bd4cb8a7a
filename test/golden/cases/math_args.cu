// Float math with integer and struct-field arguments: converted so Metal's half/float overloads
// are never ambiguous (src/translate/function.ts floatArgs).
struct Stats { int steps; unsigned long count; float w; };

__global__ void mathArgs(float* o, const int* a, const float* f, unsigned long n, Stats s, size_t z) {
  long long big = 5;
  char c = 3;
  bool flag = true;
  o[0] = sqrtf(n) + sqrt(z) + log(s.steps) + logf(s.count) + logf(s.w);
  o[1] = sqrtf(big) + sqrtf(c) + expf(a[0]) + expf(f[0]) + sqrtf(flag) + sqrtf((long)n);
  o[2] = (isnan(a[1]) ? 1.f : 0.f) + (isinf(f[1]) ? 1.f : 0.f) + powf(2, 3L) + sqrtf(threadIdx.x) + ldexpf(n, 3);
}

int main() { return 0; }
