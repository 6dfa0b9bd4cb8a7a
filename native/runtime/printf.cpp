// Device printf and assert. Translated kernels append records to one runtime buffer, bound to
// every kernel that prints as the symbol "cu2m_printf_buffer" (CU2M_ARG_SYMBOL); the runtime
// drains it after each launch on the CPU backends (their launches complete before launch()
// returns) and at synchronising calls, formats the records and prints them in block order
// (threads of one block in the order they ran), as CUDA's printf FIFO does at synchronisation.
//
// Buffer layout (uint32 words):
//   [0] next free word (atomic)  [1] capacity in words  [2] records dropped (atomic)  [3] magic
//   [4] clock ticket of the Metal backend (src/translate/printf.ts)  [5..7] reserved
//   records: [words, id, block, flags, payload...]
//     flags 0: id names a format string registered by the host program (cu2mRegisterPrintfString,
//              ids are a hash the translator computed from the literal); payload = 3 words per
//              argument: tag (0 signed, 1 unsigned, 2 float bits, 3 string id, 4 pointer, 5 double bits,
//              6 a string in the record: lo = its word offset in the payload, hi = its bytes), lo, hi;
//              the strings of tag 6 follow the arguments, NUL-padded to words
//     flags & TEXT: payload = [bytes, text...] formatted by the device (the cuda-cpu reference)
//     flags & ASSERT: a failed device assert; the launch fails and later calls return cudaErrorAssert
//     flags & LAUNCH: a launch from device code (src/translate/deviceLaunch.ts): id names the kernel
//              (cu2mRegisterDeviceLaunchFn); payload = grid x,y,z, block x,y,z, dynamic shared bytes,
//              stream lo, hi, argument count, then per argument [bytes, value padded to words].
//              Header word [5] counts launches refused (more than [7] = cudaLimitDevRuntime-
//              PendingLaunchCount recorded, word [6], or no room left), which fails the parent's launch.
// A record that does not fit is dropped and counted: the drain prints a note, memory is never
// written past the capacity.
#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime.h"
#include "../include/cuda_runtime.h"

