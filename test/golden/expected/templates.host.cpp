// templates.cu host program rewritten by cu2metal: kernels run through the cu2metal runtime.
#include <cuda_runtime.h>
#include <string>
#include <type_traits>
static inline std::string cu2mTemplateInstanceName(const char* base, const char* pretty) {
  std::string p(pretty), out(base);
  std::size_t open = p.rfind('[');
  if (open == std::string::npos) return out;
  std::string list = p.substr(open + 1, p.size() - open - 2);
  if (list.compare(0, 5, "with ") == 0) list = list.substr(5);
  int depth = 0;
  std::string arg;
  auto flush = [&]() {
    std::size_t eq = arg.find(" = ");
    std::string v = eq == std::string::npos ? arg : arg.substr(eq + 3);
    std::string w;
    bool sep = false;
    for (char c : v) {
      if (c == '-') c = 'm';
      bool id = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (id) { if (sep && !w.empty()) w += '_'; w += c; sep = false; } else sep = true;
    }
    while (!w.empty() && w.front() == '_') w.erase(0, 1);
    std::size_t d = w[0] == 'm' ? 1 : 0, e = d;
    while (e < w.size() && w[e] >= '0' && w[e] <= '9') e++;
    if (e > d && w.find_first_not_of("uUlL", e) == std::string::npos) w.resize(e); // 128U, 128u -> 128
    out += "_" + w;
    arg.clear();
  };
  for (char c : list) {
    if (c == '<' || c == '(' || c == '[') depth++;
    if (c == '>' || c == ')' || c == ']') depth--;
    if ((c == ',' || c == ';') && depth == 0) { flush(); continue; }
    if (arg.empty() && c == ' ') continue;
    arg += c;
  }
  if (!arg.empty()) flush();
  return out;
}
/* The name, kept for the life of the program (one per instance, set once when it registers). */
static inline const char* cu2mTemplateInstanceNameOnce(const char* base, const char* pretty) { return (new std::string(cu2mTemplateInstanceName(base, pretty)))->c_str(); }
template <class T> constexpr unsigned cu2mTemplateElem() {
  return std::is_same<T, float>::value ? CU2M_ELEM_F32 : std::is_same<T, double>::value ? CU2M_ELEM_F64
    : std::is_same<T, signed char>::value || std::is_same<T, char>::value ? CU2M_ELEM_I8 : std::is_same<T, unsigned char>::value ? CU2M_ELEM_U8
    : std::is_same<T, short>::value ? CU2M_ELEM_I16 : std::is_same<T, unsigned short>::value ? CU2M_ELEM_U16
    : std::is_same<T, int>::value ? CU2M_ELEM_I32 : std::is_same<T, unsigned>::value ? CU2M_ELEM_U32
    : std::is_same<T, long long>::value || std::is_same<T, long>::value ? CU2M_ELEM_I64
    : std::is_same<T, unsigned long long>::value || std::is_same<T, unsigned long>::value ? CU2M_ELEM_U64 : CU2M_ELEM_BYTES;
}
template <class T> constexpr unsigned cu2mTemplateElemSize() { return cu2mTemplateElem<T>() == CU2M_ELEM_BYTES ? 0u : unsigned(sizeof(T)); }
#line 1 "templates.cu"
// Templates in device code: kept as templates, with explicit instances for what the host launches.
#include <cuda_runtime.h>

#define TILE 64

template <typename T>
struct Pair {
    T lo, hi;
};




// A device function template taking pointers: instantiated per address space by Metal.









template <typename T, unsigned int BLOCK>
/* __global__ sortPairs: device code translated to Metal (see the .metal file); this host stub launches it */
void sortPairs(T *data, Pair<T> *ranges, int n) {
  static constexpr const char* cu2m_pretty = __PRETTY_FUNCTION__;
  static const cu2m_param_info cu2m_params[] = {{"data", CU2M_ARG_BUFFER, sizeof(void*), cu2mTemplateElem<std::remove_cv_t<std::remove_pointer_t<std::decay_t<decltype(data)>>>>(), cu2mTemplateElemSize<std::remove_cv_t<std::remove_pointer_t<std::decay_t<decltype(data)>>>>(), 1u}, {"ranges", CU2M_ARG_BUFFER, sizeof(void*), cu2mTemplateElem<std::remove_cv_t<std::remove_pointer_t<std::decay_t<decltype(ranges)>>>>(), cu2mTemplateElemSize<std::remove_cv_t<std::remove_pointer_t<std::decay_t<decltype(ranges)>>>>(), 1u}, {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}};
  static cu2m_kernel_info cu2m_kernel = {nullptr, "templates.cu", 25u, 3u, cu2m_params, CU2M_KERNEL_USES_BARRIERS, 0u};
  struct cu2m_registration { static const cu2m_kernel_info* get() { if (!cu2m_kernel.name) cu2m_kernel.name = cu2mTemplateInstanceNameOnce("sortPairs", cu2m_pretty); return &cu2m_kernel; } };
  (void)::cu2m::KernelRegistration<&sortPairs<T, BLOCK>, cu2m_registration>::registered;
  void* cu2m_args[] = {(void*)&data, (void*)&ranges, (void*)&n};
  cu2mLaunchKernel(cu2m_registration::get(), cu2m_args);
}
#line 41 "templates.cu"

template <bool CLAMP>
/* __global__ relu: device code translated to Metal (see the .metal file); this host stub launches it */
void relu(float *x, int n) {
  static constexpr const char* cu2m_pretty = __PRETTY_FUNCTION__;
  static const cu2m_param_info cu2m_params[] = {{"x", CU2M_ARG_BUFFER, sizeof(void*), CU2M_ELEM_F32, 4u, 1u}, {"n", CU2M_ARG_SCALAR, sizeof(n), CU2M_ELEM_BYTES, 0u, 0u}};
  static cu2m_kernel_info cu2m_kernel = {nullptr, "templates.cu", 43u, 2u, cu2m_params, 0u, 0u};
  struct cu2m_registration { static const cu2m_kernel_info* get() { if (!cu2m_kernel.name) cu2m_kernel.name = cu2mTemplateInstanceNameOnce("relu", cu2m_pretty); return &cu2m_kernel; } };
  (void)::cu2m::KernelRegistration<&relu<CLAMP>, cu2m_registration>::registered;
  void* cu2m_args[] = {(void*)&x, (void*)&n};
  cu2mLaunchKernel(cu2m_registration::get(), cu2m_args);
}
#line 50 "templates.cu"

template <typename T>
void launchSort(T *d, Pair<T> *r, int n)
{
    (cu2mPushCallConfiguration((n + TILE - 1) / TILE, TILE), sortPairs<T, TILE>(d, r, n)); // instance known after the host compile
}

void run(float *d, Pair<float> *r, int *di, Pair<int> *ri, int n)
{
    (cu2mPushCallConfiguration((n + 127) / 128, 128), sortPairs<float, 128>(d, r, n));
    (cu2mPushCallConfiguration((n + TILE - 1) / TILE, TILE), sortPairs<int, TILE>(di, ri, n));
    (cu2mPushCallConfiguration(1, 32), relu<true>(d, n));
    (cu2mPushCallConfiguration(1, 32), relu<false>(d, n));
    launchSort(d, r, n);
}
