// cu2metal traces (docs/DESIGN.md, "Traces and diff"): PREFIX.jsonl, one JSON object per line,
// and PREFIX.bin, the bytes of every device->host copy. Every event is flushed to the OS as soon as
// it is written, so a trace survives a later crash of the program.
#ifndef CU2M_RUNTIME_TRACE_H
#define CU2M_RUNTIME_TRACE_H

#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "../include/cu2m/abi.h"

namespace cu2m {

// "f32", "i32", ... for a cu2m_elem_type; "bytes" when unknown.
const char* elemTypeName(uint32_t elemType);

class Tracer {
 public:
  // nullptr with a reason when the files cannot be created.
  static std::unique_ptr<Tracer> open(const std::string& prefix, std::string& error);
  ~Tracer();

  // Events share one sequence counter, starting at 0. Both return the event's seq.
  int64_t launch(const char* kernel, cu2m_dim3 grid, cu2m_dim3 block, size_t shared);
  // `launchSeq` -1 (and kernel nullptr) when no launch wrote the source allocation.
  int64_t d2h(const void* bytes, size_t count, uint32_t elemType, int64_t launchSeq,
              const char* kernel);
  // Once; later calls are ignored. known = false writes "code":null.
  void exit(int code, bool known);

 private:
  Tracer() = default;
  std::mutex mutex_;
  FILE* jsonl_ = nullptr;
  FILE* bin_ = nullptr;
  int64_t seq_ = 0;
  uint64_t binOffset_ = 0;
  bool exited_ = false;
  bool writeFailed_ = false; // reported once
};

} // namespace cu2m

#endif // CU2M_RUNTIME_TRACE_H