namespace {

constexpr uint32_t kHeaderWords = 8;
constexpr uint32_t kMagic = 0x43324d50u; // "C2MP"
constexpr uint32_t kFlagText = 1, kFlagAssert = 2, kFlagLaunch = 4;
constexpr uint32_t kLaunchConfigWords = 10;

struct Launcher {
  std::string name;
  void (*kernel)() = nullptr;
  cu2m_device_launcher call = nullptr;
};

struct State {
  std::mutex m;
  std::unordered_map<uint32_t, std::string> strings;
  std::unordered_map<uint32_t, Launcher> launchers;
  uint32_t* buffer = nullptr;
  uint32_t pendingLaunchLimit = 2048; // cudaLimitDevRuntimePendingLaunchCount
};

State& state() {
  static State* s = new State(); // registrations run during static init; never destroyed
  return *s;
}

// One conversion, formatted with the C library so that the text equals what the CUDA code
// would print through the C library on the cuda-cpu reference.
struct Arg {
  uint32_t tag;
  uint64_t bits;
  std::string text; // tag 6: the string the record carries
};

void appendf(std::string& out, const char* spec, ...) __attribute__((format(printf, 2, 3)));
void appendf(std::string& out, const char* spec, ...) {
  va_list ap, ap2;
  va_start(ap, spec);
  va_copy(ap2, ap);
  int n = std::vsnprintf(nullptr, 0, spec, ap);
  va_end(ap);
  if (n > 0) {
    std::vector<char> buf(size_t(n) + 1);
    std::vsnprintf(buf.data(), buf.size(), spec, ap2);
    out.append(buf.data(), size_t(n));
  }
  va_end(ap2);
}

double asDouble(const Arg& a) {
  if (a.tag == 2) {
    float f;
    uint32_t lo = uint32_t(a.bits);
    std::memcpy(&f, &lo, 4);
    return f;
  }
  if (a.tag == 0) return double(int64_t(a.bits));
  if (a.tag == 5) { // software double (src/translate/f64Prelude.ts): the IEEE bits
    double d;
    std::memcpy(&d, &a.bits, 8);
    return d;
  }
  return double(a.bits);
}

std::string format(const std::string& fmt, const std::vector<Arg>& args, const State& s) {
  std::string out;
  size_t next = 0;
  auto take = [&](Arg& a) {
    if (next < args.size()) { a = args[next++]; return true; }
    return false;
  };
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') { out += fmt[i]; continue; }
    size_t j = i + 1;
    if (j < fmt.size() && fmt[j] == '%') { out += '%'; i = j; continue; }
    std::string spec = "%";
    while (j < fmt.size() && std::strchr("-+ #0'", fmt[j])) spec += fmt[j++];
    auto number = [&]() {
      if (j < fmt.size() && fmt[j] == '*') {
        Arg a{0, 0, {}};
        take(a);
        spec += std::to_string(int(int64_t(a.bits)));
        ++j;
        return;
      }
      while (j < fmt.size() && fmt[j] >= '0' && fmt[j] <= '9') spec += fmt[j++];
    };
    number();
    if (j < fmt.size() && fmt[j] == '.') { spec += fmt[j++]; number(); }
    std::string len;
    while (j < fmt.size() && std::strchr("hlLqjzt", fmt[j])) len += fmt[j++];
    if (j >= fmt.size()) { out += fmt.substr(i); break; }
    const char conv = fmt[j];
    i = j;
    Arg a{0, 0, {}};
    switch (conv) {
    case 'd': case 'i': {
      take(a);
      long long v = int64_t(a.bits);
      if (a.tag == 2 || a.tag == 5) v = (long long)asDouble(a);
      if (len == "hh") v = (signed char)v;
      else if (len == "h") v = (short)v;
      else if (len.empty()) v = (int)v;
      appendf(out, (spec + "ll" + conv).c_str(), v);
      break;
    }
    case 'u': case 'x': case 'X': case 'o': {
      take(a);
      unsigned long long v = a.bits;
      if (len == "hh") v = (unsigned char)v;
      else if (len == "h") v = (unsigned short)v;
      else if (len.empty()) v = (unsigned)v;
      appendf(out, (spec + "ll" + conv).c_str(), v);
      break;
    }
    case 'c':
      take(a);
      appendf(out, (spec + 'c').c_str(), int(a.bits));
      break;
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
      take(a);
      appendf(out, (spec + conv).c_str(), asDouble(a));
      break;
    case 's': {
      take(a);
      auto it = a.tag == 3 ? s.strings.find(uint32_t(a.bits)) : s.strings.end();
      if (a.tag == 6) appendf(out, (spec + 's').c_str(), a.text.c_str());
      else appendf(out, (spec + 's').c_str(), it != s.strings.end() ? it->second.c_str() : "(unknown string)");
      break;
    }
    case 'p':
      take(a);
      appendf(out, (spec + 'p').c_str(), reinterpret_cast<void*>(uintptr_t(a.bits)));
      break;
    default: // unknown conversion: as written
      out += fmt.substr(spec.size() > 0 ? i - (j - i) : i, 1);
      out += conv;
      break;
    }
  }
  return out;
}

} // namespace

extern "C" int cu2mRegisterPrintfString(uint32_t id, const char* text) {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.m);
  auto it = s.strings.find(id);
  if (it != s.strings.end() && it->second != text)
    std::fprintf(stderr, "cu2metal: two printf strings share the id %08x (\"%s\", \"%s\"); the second is ignored\n", id,
                 it->second.c_str(), text);
  else
    s.strings[id] = text;
  return 1;
}

extern "C" int cu2mRegisterDeviceLaunchFn(uint32_t id, const char* name, void (*kernel)(), cu2m_device_launcher launcher) {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.m);
  auto it = s.launchers.find(id);
  if (it != s.launchers.end() && it->second.name != name)
    std::fprintf(stderr, "cu2metal: two kernels launched from device code share the id %08x (%s, %s); the second is ignored\n", id,
                 it->second.name.c_str(), name);
  else
    s.launchers[id] = Launcher{name, kernel, launcher};
  return 1;
}

extern "C" void* cu2mDeviceLaunchPointer(uint64_t value) { return cu2m::Runtime::global().deviceLaunchPointer(value); }

// The buffer bound as "cu2m_printf_buffer": allocated on first use with cudaLimitPrintfFifoSize bytes.
extern "C" void* cu2mPrintfBuffer() {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.m);
  if (!s.buffer) {
    size_t bytes = 0;
    if (cudaDeviceGetLimit(&bytes, cudaLimitPrintfFifoSize) != cudaSuccess || bytes < 4096) bytes = 1 << 20;
    void* p = nullptr;
    if (cudaMalloc(&p, bytes) != cudaSuccess) return nullptr;
    s.buffer = static_cast<uint32_t*>(p);
    const uint32_t header[kHeaderWords] = {kHeaderWords, uint32_t(bytes / 4), 0, kMagic, 0, 0, 0, s.pendingLaunchLimit};
    std::memcpy(s.buffer, header, sizeof header);
  }
  return s.buffer;
}

