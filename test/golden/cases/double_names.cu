// double1 and CUDA 13's double4_16a / double4_32a: structs of software doubles with CUDA's layouts.
struct Particle {
  double1 mass;
  double4_32a state;
};

__global__ void advance(Particle* p, const double4_16a* force, double dt) {
  int i = threadIdx.x;
  double4_16a f = force[i];
  double1 m = p[i].mass;
  p[i].state = make_double4_32a(p[i].state.x + dt * f.x / m.x, p[i].state.y + dt * f.y / m.x, p[i].state.z, p[i].state.w + dt);
  p[i].mass = make_double1(m.x * 0.5);
}
