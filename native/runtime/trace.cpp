#include "trace.h"

#include <cerrno>
#include <cstring>
#include <string>

namespace cu2m {

const char* elemTypeName(uint32_t elemType) {
  switch (elemType) {
    case CU2M_ELEM_F32: return "f32";
    case CU2M_ELEM_F64: return "f64";
    case CU2M_ELEM_F16: return "f16";
    case CU2M_ELEM_I8: return "i8";
    case CU2M_ELEM_U8: return "u8";
    case CU2M_ELEM_I16: return "i16";
    case CU2M_ELEM_U16: return "u16";
    case CU2M_ELEM_I32: return "i32";
    case CU2M_ELEM_U32: return "u32";
    case CU2M_ELEM_I64: return "i64";
    case CU2M_ELEM_U64: return "u64";
    default: return "bytes";
  }
}

namespace {

// A JSON string literal (kernel names are identifiers, but stay safe).
std::string jsonString(const char* s) {
  if (!s) return "null";
  std::string out = "\"";
  for (const unsigned char* p = reinterpret_cast<const unsigned char*>(s); *p; ++p) {
    if (*p == '"' || *p == '\\') {
      out += '\\';
      out += static_cast<char>(*p);
    } else if (*p < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", *p);
      out += buf;
    } else {
      out += static_cast<char>(*p);
    }
  }
  return out + "\"";
}

} // namespace

std::unique_ptr<Tracer> Tracer::open(const std::string& prefix, std::string& error) {
  std::unique_ptr<Tracer> t(new Tracer);
  std::string jsonl = prefix + ".jsonl", bin = prefix + ".bin";
  t->jsonl_ = std::fopen(jsonl.c_str(), "w");
  if (!t->jsonl_) {
    error = "cannot create " + jsonl + ": " + std::strerror(errno);
    return nullptr;
  }
  t->bin_ = std::fopen(bin.c_str(), "wb");
  if (!t->bin_) {
    error = "cannot create " + bin + ": " + std::strerror(errno);
    return nullptr;
  }
  return t;
}

Tracer::~Tracer() {
  if (jsonl_) std::fclose(jsonl_);
  if (bin_) std::fclose(bin_);
}

int64_t Tracer::launch(const char* kernel, cu2m_dim3 grid, cu2m_dim3 block, size_t shared) {
  std::lock_guard<std::mutex> lock(mutex_);
  int64_t seq = seq_++;
  std::fprintf(jsonl_,
               "{\"event\":\"launch\",\"seq\":%lld,\"kernel\":%s,\"grid\":[%u,%u,%u],"
               "\"block\":[%u,%u,%u],\"shared\":%zu}\n",
               static_cast<long long>(seq), jsonString(kernel).c_str(), grid.x, grid.y, grid.z,
               block.x, block.y, block.z, shared);
  std::fflush(jsonl_);
  return seq;
}

int64_t Tracer::d2h(const void* bytes, size_t count, uint32_t elemType, int64_t launchSeq,
                    const char* kernel) {
  std::lock_guard<std::mutex> lock(mutex_);
  int64_t seq = seq_++;
  uint64_t offset = binOffset_;
  // Written straight from the caller's buffer (no copy, whatever the size); the .bin may exceed
  // 2 GiB (`cu2metal diff` reads it in chunks).
  size_t written = count ? std::fwrite(bytes, 1, count, bin_) : 0;
  binOffset_ += count;
  if ((std::fflush(bin_) != 0 || written != count) && !writeFailed_) { // the bytes first: a jsonl line never points past the end of the .bin
    writeFailed_ = true;
    std::fprintf(stderr, "cu2metal: cannot write the trace's copy data (%zu bytes): %s; the trace is incomplete\n",
                 count, std::strerror(errno));
  }
  std::fprintf(jsonl_,
               "{\"event\":\"d2h\",\"seq\":%lld,\"bytes\":%zu,\"offset\":%llu,\"elem\":\"%s\","
               "\"launch\":%lld,\"kernel\":%s}\n",
               static_cast<long long>(seq), count, static_cast<unsigned long long>(offset),
               elemTypeName(elemType), static_cast<long long>(launchSeq),
               jsonString(launchSeq >= 0 ? kernel : nullptr).c_str());
  std::fflush(jsonl_);
  return seq;
}

void Tracer::exit(int code, bool known) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (exited_) return;
  exited_ = true;
  if (known)
    std::fprintf(jsonl_, "{\"event\":\"exit\",\"code\":%d}\n", code);
  else
    std::fprintf(jsonl_, "{\"event\":\"exit\",\"code\":null}\n");
  std::fflush(jsonl_);
  std::fflush(bin_);
}

} // namespace cu2m