namespace cu2m {

// Whether a kernel that prints has run since the start or the last cudaDeviceReset: the buffer's size
// is fixed from then on (cudaDeviceSetLimit(cudaLimitPrintfFifoSize) fails, as on an H100).
bool printfBufferInUse() {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.m);
  return s.buffer != nullptr;
}

// cudaDeviceReset frees every allocation: the next launch that prints allocates a new buffer.
void forgetPrintfBuffer() {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.m);
  s.buffer = nullptr;
}

// Prints what the kernels since the last drain wrote; true when a device assert failed
// (`reason` says which). The caller has synchronised the backend.
void setPendingLaunchLimit(size_t count) {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.m);
  s.pendingLaunchLimit = uint32_t(std::min<size_t>(count, 0xffffffffu));
  if (s.buffer) s.buffer[7] = s.pendingLaunchLimit;
}

bool drainPrintf(std::string& reason, std::vector<DeviceLaunchRecord>* launches, uint32_t* launchesRefused) {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.m);
  uint32_t* b = s.buffer;
  if (!b || b[3] != kMagic) return false;
  const uint32_t end = std::min(b[0], b[1]);
  const uint32_t dropped = b[2];
  if (launchesRefused) *launchesRefused = b[5];
  b[5] = 0;
  b[6] = 0;
  b[7] = s.pendingLaunchLimit;
  if (end <= kHeaderWords && !dropped) return false;
  std::vector<std::pair<uint32_t, DeviceLaunchRecord>> found; // (block, record)
  struct Rec { uint32_t block; uint32_t flags; std::string text; };
  std::vector<Rec> recs;
  for (uint32_t at = kHeaderWords; at + 4 <= end;) {
    const uint32_t words = b[at];
    if (words < 4 || at + words > end) break;
    const uint32_t id = b[at + 1], block = b[at + 2], flags = b[at + 3];
    Rec r{block, flags, {}};
    if (flags & kFlagLaunch) {
      const uint32_t* p = b + at + 4;
      const uint32_t* stop = b + at + words;
      DeviceLaunchRecord d;
      d.id = id;
      if (p + kLaunchConfigWords <= stop) {
        d.grid = cu2m_dim3{p[0], p[1], p[2]};
        d.block = cu2m_dim3{p[3], p[4], p[5]};
        d.shmem = p[6];
        d.stream = uint64_t(p[7]) | (uint64_t(p[8]) << 32);
        const uint32_t count = p[9];
        p += kLaunchConfigWords;
        for (uint32_t i = 0; i < count && p < stop; ++i) {
          const uint32_t bytes = p[0];
          const uint32_t w = (bytes + 3) / 4;
          if (p + 1 + w > stop) break;
          std::vector<uint64_t> v((bytes + 7) / 8 + 1, 0);
          std::memcpy(v.data(), p + 1, bytes);
          d.sizes.push_back(bytes);
          d.args.push_back(std::move(v));
          p += 1 + w;
        }
        found.emplace_back(block, std::move(d));
      }
      at += words;
      continue;
    }
    if (flags & kFlagText) {
      const uint32_t bytes = words > 4 ? std::min<uint32_t>(b[at + 4], (words - 5) * 4) : 0;
      r.text.assign(reinterpret_cast<const char*>(b + at + 5), bytes);
    } else {
      std::vector<Arg> args;
      // Arguments up to the first string the record carries (tag 6: lo = its word offset in the
      // payload, hi = its length in bytes; the strings follow the arguments).
      uint32_t argsEnd = at + words;
      for (uint32_t k = at + 4; k + 3 <= argsEnd; k += 3) {
        Arg a{b[k], uint64_t(b[k + 1]) | (uint64_t(b[k + 2]) << 32), {}};
        if (a.tag == 6) {
          const uint32_t from = at + 4 + b[k + 1], bytes = b[k + 2];
          argsEnd = std::min(argsEnd, from);
          if (from + (bytes + 3) / 4 <= at + words) a.text.assign(reinterpret_cast<const char*>(b + from), bytes);
        }
        args.push_back(std::move(a));
      }
      auto it = s.strings.find(id);
      if (it == s.strings.end()) r.text = "cu2metal: printf record with an unknown format id\n";
      else r.text = format(it->second, args, s);
    }
    recs.push_back(std::move(r));
    at += words;
  }
  std::stable_sort(recs.begin(), recs.end(), [](const Rec& x, const Rec& y) { return x.block < y.block; });
  // Launches: in block order too, the launches of one block in the order its threads made them.
  std::stable_sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  if (launches)
    for (auto& f : found) launches->push_back(std::move(f.second));
  else if (!found.empty())
    std::fprintf(stderr, "cu2metal: %zu launches from device code were found where none was expected; they did not run\n", found.size());
  bool asserted = false;
  for (const Rec& r : recs) {
    if (r.flags & kFlagAssert) {
      std::fflush(stdout);
      std::fputs(r.text.c_str(), stderr);
      if (!r.text.empty() && r.text.back() != '\n') std::fputc('\n', stderr);
      if (!asserted) reason = r.text;
      asserted = true;
    } else {
      std::fwrite(r.text.data(), 1, r.text.size(), stdout);
    }
  }
  if (dropped)
    std::fprintf(stdout, "cu2metal: the device printf buffer (%u bytes, cudaLimitPrintfFifoSize) overflowed: %u printf calls dropped\n",
                 b[1] * 4, dropped);
  std::fflush(stdout);
  std::fflush(stderr);
  b[0] = kHeaderWords;
  b[2] = 0;
  while (!reason.empty() && reason.back() == '\n') reason.pop_back();
  return asserted;
}

namespace {
thread_local uint32_t tlsLaunchDepth = 0; // nesting of the device launches running on this thread
} // namespace

// Launches the children a grid recorded (docs/DESIGN.md, launches from device code): in record order
// (block order, then the order a block's threads launched), the tail launches after all the others;
// each child's own children run when its launch completes, before its next sibling (depth first).
// The first failure stops the rest and is returned, with a message naming the parent.
Error runDeviceLaunches(Runtime& rt, const char* parent, std::vector<DeviceLaunchRecord>& children) {
  std::stable_partition(children.begin(), children.end(),
                        [](const DeviceLaunchRecord& d) { return d.stream != uint64_t(uintptr_t(cudaStreamTailLaunch)); });
  for (DeviceLaunchRecord& d : children) {
    Launcher l;
    {
      State& s = state();
      std::lock_guard<std::mutex> lock(s.m);
      auto it = s.launchers.find(d.id);
      if (it != s.launchers.end()) l = it->second;
    }
    if (!l.call)
      return rt.reportError(err::InvalidDeviceFunction, "kernel " + std::string(parent) +
                                                            " launched a kernel (id " + std::to_string(d.id) +
                                                            ") that no host code of the program registered");
    // CUDA nests at most 24 levels of launches (the depth of a grid launched from the host is 0).
    if (tlsLaunchDepth + 1 > kMaxLaunchDepth)
      return rt.reportError(err::LaunchMaxDepthExceeded,
                            "launch of kernel " + l.name + " from device code (by " + parent + ") at nesting depth " +
                                std::to_string(tlsLaunchDepth + 1) + ": CUDA allows at most " +
                                std::to_string(kMaxLaunchDepth) + " levels");
    std::vector<void*> argv;
    for (auto& a : d.args) argv.push_back(a.data());
    // The record's argument sizes against the kernel's parameter types first (args null: its sizes).
    uint32_t own[64];
    const int count = l.call(l.kernel, nullptr, own, 64);
    std::string why;
    if (count != int(d.sizes.size()))
      why = "the record has " + std::to_string(d.sizes.size()) + " arguments, the kernel takes " + std::to_string(count);
    for (size_t i = 0; why.empty() && i < d.sizes.size() && i < 64; ++i)
      if (d.sizes[i] != own[i])
        why = "argument " + std::to_string(i + 1) + " has " + std::to_string(d.sizes[i]) + " bytes in the device code's record, " +
              std::to_string(own[i]) + " in the kernel's parameter type";
    if (!why.empty())
      return rt.reportError(err::InvalidValue, "launch of kernel " + l.name + " from device code (by " + parent + "): " + why);
    const Error before = Runtime::getLastError(); // the child's own error, apart from the caller's
    dim3 grid(d.grid.x, d.grid.y, d.grid.z), block(d.block.x, d.block.y, d.block.z);
    cu2mPushCallConfiguration(grid, block, d.shmem, 0);
    ++tlsLaunchDepth;
    l.call(l.kernel, argv.data(), nullptr, 0);
    --tlsLaunchDepth;
    const Error child = Runtime::getLastError();
    if (before != err::Success) Runtime::recordError(before);
    // A failure deeper down was reported where it happened: it goes up as it is, and the launch
    // from the host names the child of its own that failed.
    if (child != err::Success && tlsLaunchDepth > 0) return child;
    if (child != err::Success)
      return rt.reportError(child, "launch of kernel " + l.name + " from device code (by " + std::string(parent) +
                                       ") failed: " + Runtime::lastDiagnostic());
  }
  return err::Success;
}

} // namespace cu2m
