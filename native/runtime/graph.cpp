// CUDA graphs, stream capture, cudaLaunchKernel and cudaLaunchKernelEx (native/include/cu2m/graph_api.h).
//
// A graph is a list of nodes with dependency edges. cudaGraphInstantiate copies it and fixes a
// topological order (ties broken by creation order); cudaGraphLaunch runs the nodes one after the
// other through the same Runtime calls as the stream API, so every backend executes graphs, traces
// see their launches and copies, and errors carry the same messages. Kernel node arguments are
// copied when the node is added, as CUDA does.
//
// Stream capture: cudaStreamBeginCapture marks a stream as capturing into a new graph; the hooks of
// graph.h turn the stream-ordered calls on capturing streams into nodes whose dependencies are the
// stream's last nodes. Events recorded in a capture carry that node set, so cudaStreamWaitEvent
// forks other streams into the capture and joins them back. Calls that CUDA forbids while capturing
// invalidate the capture, and cudaStreamEndCapture then reports cudaErrorStreamCaptureInvalidated.
#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "graph.h"
#include "runtime.h"
// Last: it defines the CUDA qualifier macros (__host__, __noinline__, ...) as no-ops.
#include "../include/cuda_runtime.h"

using cu2m::Runtime;

namespace {

Runtime& rt() { return Runtime::global(); }

cudaError_t ret(cu2m::Error e) {
  Runtime::recordError(e);
  return static_cast<cudaError_t>(e);
}

// An error with an explanation on stderr, as the runtime prints its own.
cudaError_t fail(cudaError_t e, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
cudaError_t fail(cudaError_t e, const char* fmt, ...) {
  if (!rt().options().quiet) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    std::fprintf(stderr, "cu2metal: %s\n", buf);
    std::fflush(stderr);
  }
  return ret(e);
}

const char* kernelName(const cu2m_kernel_info* k) { return k && k->name ? k->name : "(unnamed)"; }

// Memory reserved by a memory-allocation node: the address is fixed when the node is added (CUDA
// hands it out then) and stays reserved until the last graph or executable graph holding the node
// is destroyed. `inUse` is the allocation's state as the graph's executions see it.
//
// CUDA 11.4+: an allocation that its own graph does not free (no free node in the graph that
// allocated it) outlives the graph's run, and may be freed by cudaFree, cudaFreeAsync or a free node
// of another graph; `freedInGraph` marks the others, which only their graph may free. While in use
// the allocation is also held by State::outstanding, so that destroying its graph does not free it.
struct GraphAllocation {
  void* ptr = nullptr;
  size_t bytes = 0;
  bool inUse = false;
  const void* owner = nullptr; // the graph whose allocation node made it
  bool freedInGraph = false;
  ~GraphAllocation() {
    cu2m::AllocationView v;
    if (ptr && rt().lookup(ptr, &v) && v.base == ptr && v.size == bytes && !v.host) rt().free(ptr);
  }
};

} // namespace

struct CUgraphNode_st {
  CUgraph_st* graph = nullptr;
  size_t index = 0; // creation order in its graph
  cudaGraphNodeType type = cudaGraphNodeTypeEmpty;
  std::vector<CUgraphNode_st*> deps;

  // Kernel: the arguments are owned copies; argPointers[i] points at values[i].
  const void* func = nullptr;
  const cu2m_kernel_info* kernel = nullptr;
  cu2m::LaunchConfig config;
  std::vector<std::vector<unsigned char>> values;
  std::vector<void*> argPointers;

  cudaMemcpy3DParms copy{};
  cudaMemsetParams set{};
  cudaHostNodeParams host{};
  cudaEvent_t event = nullptr; // EventRecord and WaitEvent nodes
  std::unique_ptr<CUgraph_st> child;
  std::shared_ptr<GraphAllocation> allocation; // MemAlloc and MemFree nodes

  void setArgs(const cu2m_kernel_info* k, void* const* args) {
    values.assign(k->num_params, {});
    for (uint32_t i = 0; i < k->num_params; ++i) {
      if (k->params[i].kind == CU2M_ARG_SYMBOL) continue; // bound by the runtime at launch, no argument
      const unsigned char* p = static_cast<const unsigned char*>(args[i]);
      values[i].assign(p, p + k->params[i].size);
    }
    pointArgs();
  }
  void pointArgs() {
    argPointers.resize(values.size());
    for (size_t i = 0; i < values.size(); ++i) argPointers[i] = values[i].data();
  }
};

struct CUgraph_st {
  std::vector<std::unique_ptr<CUgraphNode_st>> nodes;
};

struct CUgraphExec_st {
  std::unique_ptr<CUgraph_st> graph;
  std::map<const CUgraphNode_st*, CUgraphNode_st*> fromOriginal; // node of the source graph -> copy
  std::vector<CUgraphNode_st*> order;
  bool autoFree = false; // cudaGraphInstantiateFlagAutoFreeOnLaunch
};

namespace {

using Node = CUgraphNode_st;
using Graph = CUgraph_st;
using Exec = CUgraphExec_st;

struct Capture {
  Graph* graph = nullptr; // owned by the user's handles once cudaStreamEndCapture returns it
  cudaStreamCaptureMode mode = cudaStreamCaptureModeGlobal;
  std::thread::id thread;
  const void* origin = nullptr;
  unsigned long long id = 0;
  bool invalidated = false;
};

struct StreamCapture {
  std::shared_ptr<Capture> capture;
  std::vector<Node*> deps; // the stream's last nodes: what its next operation depends on
};

struct EventCapture {
  std::shared_ptr<Capture> capture;
  std::vector<Node*> nodes;
};

struct State {
  std::recursive_mutex mutex;
  std::set<Graph*> graphs; // handles given to the program
  std::set<Node*> nodes;
  std::set<Exec*> execs;
  std::map<const void*, StreamCapture> streams; // capturing streams
  std::map<const void*, EventCapture> events;   // events last recorded in a capture
  std::map<void*, std::weak_ptr<GraphAllocation>> allocations;
  std::map<void*, std::shared_ptr<GraphAllocation>> outstanding; // allocated by a run, not freed yet
  uint64_t usedHigh = 0, reservedHigh = 0;                       // cudaDeviceGetGraphMemAttribute
  unsigned long long nextCaptureId = 1;
};

State& state() {
  static State* s = new State; // never destroyed: graphs may be destroyed from static destructors
  return *s;
}

thread_local cudaStreamCaptureMode tlsCaptureMode = cudaStreamCaptureModeGlobal;

bool isLegacy(const void* stream) { return reinterpret_cast<uintptr_t>(stream) <= 1; }

// ---- Graph building blocks ------------------------------------------------------------------------

void forget(Graph* g) {
  State& s = state();
  for (auto& n : g->nodes) {
    s.nodes.erase(n.get());
    if (n->child) forget(n->child.get());
  }
}

void destroyGraph(Graph* g) {
  forget(g);
  state().graphs.erase(g);
  delete g;
}

cudaError_t checkGraph(cudaGraph_t g) {
  return g && state().graphs.count(g) ? cudaSuccess : ret(cu2m::err::InvalidValue);
}

// Appends a node with validated dependencies; the caller fills in its payload.
cudaError_t addNode(cudaGraphNode_t* out, Graph* g, const cudaGraphNode_t* deps, size_t numDeps,
                    cudaGraphNodeType type, Node** node) {
  if (!out || (numDeps && !deps)) return ret(cu2m::err::InvalidValue);
  if (cudaError_t e = checkGraph(g)) return e;
  std::vector<Node*> d;
  for (size_t i = 0; i < numDeps; ++i) {
    if (!deps[i] || deps[i]->graph != g || !state().nodes.count(deps[i])) return ret(cu2m::err::InvalidValue);
    if (std::find(d.begin(), d.end(), deps[i]) != d.end()) return ret(cu2m::err::InvalidValue);
    d.push_back(deps[i]);
  }
  auto n = std::make_unique<Node>();
  n->graph = g;
  n->index = g->nodes.size();
  n->type = type;
  n->deps = std::move(d);
  *node = n.get();
  state().nodes.insert(n.get());
  g->nodes.push_back(std::move(n));
  *out = *node;
  return cudaSuccess;
}

// Copies the payload of `from` into `to` (not the dependencies).
void copyPayload(Node* to, const Node& from) {
  to->type = from.type;
  to->func = from.func;
  to->kernel = from.kernel;
  to->config = from.config;
  to->values = from.values;
  to->pointArgs();
  to->copy = from.copy;
  to->set = from.set;
  to->host = from.host;
  to->event = from.event;
  to->allocation = from.allocation;
  to->child.reset();
  if (from.child) {
    to->child = std::make_unique<Graph>();
    std::map<const Node*, Node*> ignored;
    // Child graphs are private to their node: their nodes are not handles the program holds.
    for (auto& cn : from.child->nodes) {
      auto c = std::make_unique<Node>();
      c->graph = to->child.get();
      c->index = cn->index;
      copyPayload(c.get(), *cn);
      ignored[cn.get()] = c.get();
      to->child->nodes.push_back(std::move(c));
    }
    for (auto& cn : from.child->nodes)
      for (Node* d : cn->deps) ignored[cn.get()]->deps.push_back(ignored[d]);
  }
}

// A copy of `g` whose nodes are registered as handles when `visible`; map: original -> copy.
Graph* cloneGraph(const Graph& g, std::map<const Node*, Node*>* map, bool visible) {
  auto* c = new Graph;
  for (auto& n : g.nodes) {
    auto m = std::make_unique<Node>();
    m->graph = c;
    m->index = n->index;
    copyPayload(m.get(), *n);
    (*map)[n.get()] = m.get();
    if (visible) state().nodes.insert(m.get());
    c->nodes.push_back(std::move(m));
  }
  for (auto& n : g.nodes)
    for (Node* d : n->deps) (*map)[n.get()]->deps.push_back((*map)[d]);
  return c;
}

// Kahn's algorithm, ready nodes taken in creation order. False when the graph has a cycle.
bool topologicalOrder(const Graph& g, std::vector<Node*>* order) {
  const size_t n = g.nodes.size();
  std::vector<size_t> waiting(n, 0);
  std::vector<std::vector<size_t>> dependents(n);
  for (auto& node : g.nodes) {
    waiting[node->index] = node->deps.size();
    for (Node* d : node->deps) dependents[d->index].push_back(node->index);
  }
  std::set<size_t> ready;
  for (size_t i = 0; i < n; ++i)
    if (!waiting[i]) ready.insert(i);
  order->clear();
  while (!ready.empty()) {
    size_t i = *ready.begin();
    ready.erase(ready.begin());
    order->push_back(g.nodes[i].get());
    for (size_t j : dependents[i])
      if (--waiting[j] == 0) ready.insert(j);
  }
  return order->size() == n;
}

// ---- Node payloads, validated as CUDA validates them when a node is added ------------------------

cudaError_t setKernel(Node* n, const cudaKernelNodeParams* p) {
  if (!p) return ret(cu2m::err::InvalidValue);
  const cu2m_kernel_info* k = cu2mFindKernel(p->func);
  if (!k)
    return fail(cudaErrorInvalidDeviceFunction, "kernel node: %p is not a __global__ function of this program", p->func);
  if (p->extra)
    return fail(cudaErrorInvalidValue, "kernel node of %s: arguments in the 'extra' format are not supported; use kernelParams", kernelName(k));
  if (k->num_params && !p->kernelParams)
    return fail(cudaErrorInvalidValue, "kernel node of %s: kernelParams is NULL but the kernel takes %u parameters", kernelName(k), k->num_params);
  for (uint32_t i = 0; i < k->num_params; ++i)
    if (k->params[i].kind != CU2M_ARG_SYMBOL && !p->kernelParams[i])
      return fail(cudaErrorInvalidValue, "kernel node of %s: kernelParams[%u] (%s) is NULL", kernelName(k), i, k->params[i].name ? k->params[i].name : "?");
  n->type = cudaGraphNodeTypeKernel;
  n->func = p->func;
  n->kernel = k;
  n->config.grid = cu2m_dim3{p->gridDim.x, p->gridDim.y, p->gridDim.z};
  n->config.block = cu2m_dim3{p->blockDim.x, p->blockDim.y, p->blockDim.z};
  n->config.dynamicShared = p->sharedMemBytes;
  n->setArgs(k, p->kernelParams);
  return cudaSuccess;
}

cudaError_t setCopy(Node* n, const cudaMemcpy3DParms* p) {
  if (!p) return ret(cu2m::err::InvalidValue);
  if (p->srcArray || p->dstArray)
    return fail(cudaErrorInvalidValue, "memcpy node: CUDA arrays are not supported by cu2metal yet");
  if (static_cast<int>(p->kind) < 0 || static_cast<int>(p->kind) > 4) return ret(cu2m::err::InvalidMemcpyDirection);
  if (p->extent.height > 1 && (p->srcPtr.pitch < p->extent.width || p->dstPtr.pitch < p->extent.width))
    return ret(cu2m::err::InvalidPitchValue);
  n->copy = *p;
  return cudaSuccess;
}

cudaError_t setMemset(Node* n, const cudaMemsetParams* p) {
  if (!p) return ret(cu2m::err::InvalidValue);
  if (p->elementSize != 1 && p->elementSize != 2 && p->elementSize != 4)
    return fail(cudaErrorInvalidValue, "memset node: elementSize is %u; it must be 1, 2 or 4", p->elementSize);
  if (p->height > 1 && p->pitch < p->width * p->elementSize) return ret(cu2m::err::InvalidPitchValue);
  n->set = *p;
  return cudaSuccess;
}

cudaError_t setHost(Node* n, const cudaHostNodeParams* p) {
  if (!p || !p->fn) return ret(cu2m::err::InvalidValue);
  n->host = *p;
  return cudaSuccess;
}

// ---- Execution ------------------------------------------------------------------------------------

cu2m::Error runNode(Node* n);

cu2m::Error runGraph(const std::vector<Node*>& order) {
  for (Node* n : order)
    if (cu2m::Error e = runNode(n)) return e;
  return cu2m::err::Success;
}

cu2m::Error runCopy(const cudaMemcpy3DParms& p) {
  const cudaExtent& x = p.extent;
  if (!x.width || !x.height || !x.depth) return cu2m::err::Success;
  const cu2m::CopyKind kind = static_cast<cu2m::CopyKind>(static_cast<int>(p.kind));
  const size_t sp = p.srcPtr.pitch, dp = p.dstPtr.pitch;
  const size_t sSlice = sp * p.srcPtr.ysize, dSlice = dp * p.dstPtr.ysize;
  for (size_t z = 0; z < x.depth; ++z) {
    const char* src = static_cast<const char*>(p.srcPtr.ptr) + (p.srcPos.z + z) * sSlice + p.srcPos.y * sp + p.srcPos.x;
    char* dst = static_cast<char*>(p.dstPtr.ptr) + (p.dstPos.z + z) * dSlice + p.dstPos.y * dp + p.dstPos.x;
    cu2m::Error e = x.height == 1 ? rt().memcpy(dst, src, x.width, kind)
                                  : rt().memcpy2D(dst, dp, src, sp, x.width, x.height, kind);
    if (e) return e;
  }
  return cu2m::err::Success;
}

cu2m::Error runMemset(const cudaMemsetParams& p) {
  const size_t rowBytes = p.width * p.elementSize;
  if (!rowBytes || !p.height) return cu2m::err::Success;
  std::vector<unsigned char> pattern;
  if (p.elementSize != 1) {
    pattern.resize(rowBytes);
    for (size_t i = 0; i < p.width; ++i) {
      if (p.elementSize == 2) {
        const uint16_t v = static_cast<uint16_t>(p.value);
        std::memcpy(&pattern[i * 2], &v, 2);
      } else {
        const uint32_t v = p.value;
        std::memcpy(&pattern[i * 4], &v, 4);
      }
    }
  }
  for (size_t y = 0; y < p.height; ++y) {
    char* row = static_cast<char*>(p.dst) + y * p.pitch;
    cu2m::Error e = p.elementSize == 1 ? rt().memset(row, static_cast<int>(p.value & 0xffu), rowBytes)
                                       : rt().memcpy(row, pattern.data(), rowBytes, cu2m::CopyKind::HostToDevice);
    if (e) return e;
  }
  return cu2m::err::Success;
}

// Used and reserved bytes of graph memory now; the high-water marks follow.
void graphMemory(uint64_t* used, uint64_t* reserved) {
  State& s = state();
  *used = *reserved = 0;
  for (auto& [ptr, a] : s.outstanding) *used += a->bytes;
  for (auto& [ptr, w] : s.allocations)
    if (std::shared_ptr<GraphAllocation> a = w.lock()) *reserved += a->bytes;
  s.usedHigh = std::max(s.usedHigh, *used);
  s.reservedHigh = std::max(s.reservedHigh, *reserved);
}

// An allocation node ran (inUse) or its memory was freed (by a free node, cudaFree, cudaFreeAsync).
void markInUse(const std::shared_ptr<GraphAllocation>& a, bool inUse) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  a->inUse = inUse;
  uint64_t used, reserved;
  if (inUse) {
    state().outstanding[a->ptr] = a;
    graphMemory(&used, &reserved);
  } else {
    state().outstanding.erase(a->ptr); // may destroy it: its graphs are gone
  }
}

cu2m::Error runNode(Node* n) {
  switch (n->type) {
    case cudaGraphNodeTypeKernel:
      return rt().launch(*n->kernel, n->config, n->argPointers.data());
    case cudaGraphNodeTypeMemcpy:
      return runCopy(n->copy);
    case cudaGraphNodeTypeMemset:
      return runMemset(n->set);
    case cudaGraphNodeTypeHost:
      // A host node runs once the work it depends on has finished.
      if (cu2m::Error e = rt().synchronize()) return e;
      n->host.fn(n->host.userData);
      return cu2m::err::Success;
    case cudaGraphNodeTypeGraph: {
      std::vector<Node*> order;
      topologicalOrder(*n->child, &order); // acyclic: checked when the node was added
      return runGraph(order);
    }
    case cudaGraphNodeTypeMemAlloc: {
      GraphAllocation& a = *n->allocation;
      cu2m::AllocationView v;
      if (!rt().lookup(a.ptr, &v) || v.base != a.ptr)
        return fail(cudaErrorInvalidValue, "graph memory allocation %p was freed outside its graph (cudaFree); cu2metal keeps graph allocations at fixed addresses, free them with a free node", a.ptr);
      if (a.inUse)
        return fail(cudaErrorInvalidValue, "graph memory allocation %p (%zu bytes) was not freed before the graph ran again", a.ptr, a.bytes);
      markInUse(n->allocation, true);
      return cu2m::err::Success;
    }
    case cudaGraphNodeTypeMemFree:
      markInUse(n->allocation, false);
      return cu2m::err::Success;
    case cudaGraphNodeTypeEventRecord:
      return rt().recordEvent(reinterpret_cast<cu2m::Event*>(n->event));
    case cudaGraphNodeTypeWaitEvent: // the recorded work has run: nodes run in order
      return cu2m::err::Success;
    default:
      return cu2m::err::Success;
  }
}

// ---- Capture ------------------------------------------------------------------------------------

void invalidate(Capture& c, const char* api, const char* why) {
  if (!c.invalidated && !rt().options().quiet) {
    std::fprintf(stderr, "cu2metal: %s %s: stream capture %llu is invalidated\n", api, why, c.id);
    std::fflush(stderr);
  }
  c.invalidated = true;
}

StreamCapture* capturing(const void* stream) {
  auto it = state().streams.find(stream);
  return it == state().streams.end() ? nullptr : &it->second;
}

// Adds the node to the stream's capture with the stream's last nodes as dependencies; the node
// becomes the stream's only last node. Fills *result with what the API call returns.
Node* captureNode(StreamCapture& sc, cudaGraphNodeType type) {
  Graph* g = sc.capture->graph;
  auto n = std::make_unique<Node>();
  n->graph = g;
  n->index = g->nodes.size();
  n->type = type;
  n->deps = sc.deps;
  Node* raw = n.get();
  state().nodes.insert(raw);
  g->nodes.push_back(std::move(n));
  sc.deps.assign(1, raw);
  return raw;
}

// The captures that make a prohibited call illegal for this thread (CUDA's capture-mode rules):
// none when the thread's mode is relaxed; the thread's own non-relaxed captures; and, in global
// mode, other threads' global captures.
std::vector<Capture*> capturesVisibleHere() {
  std::vector<Capture*> out;
  if (tlsCaptureMode == cudaStreamCaptureModeRelaxed) return out;
  const std::thread::id self = std::this_thread::get_id();
  for (auto& [stream, sc] : state().streams) {
    Capture* c = sc.capture.get();
    if (std::find(out.begin(), out.end(), c) != out.end()) continue;
    const bool mine = c->thread == self && c->mode != cudaStreamCaptureModeRelaxed;
    const bool global = tlsCaptureMode == cudaStreamCaptureModeGlobal && c->mode == cudaStreamCaptureModeGlobal;
    if (mine || global) out.push_back(c);
  }
  return out;
}

// An operation on the legacy default stream while captures are visible: CUDA would make the legacy
// stream wait for the capturing stream, which a capture cannot express.
bool legacyConflict(const void* stream, const char* api, cu2m::Error* result) {
  if (!isLegacy(stream)) return false;
  std::vector<Capture*> visible = capturesVisibleHere();
  if (visible.empty()) return false;
  for (Capture* c : visible) invalidate(*c, api, "on the legacy default stream during a capture");
  *result = cudaErrorStreamCaptureImplicit;
  return true;
}

bool isAncestor(const Node* a, const Node* b) { // a == b or b depends on a, transitively
  std::vector<const Node*> stack{b};
  std::set<const Node*> seen;
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (n == a) return true;
    if (!seen.insert(n).second) continue;
    for (const Node* d : n->deps) stack.push_back(d);
  }
  return false;
}

void endCapture(const std::shared_ptr<Capture>& c) {
  State& s = state();
  for (auto it = s.streams.begin(); it != s.streams.end();) it = it->second.capture == c ? s.streams.erase(it) : std::next(it);
  for (auto it = s.events.begin(); it != s.events.end();) it = it->second.capture == c ? s.events.erase(it) : std::next(it);
}

} // namespace

// ---- Hooks used by cuda_api.cpp (graph.h) -----------------------------------------------------------

namespace cu2m {
namespace capture {

bool kernel(const void* stream, const cu2m_kernel_info& k, const LaunchConfig& config, void* const* args,
            Error* result) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (legacyConflict(stream, "kernel launch", result)) return true;
  StreamCapture* sc = capturing(stream);
  if (!sc) return false;
  if (sc->capture->invalidated) return (*result = cudaErrorStreamCaptureInvalidated), true;
  for (uint32_t i = 0; i < k.num_params; ++i)
    if (k.params[i].kind != CU2M_ARG_SYMBOL && (!args || !args[i])) return (*result = cudaErrorInvalidValue), true;
  Node* n = captureNode(*sc, cudaGraphNodeTypeKernel);
  n->func = registeredHostFunc(&k);
  n->kernel = &k;
  n->config = config;
  n->setArgs(&k, args);
  *result = err::Success;
  return true;
}

bool memcpy(const void* stream, void* dst, const void* src, size_t bytes, CopyKind kind, Error* result) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (legacyConflict(stream, "cudaMemcpyAsync", result)) return true;
  StreamCapture* sc = capturing(stream);
  if (!sc) return false;
  if (sc->capture->invalidated) return (*result = cudaErrorStreamCaptureInvalidated), true;
  if (static_cast<int>(kind) < 0 || static_cast<int>(kind) > 4) return (*result = err::InvalidMemcpyDirection), true;
  Node* n = captureNode(*sc, cudaGraphNodeTypeMemcpy);
  n->copy.srcPtr = make_cudaPitchedPtr(const_cast<void*>(src), bytes, bytes, 1);
  n->copy.dstPtr = make_cudaPitchedPtr(dst, bytes, bytes, 1);
  n->copy.extent = make_cudaExtent(bytes, 1, 1);
  n->copy.kind = static_cast<cudaMemcpyKind>(static_cast<int>(kind));
  *result = err::Success;
  return true;
}

bool memcpy3D(const void* stream, const void* parms, Error* result) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (legacyConflict(stream, "cudaMemcpy3DAsync", result)) return true;
  StreamCapture* sc = capturing(stream);
  if (!sc) return false;
  if (sc->capture->invalidated) return (*result = cudaErrorStreamCaptureInvalidated), true;
  Node checked;
  if (cudaError_t e = setCopy(&checked, static_cast<const cudaMemcpy3DParms*>(parms))) return (*result = e), true;
  captureNode(*sc, cudaGraphNodeTypeMemcpy)->copy = checked.copy;
  *result = err::Success;
  return true;
}

bool memcpy2D(const void* stream, void* dst, size_t dpitch, const void* src, size_t spitch, size_t width,
              size_t height, CopyKind kind, Error* result) {
  cudaMemcpy3DParms p{};
  p.srcPtr = make_cudaPitchedPtr(const_cast<void*>(src), spitch, width, height);
  p.dstPtr = make_cudaPitchedPtr(dst, dpitch, width, height);
  p.extent = make_cudaExtent(width, height, 1);
  p.kind = static_cast<cudaMemcpyKind>(static_cast<int>(kind));
  return memcpy3D(stream, &p, result);
}

bool memset(const void* stream, void* dst, int value, size_t bytes, Error* result) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (legacyConflict(stream, "cudaMemsetAsync", result)) return true;
  StreamCapture* sc = capturing(stream);
  if (!sc) return false;
  if (sc->capture->invalidated) return (*result = cudaErrorStreamCaptureInvalidated), true;
  Node* n = captureNode(*sc, cudaGraphNodeTypeMemset);
  n->set.dst = dst;
  n->set.pitch = bytes;
  n->set.value = static_cast<unsigned>(value) & 0xffu;
  n->set.elementSize = 1;
  n->set.width = bytes;
  n->set.height = 1;
  *result = err::Success;
  return true;
}

bool eventRecord(const void* stream, const void* event, Error* result) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  StreamCapture* sc = capturing(stream);
  if (!sc) {
    state().events.erase(event); // recorded outside a capture again
    return false;
  }
  if (!event) return (*result = err::InvalidResourceHandle), true;
  if (sc->capture->invalidated) return (*result = cudaErrorStreamCaptureInvalidated), true;
  state().events[event] = EventCapture{sc->capture, sc->deps};
  *result = err::Success;
  return true;
}

bool streamWaitEvent(const void* stream, const void* event, Error* result) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  State& s = state();
  auto ev = s.events.find(event);
  StreamCapture* sc = capturing(stream);
  if (ev == s.events.end()) {
    if (!sc) return false;
    // An event recorded outside the capture: its work has already run (work runs in issue order).
    *result = sc->capture->invalidated ? cudaErrorStreamCaptureInvalidated : err::Success;
    return true;
  }
  const std::shared_ptr<Capture>& c = ev->second.capture;
  if (c->invalidated) return (*result = cudaErrorStreamCaptureInvalidated), true;
  if (!sc) {
    if (isLegacy(stream)) {
      invalidate(*c, "cudaStreamWaitEvent", "makes the legacy default stream wait for a captured event");
      return (*result = cudaErrorStreamCaptureImplicit), true;
    }
    s.streams[stream] = StreamCapture{c, ev->second.nodes}; // the stream joins the capture (fork)
    *result = err::Success;
    return true;
  }
  if (sc->capture != c) {
    invalidate(*sc->capture, "cudaStreamWaitEvent", "would merge two capture sequences");
    return (*result = cudaErrorStreamCaptureMerge), true;
  }
  for (Node* n : ev->second.nodes)
    if (std::find(sc->deps.begin(), sc->deps.end(), n) == sc->deps.end()) sc->deps.push_back(n);
  *result = err::Success;
  return true;
}

bool memset2D(const void* stream, void* dst, size_t pitch, int value, size_t width, size_t height, Error* result) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (legacyConflict(stream, "cudaMemset2DAsync", result)) return true;
  StreamCapture* sc = capturing(stream);
  if (!sc) return false;
  if (sc->capture->invalidated) return (*result = cudaErrorStreamCaptureInvalidated), true;
  cudaMemsetParams p{};
  p.dst = dst;
  p.pitch = pitch;
  p.value = static_cast<unsigned>(value) & 0xffu;
  p.elementSize = 1;
  p.width = width;
  p.height = height;
  Node checked;
  if (cudaError_t e = setMemset(&checked, &p)) return (*result = e), true;
  captureNode(*sc, cudaGraphNodeTypeMemset)->set = checked.set;
  *result = err::Success;
  return true;
}

bool hostFunc(const void* stream, void (*fn)(void*), void* userData, Error* result) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (legacyConflict(stream, "cudaLaunchHostFunc", result)) return true;
  StreamCapture* sc = capturing(stream);
  if (!sc) return false;
  if (sc->capture->invalidated) return (*result = cudaErrorStreamCaptureInvalidated), true;
  Node* n = captureNode(*sc, cudaGraphNodeTypeHost);
  n->host.fn = fn;
  n->host.userData = userData;
  *result = err::Success;
  return true;
}

bool mallocAsync(const void* stream, void** ptr, size_t bytes, Error* result) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (legacyConflict(stream, "cudaMallocAsync", result)) return true;
  StreamCapture* sc = capturing(stream);
  if (!sc) return false;
  if (sc->capture->invalidated) return (*result = cudaErrorStreamCaptureInvalidated), true;
  if (!ptr || !bytes) return (*result = err::InvalidValue), true;
  auto a = std::make_shared<GraphAllocation>();
  if (Error e = rt().malloc(&a->ptr, bytes)) return (*result = e), true;
  a->bytes = bytes;
  a->owner = sc->capture->graph;
  captureNode(*sc, cudaGraphNodeTypeMemAlloc)->allocation = a;
  state().allocations[a->ptr] = a;
  uint64_t used, reserved;
  graphMemory(&used, &reserved);
  *ptr = a->ptr;
  *result = err::Success;
  return true;
}

bool freeAsync(const void* stream, void* ptr, Error* result) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (legacyConflict(stream, "cudaFreeAsync", result)) return true;
  StreamCapture* sc = capturing(stream);
  if (!sc) return false;
  if (sc->capture->invalidated) return (*result = cudaErrorStreamCaptureInvalidated), true;
  auto it = state().allocations.find(ptr);
  std::shared_ptr<GraphAllocation> a = it == state().allocations.end() ? nullptr : it->second.lock();
  if (!a) {
    *result = fail(cudaErrorNotSupported, "cudaFreeAsync of %p during a capture: only memory allocated by a graph (cudaMallocAsync in a capture, memory allocation nodes) can be freed in a graph", ptr);
    return true;
  }
  if (a->owner == sc->capture->graph) a->freedInGraph = true;
  captureNode(*sc, cudaGraphNodeTypeMemFree)->allocation = a;
  *result = err::Success;
  return true;
}

bool freeGraphMemory(void* ptr, const char* api, Error* result) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  auto it = state().allocations.find(ptr);
  std::shared_ptr<GraphAllocation> a = it == state().allocations.end() ? nullptr : it->second.lock();
  if (!a) return false;
  // Held by nothing but this function and, while allocated, State::outstanding: every graph that
  // could free it is gone, so cudaFree may (else it would stay allocated for good).
  const bool graphsGone = a.use_count() <= (a->inUse ? 2 : 1);
  if (a->freedInGraph && !graphsGone)
    *result = fail(cudaErrorInvalidValue, "%s of %p: the graph that allocated it frees it with a free node, so only that graph may free it", api, ptr);
  else if (!a->inUse)
    *result = fail(cudaErrorInvalidValue, "%s of %p: this graph allocation is not allocated (its graph has not run since it was last freed)", api, ptr);
  else
    markInUse(a, false), *result = err::Success; // the address stays reserved for the graph's next run
  return true;
}

Error prohibited(const char* api) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  std::vector<Capture*> visible = capturesVisibleHere();
  if (visible.empty()) return err::Success;
  for (Capture* c : visible) invalidate(*c, api, "is not permitted while a stream is capturing");
  return cudaErrorStreamCaptureUnsupported;
}

Error streamSync(const void* stream, const char* api) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  StreamCapture* sc = capturing(stream);
  if (!sc) return err::Success;
  invalidate(*sc->capture, api, "of a capturing stream is not permitted");
  return cudaErrorStreamCaptureUnsupported;
}

} // namespace capture
} // namespace cu2m

// ---- cudaLaunchKernel, cudaLaunchKernelEx ---------------------------------------------------------

namespace {
// A kernel split at its grid syncs launched without the cooperative API (below).
cudaError_t uncooperative(const cu2m_grid_split& split, dim3 gridDim, dim3 blockDim, void** args, size_t sharedMem,
                          cudaStream_t stream);
} // namespace

cudaError_t cudaLaunchKernel(const void* func, dim3 gridDim, dim3 blockDim, void** args, size_t sharedMem,
                             cudaStream_t stream) {
  const cu2m_kernel_info* k = cu2mFindKernel(func);
  if (const cu2m_grid_split* split = k ? nullptr : cu2mFindGridSplit(func)) {
    if (!rt().isStream(stream)) return ret(cu2m::err::InvalidResourceHandle);
    return uncooperative(*split, gridDim, blockDim, args, sharedMem, stream);
  }
  // Not a kernel: CUDA 13 answers cudaErrorInvalidResourceHandle (an H200: samples/launchKernel).
  if (!k) return fail(cudaErrorInvalidResourceHandle, "cudaLaunchKernel: %p is not a __global__ function of this program", func);
  if (!rt().isStream(stream)) return ret(cu2m::err::InvalidResourceHandle);
  cu2m::LaunchConfig config;
  config.grid = cu2m_dim3{gridDim.x, gridDim.y, gridDim.z};
  config.block = cu2m_dim3{blockDim.x, blockDim.y, blockDim.z};
  config.dynamicShared = sharedMem;
  cu2m::Error captured;
  if (cu2m::capture::kernel(stream, *k, config, args, &captured)) return ret(captured);
  return ret(rt().launch(*k, config, args));
}

// ---- Cooperative launches and kernels split at grid syncs (cu2m/graph_api.h) --------------------

struct cu2m_grid_run {
  const cu2m_grid_split* split;
  dim3 grid, block;
  size_t sharedMem;
  cudaStream_t stream;
  void** args;
  void* frame;
  void* blocks; // the per-block part of the frame (__shared__ arrays)
  cudaError_t error; // the first launch that failed; the parts after it are not launched
  int* test = nullptr; // the verdict of a while loop's condition (cu2mGridTest)
};


namespace {

// Launches the parts of `split` on `stream` (one after the other, or as its driver says: the loops
// around grid syncs), each with the kernel's arguments, the frame (allocated and freed in stream
// order) and the loops' variables as its last ones.
cudaError_t launchGridSplit(const cu2m_grid_split& split, dim3 grid, dim3 block, void** args, size_t sharedMem,
                            cudaStream_t stream) {
  cu2m_grid_run run{&split, grid, block, sharedMem, stream, args, nullptr, nullptr, cudaSuccess};
  const size_t blocks = size_t(grid.x) * grid.y * grid.z;
  const size_t threads = blocks * block.x * block.y * block.z;
  const size_t threadBytes = (split.frame_bytes * threads + 255) / 256 * 256;
  if ((split.frame_bytes > 0 || split.block_bytes > 0) && threads > 0) {
    cudaError_t e = cudaMallocAsync(&run.frame, threadBytes + split.block_bytes * blocks, stream);
    if (e != cudaSuccess) return e;
    run.blocks = static_cast<char*>(run.frame) + threadBytes;
  }
  if (split.drive)
    split.drive(args, grid, block, &run);
  else
    for (uint32_t i = 0; i < split.num_parts; ++i) cu2mGridPart(&run, i, nullptr, 0);
  if (run.frame) {
    cudaError_t e = cudaFreeAsync(run.frame, stream);
    if (run.error == cudaSuccess) run.error = e;
  }
  if (run.test) {
    cudaError_t e = cudaFreeAsync(run.test, stream);
    if (run.error == cudaSuccess) run.error = e;
  }
  return run.error;
}

} // namespace

void cu2mGridPart(cu2m_grid_run* run, uint32_t part, void* const* vars, uint32_t numVars) {
  if (run->error != cudaSuccess) return;
  const cu2m_grid_split& split = *run->split;
  if (part >= split.num_parts) {
    run->error = fail(cudaErrorInvalidValue, "%s: no part %u", split.name, part);
    return;
  }
  std::vector<void*> partArgs(run->args, run->args + split.num_params);
  if (split.frame_bytes > 0) partArgs.push_back(&run->frame);
  if (split.block_bytes > 0) partArgs.push_back(&run->blocks);
  partArgs.insert(partArgs.end(), vars, vars + numVars);
  run->error = cudaLaunchKernel(split.parts[part], run->grid, run->block, partArgs.data(), run->sharedMem, run->stream);
}

bool cu2mGridTest(cu2m_grid_run* run, uint32_t part, void* const* vars, uint32_t numVars) {
  if (run->error != cudaSuccess) return false;
  if (!run->test) {
    run->error = cudaMallocAsync(reinterpret_cast<void**>(&run->test), sizeof(int), run->stream);
    if (run->error != cudaSuccess) return false;
  }
  run->error = cudaMemsetAsync(run->test, 0, sizeof(int), run->stream);
  if (run->error != cudaSuccess) return false;
  std::vector<void*> withTest(vars, vars + numVars);
  withTest.push_back(&run->test);
  cu2mGridPart(run, part, withTest.data(), numVars + 1);
  int verdict = 0;
  if (run->error == cudaSuccess) run->error = cudaMemcpyAsync(&verdict, run->test, sizeof(int), cudaMemcpyDeviceToHost, run->stream);
  if (run->error == cudaSuccess) run->error = cudaStreamSynchronize(run->stream);
  if (run->error != cudaSuccess) return false;
  if (verdict == 3) {
    run->error = fail(cudaErrorLaunchFailure,
                      "%s: the condition of a while loop or an if around its grid syncs (%s_part%u) is true for some threads and "
                      "false for others: on CUDA those threads would wait at different grid syncs",
                      run->split->name, run->split->name, part);
    return false;
  }
  return verdict == 1;
}

namespace {

// CUDA's condition for a cooperative launch: all blocks of the grid resident at once, the sizes the
// occupancy API reports times the multiprocessors. cudaErrorCooperativeLaunchTooLarge (with the
// reason on stderr) when they are not; cudaSuccess when they are or the sizes are not known.
cudaError_t checkResident(const cu2m_kernel_info& k, const char* name, dim3 gridDim, dim3 blockDim, size_t sharedMem,
                          const char* api, const char* consequence) {
  int perSm = 0, sms = 0, device = 0;
  const int threads = int(blockDim.x * blockDim.y * blockDim.z);
  if (threads > 0 && rt().occupancy(k, threads, sharedMem, &perSm) == cu2m::err::Success &&
      cudaGetDevice(&device) == cudaSuccess &&
      cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device) == cudaSuccess) {
    const unsigned long long blocks = (unsigned long long)gridDim.x * gridDim.y * gridDim.z;
    if (blocks > (unsigned long long)perSm * sms)
      return fail(cudaErrorCooperativeLaunchTooLarge,
                  "%s of %s: %llu blocks of %d threads, but only %d per multiprocessor x %d "
                  "multiprocessors can be resident at once (cudaOccupancyMaxActiveBlocksPerMultiprocessor)%s",
                  api, name, blocks, threads, perSm, sms, consequence);
  }
  return cudaSuccess;
}

// Set by the first cooperative launch the runtime accepts (of any kernel).
std::atomic<bool> cooperativeLaunched{false};

} // namespace

// A `<<<>>>` (or cudaLaunchKernel) launch of a kernel that synchronises its grid. What an H100 did
// (CUDA 13.0; docs/DESIGN.md, grid-wide synchronisation): before the process's first cooperative
// launch such a launch returns cudaSuccess and the kernel fails, cudaErrorLaunchFailure (sticky)
// from the next synchronisation on; after one (of any kernel, even one without a grid sync), its
// grid.sync() works when every block of the grid is resident at once (a grid of exactly the
// resident count was right), and the blocks that wait would spin forever when they are not. So:
// no cooperative launch yet, that sticky fault and nothing runs; after one, the parts run as in a
// cooperative launch when the grid fits the resident-block count, and a larger grid (a hang on
// CUDA) fails with cudaErrorCooperativeLaunchTooLarge as the launch's error, nothing run.
cu2m::Error cu2m::launchGridSplitUncooperative(const cu2m_grid_split& split, const LaunchConfig& config, void** args,
                                               const void* stream) {
  return uncooperative(split, dim3(config.grid.x, config.grid.y, config.grid.z),
                       dim3(config.block.x, config.block.y, config.block.z), args, config.dynamicShared,
                       static_cast<cudaStream_t>(const_cast<void*>(stream)));
}

namespace {
cudaError_t uncooperative(const cu2m_grid_split& split, dim3 gridDim, dim3 blockDim, void** args, size_t sharedMem,
                          cudaStream_t stream) {
  const cu2m_kernel_info* k = cu2mFindKernel(split.parts[0]);
  if (!k) return fail(cudaErrorInvalidDeviceFunction, "%s: its first part is not registered", split.name);
  // After a device fault, as every launch (an H100 answered cudaErrorLaunchFailure at the launch).
  if (cu2m::Error e = rt().stickyError()) return ret(e);
  if (!cooperativeLaunched.load()) {
    rt().deviceFault(cu2m::err::LaunchFailure,
                     std::string(split.name) + " synchronises its grid (grid_group::sync) but was launched without "
                     "cudaLaunchCooperativeKernel before the program's first cooperative launch: CUDA's grid.sync() "
                     "fails there (an H100, CUDA 13)");
    return cudaSuccess;
  }
  if (cudaError_t e = checkResident(*k, split.name, gridDim, blockDim, sharedMem, "a launch without cudaLaunchCooperativeKernel",
                                    ": on CUDA its grid.sync() would wait forever for blocks that cannot start"))
    return e;
  return launchGridSplit(split, gridDim, blockDim, args, sharedMem, stream);
}
} // namespace

cudaError_t cudaLaunchCooperativeKernel(const void* func, dim3 gridDim, dim3 blockDim, void** args, size_t sharedMem,
                                        cudaStream_t stream) {
  const cu2m_grid_split* split = cu2mFindGridSplit(func);
  const cu2m_kernel_info* k = split ? cu2mFindKernel(split->parts[0]) : cu2mFindKernel(func);
  if (!k) return fail(cudaErrorInvalidDeviceFunction, "cudaLaunchCooperativeKernel: %p is not a __global__ function of this program", func);
  if (!rt().isStream(stream)) return ret(cu2m::err::InvalidResourceHandle);
  if (cu2m::Error e = rt().stickyError()) return ret(e); // after a device fault, as every launch
  // All blocks must be resident at once, as on CUDA: the sizes the occupancy API reports.
  if (cudaError_t e = checkResident(*k, split ? split->name : kernelName(k), gridDim, blockDim, sharedMem,
                                    "cudaLaunchCooperativeKernel", ""))
    return e;
  cudaError_t e = split ? launchGridSplit(*split, gridDim, blockDim, args, sharedMem, stream)
                        : cudaLaunchKernel(func, gridDim, blockDim, args, sharedMem, stream);
  if (e == cudaSuccess) cooperativeLaunched = true;
  return e;
}

cudaError_t cudaLaunchCooperativeKernelMultiDevice(cudaLaunchParams*, unsigned int, unsigned int) {
  return fail(cudaErrorNotSupported, "cudaLaunchCooperativeKernelMultiDevice: not supported (one device; deprecated since CUDA 11.3)");
}

cudaError_t cudaLaunchKernelExC(const cudaLaunchConfig_t* config, const void* func, void** args) {
  if (!config || (config->numAttrs && !config->attrs)) return ret(cu2m::err::InvalidValue);
  const cu2m_grid_split* split = cu2mFindGridSplit(func);
  const cu2m_kernel_info* k = split ? cu2mFindKernel(split->parts[0]) : cu2mFindKernel(func);
  if (!k) return fail(cudaErrorInvalidResourceHandle, "cudaLaunchKernelEx: %p is not a __global__ function of this program", func);
  bool cooperative = false;
  for (unsigned i = 0; i < config->numAttrs; ++i) {
    const cudaLaunchAttribute& a = config->attrs[i];
    switch (a.id) {
      case cudaLaunchAttributeIgnore:
      case cudaLaunchAttributeAccessPolicyWindow:
      case cudaLaunchAttributeClusterSchedulingPolicyPreference:
      case cudaLaunchAttributeProgrammaticStreamSerialization: // launches run in issue order anyway
      case cudaLaunchAttributePriority:
      case cudaLaunchAttributeMemSyncDomainMap:
      case cudaLaunchAttributeMemSyncDomain:
      case cudaLaunchAttributePreferredClusterDimension:
        break; // hints
      case cudaLaunchAttributeCooperative:
        if (a.val.cooperative) cooperative = true;
        break;
      case cudaLaunchAttributeClusterDimension: {
        const auto& c = a.val.clusterDim;
        if (c.x * c.y * c.z > 1)
          return fail(cudaErrorNotSupported, "cudaLaunchKernelEx of %s: thread block clusters (%u,%u,%u) are not supported", kernelName(k), c.x, c.y, c.z);
        break;
      }
      case cudaLaunchAttributeProgrammaticEvent:
      case cudaLaunchAttributeLaunchCompletionEvent:
        return fail(cudaErrorNotSupported, "cudaLaunchKernelEx of %s: launch attribute %d (events triggered by the kernel) is not supported", kernelName(k), (int)a.id);
      default:
        return ret(cu2m::err::InvalidValue); // not a launch attribute (e.g. a stream-only one)
    }
  }
  if (cooperative) return cudaLaunchCooperativeKernel(func, config->gridDim, config->blockDim, args, config->dynamicSmemBytes, config->stream);
  return cudaLaunchKernel(func, config->gridDim, config->blockDim, args, config->dynamicSmemBytes, config->stream);
}

// ---- Stream capture API -----------------------------------------------------------------------------

cudaError_t cudaStreamBeginCapture(cudaStream_t stream, cudaStreamCaptureMode mode) {
  if (mode != cudaStreamCaptureModeGlobal && mode != cudaStreamCaptureModeThreadLocal &&
      mode != cudaStreamCaptureModeRelaxed)
    return ret(cu2m::err::InvalidValue);
  if (!rt().isStream(stream)) return ret(cu2m::err::InvalidResourceHandle);
  if (isLegacy(stream))
    return fail(cudaErrorStreamCaptureUnsupported, "cudaStreamBeginCapture: the legacy default stream cannot be captured; capture a created stream");
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  State& s = state();
  if (s.streams.count(stream)) return ret(cudaErrorIllegalState);
  auto c = std::make_shared<Capture>();
  c->graph = new Graph;
  s.graphs.insert(c->graph);
  c->mode = mode;
  c->thread = std::this_thread::get_id();
  c->origin = stream;
  c->id = s.nextCaptureId++;
  s.streams[stream] = StreamCapture{c, {}};
  return cudaSuccess;
}

cudaError_t cudaStreamEndCapture(cudaStream_t stream, cudaGraph_t* pGraph) {
  if (!pGraph) return ret(cu2m::err::InvalidValue);
  if (!rt().isStream(stream)) return ret(cu2m::err::InvalidResourceHandle);
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  State& s = state();
  StreamCapture* sc = capturing(stream);
  if (!sc) return ret(cudaErrorIllegalState);
  *pGraph = nullptr;
  std::shared_ptr<Capture> c = sc->capture;
  if (c->origin != stream) {
    invalidate(*c, "cudaStreamEndCapture", "was called on a stream other than the one that began the capture");
    return ret(cudaErrorStreamCaptureUnmatched);
  }
  if (c->mode == cudaStreamCaptureModeThreadLocal && c->thread != std::this_thread::get_id())
    return ret(cudaErrorStreamCaptureWrongThread);
  cudaError_t result = cudaSuccess;
  if (c->invalidated) {
    result = cudaErrorStreamCaptureInvalidated;
  } else {
    // Every stream forked into the capture must have been joined back into the origin stream.
    const std::vector<Node*> tails = sc->deps;
    for (auto& [other, osc] : s.streams) {
      if (osc.capture != c || other == stream) continue;
      for (Node* n : osc.deps) {
        const bool joined = std::any_of(tails.begin(), tails.end(), [&](const Node* t) { return isAncestor(n, t); });
        if (!joined) {
          if (!rt().options().quiet)
            std::fprintf(stderr, "cu2metal: cudaStreamEndCapture: work captured on stream %p was not joined back into the origin stream (record an event there and wait for it on the origin stream)\n", other);
          result = cudaErrorStreamCaptureUnjoined;
        }
      }
    }
  }
  endCapture(c);
  if (result != cudaSuccess) {
    destroyGraph(c->graph);
    return ret(result);
  }
  *pGraph = c->graph;
  return cudaSuccess;
}

cudaError_t cudaStreamIsCapturing(cudaStream_t stream, cudaStreamCaptureStatus* pCaptureStatus) {
  return cudaStreamGetCaptureInfo(stream, pCaptureStatus);
}

cudaError_t cudaStreamGetCaptureInfo(cudaStream_t stream, cudaStreamCaptureStatus* status, unsigned long long* id,
                                     cudaGraph_t* graph, const cudaGraphNode_t** deps, size_t* numDeps) {
  if (!status) return ret(cu2m::err::InvalidValue);
  if (!rt().isStream(stream)) return ret(cu2m::err::InvalidResourceHandle);
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  StreamCapture* sc = capturing(stream);
  if (!sc && isLegacy(stream) && !capturesVisibleHere().empty()) {
    // Asking about the legacy stream while a capture is on is itself an implicit synchronization.
    for (Capture* c : capturesVisibleHere()) invalidate(*c, "cudaStreamIsCapturing", "on the legacy default stream during a capture");
    return ret(cudaErrorStreamCaptureImplicit);
  }
  *status = !sc ? cudaStreamCaptureStatusNone
                : sc->capture->invalidated ? cudaStreamCaptureStatusInvalidated : cudaStreamCaptureStatusActive;
  if (id) *id = sc ? sc->capture->id : 0;
  if (graph) *graph = sc ? sc->capture->graph : nullptr;
  if (deps) *deps = sc && !sc->deps.empty() ? sc->deps.data() : nullptr;
  if (numDeps) *numDeps = sc ? sc->deps.size() : 0;
  return cudaSuccess;
}

cudaError_t cudaThreadExchangeStreamCaptureMode(cudaStreamCaptureMode* mode) {
  if (!mode || (*mode != cudaStreamCaptureModeGlobal && *mode != cudaStreamCaptureModeThreadLocal &&
                *mode != cudaStreamCaptureModeRelaxed))
    return ret(cu2m::err::InvalidValue);
  std::swap(*mode, tlsCaptureMode);
  return cudaSuccess;
}

// ---- Graphs -------------------------------------------------------------------------------------------

#define CU2M_GRAPH_LOCK std::lock_guard<std::recursive_mutex> lock_(state().mutex)

cudaError_t cudaGraphCreate(cudaGraph_t* pGraph, unsigned int flags) {
  if (!pGraph || flags != 0) return ret(cu2m::err::InvalidValue);
  CU2M_GRAPH_LOCK;
  *pGraph = new Graph;
  state().graphs.insert(*pGraph);
  return cudaSuccess;
}

cudaError_t cudaGraphDestroy(cudaGraph_t graph) {
  CU2M_GRAPH_LOCK;
  if (cudaError_t e = checkGraph(graph)) return e;
  for (auto& [stream, sc] : state().streams)
    if (sc.capture->graph == graph) return ret(cu2m::err::InvalidValue); // still being captured into
  destroyGraph(graph);
  return cudaSuccess;
}

cudaError_t cudaGraphClone(cudaGraph_t* pGraphClone, cudaGraph_t originalGraph) {
  if (!pGraphClone) return ret(cu2m::err::InvalidValue);
  CU2M_GRAPH_LOCK;
  if (cudaError_t e = checkGraph(originalGraph)) return e;
  for (auto& n : originalGraph->nodes)
    if (n->type == cudaGraphNodeTypeMemAlloc || n->type == cudaGraphNodeTypeMemFree)
      return fail(cudaErrorNotSupported, "cudaGraphClone: graphs with memory allocation or free nodes cannot be cloned");
  std::map<const Node*, Node*> map;
  *pGraphClone = cloneGraph(*originalGraph, &map, true);
  state().graphs.insert(*pGraphClone);
  return cudaSuccess;
}

cudaError_t cudaGraphAddKernelNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph, const cudaGraphNode_t* deps,
                                   size_t numDeps, const cudaKernelNodeParams* p) {
  CU2M_GRAPH_LOCK;
  Node tmp;
  if (cudaError_t e = setKernel(&tmp, p)) return e;
  Node* n = nullptr;
  if (cudaError_t e = addNode(pGraphNode, graph, deps, numDeps, cudaGraphNodeTypeKernel, &n)) return e;
  copyPayload(n, tmp);
  return cudaSuccess;
}

namespace {
Node* checkNode(cudaGraphNode_t node, cudaGraphNodeType type) {
  return node && state().nodes.count(node) && node->type == type ? node : nullptr;
}
} // namespace

cudaError_t cudaGraphKernelNodeGetParams(cudaGraphNode_t node, cudaKernelNodeParams* p) {
  CU2M_GRAPH_LOCK;
  Node* n = checkNode(node, cudaGraphNodeTypeKernel);
  if (!n || !p) return ret(cu2m::err::InvalidValue);
  p->func = const_cast<void*>(n->func);
  p->gridDim = dim3(n->config.grid.x, n->config.grid.y, n->config.grid.z);
  p->blockDim = dim3(n->config.block.x, n->config.block.y, n->config.block.z);
  p->sharedMemBytes = static_cast<unsigned>(n->config.dynamicShared);
  p->kernelParams = n->argPointers.empty() ? nullptr : n->argPointers.data();
  p->extra = nullptr;
  return cudaSuccess;
}

cudaError_t cudaGraphKernelNodeSetParams(cudaGraphNode_t node, const cudaKernelNodeParams* p) {
  CU2M_GRAPH_LOCK;
  Node* n = checkNode(node, cudaGraphNodeTypeKernel);
  if (!n) return ret(cu2m::err::InvalidValue);
  Node tmp;
  if (cudaError_t e = setKernel(&tmp, p)) return e;
  copyPayload(n, tmp);
  return cudaSuccess;
}

cudaError_t cudaGraphAddMemcpyNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph, const cudaGraphNode_t* deps,
                                   size_t numDeps, const cudaMemcpy3DParms* p) {
  CU2M_GRAPH_LOCK;
  Node tmp;
  if (cudaError_t e = setCopy(&tmp, p)) return e;
  Node* n = nullptr;
  if (cudaError_t e = addNode(pGraphNode, graph, deps, numDeps, cudaGraphNodeTypeMemcpy, &n)) return e;
  n->copy = tmp.copy;
  return cudaSuccess;
}

cudaError_t cudaGraphAddMemcpyNode1D(cudaGraphNode_t* pGraphNode, cudaGraph_t graph, const cudaGraphNode_t* deps,
                                     size_t numDeps, void* dst, const void* src, size_t count, cudaMemcpyKind kind) {
  cudaMemcpy3DParms p{};
  p.srcPtr = make_cudaPitchedPtr(const_cast<void*>(src), count, count, 1);
  p.dstPtr = make_cudaPitchedPtr(dst, count, count, 1);
  p.extent = make_cudaExtent(count, 1, 1);
  p.kind = kind;
  return cudaGraphAddMemcpyNode(pGraphNode, graph, deps, numDeps, &p);
}

cudaError_t cudaGraphMemcpyNodeGetParams(cudaGraphNode_t node, cudaMemcpy3DParms* p) {
  CU2M_GRAPH_LOCK;
  Node* n = checkNode(node, cudaGraphNodeTypeMemcpy);
  if (!n || !p) return ret(cu2m::err::InvalidValue);
  *p = n->copy;
  return cudaSuccess;
}

cudaError_t cudaGraphMemcpyNodeSetParams(cudaGraphNode_t node, const cudaMemcpy3DParms* p) {
  CU2M_GRAPH_LOCK;
  Node* n = checkNode(node, cudaGraphNodeTypeMemcpy);
  if (!n) return ret(cu2m::err::InvalidValue);
  return setCopy(n, p);
}

cudaError_t cudaGraphAddMemsetNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph, const cudaGraphNode_t* deps,
                                   size_t numDeps, const cudaMemsetParams* p) {
  CU2M_GRAPH_LOCK;
  Node tmp;
  if (cudaError_t e = setMemset(&tmp, p)) return e;
  Node* n = nullptr;
  if (cudaError_t e = addNode(pGraphNode, graph, deps, numDeps, cudaGraphNodeTypeMemset, &n)) return e;
  n->set = tmp.set;
  return cudaSuccess;
}

cudaError_t cudaGraphMemsetNodeGetParams(cudaGraphNode_t node, cudaMemsetParams* p) {
  CU2M_GRAPH_LOCK;
  Node* n = checkNode(node, cudaGraphNodeTypeMemset);
  if (!n || !p) return ret(cu2m::err::InvalidValue);
  *p = n->set;
  return cudaSuccess;
}

cudaError_t cudaGraphMemsetNodeSetParams(cudaGraphNode_t node, const cudaMemsetParams* p) {
  CU2M_GRAPH_LOCK;
  Node* n = checkNode(node, cudaGraphNodeTypeMemset);
  if (!n) return ret(cu2m::err::InvalidValue);
  return setMemset(n, p);
}

cudaError_t cudaGraphAddHostNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph, const cudaGraphNode_t* deps,
                                 size_t numDeps, const cudaHostNodeParams* p) {
  CU2M_GRAPH_LOCK;
  Node tmp;
  if (cudaError_t e = setHost(&tmp, p)) return e;
  Node* n = nullptr;
  if (cudaError_t e = addNode(pGraphNode, graph, deps, numDeps, cudaGraphNodeTypeHost, &n)) return e;
  n->host = tmp.host;
  return cudaSuccess;
}

cudaError_t cudaGraphHostNodeGetParams(cudaGraphNode_t node, cudaHostNodeParams* p) {
  CU2M_GRAPH_LOCK;
  Node* n = checkNode(node, cudaGraphNodeTypeHost);
  if (!n || !p) return ret(cu2m::err::InvalidValue);
  *p = n->host;
  return cudaSuccess;
}

cudaError_t cudaGraphHostNodeSetParams(cudaGraphNode_t node, const cudaHostNodeParams* p) {
  CU2M_GRAPH_LOCK;
  Node* n = checkNode(node, cudaGraphNodeTypeHost);
  if (!n) return ret(cu2m::err::InvalidValue);
  return setHost(n, p);
}

cudaError_t cudaGraphAddChildGraphNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph, const cudaGraphNode_t* deps,
                                       size_t numDeps, cudaGraph_t childGraph) {
  CU2M_GRAPH_LOCK;
  if (cudaError_t e = checkGraph(childGraph)) return e;
  if (childGraph == graph) return ret(cu2m::err::InvalidValue);
  std::vector<Node*> order;
  if (!topologicalOrder(*childGraph, &order))
    return fail(cudaErrorInvalidValue, "cudaGraphAddChildGraphNode: the child graph has a dependency cycle");
  for (auto& n : childGraph->nodes)
    if (n->type == cudaGraphNodeTypeMemAlloc || n->type == cudaGraphNodeTypeMemFree)
      return fail(cudaErrorNotSupported, "cudaGraphAddChildGraphNode: a child graph cannot hold memory allocation or free nodes");
  Node tmp;
  tmp.type = cudaGraphNodeTypeGraph;
  std::map<const Node*, Node*> map;
  tmp.child.reset(cloneGraph(*childGraph, &map, false));
  Node* n = nullptr;
  if (cudaError_t e = addNode(pGraphNode, graph, deps, numDeps, cudaGraphNodeTypeGraph, &n)) return e;
  n->child = std::move(tmp.child);
  return cudaSuccess;
}

cudaError_t cudaGraphAddEmptyNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph, const cudaGraphNode_t* deps,
                                  size_t numDeps) {
  CU2M_GRAPH_LOCK;
  Node* n = nullptr;
  return addNode(pGraphNode, graph, deps, numDeps, cudaGraphNodeTypeEmpty, &n);
}

cudaError_t cudaGraphAddMemAllocNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph, const cudaGraphNode_t* deps,
                                     size_t numDeps, cudaMemAllocNodeParams* p) {
  if (!p || !p->bytesize) return ret(cu2m::err::InvalidValue);
  if (p->poolProps.allocType != cudaMemAllocationTypePinned || p->poolProps.location.type != cudaMemLocationTypeDevice ||
      p->poolProps.location.id != 0)
    return fail(cudaErrorInvalidValue, "cudaGraphAddMemAllocNode: poolProps must ask for pinned memory on device 0");
  CU2M_GRAPH_LOCK;
  if (cudaError_t e = checkGraph(graph)) return e;
  auto a = std::make_shared<GraphAllocation>();
  if (cu2m::Error e = rt().malloc(&a->ptr, p->bytesize)) return ret(e);
  a->bytes = p->bytesize;
  Node* n = nullptr;
  if (cudaError_t e = addNode(pGraphNode, graph, deps, numDeps, cudaGraphNodeTypeMemAlloc, &n)) return e;
  n->allocation = a;
  a->owner = graph;
  state().allocations[a->ptr] = a;
  uint64_t used, reserved;
  graphMemory(&used, &reserved);
  p->dptr = a->ptr;
  return cudaSuccess;
}

cudaError_t cudaGraphAddMemFreeNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph, const cudaGraphNode_t* deps,
                                    size_t numDeps, void* dptr) {
  CU2M_GRAPH_LOCK;
  auto it = state().allocations.find(dptr);
  std::shared_ptr<GraphAllocation> a = it == state().allocations.end() ? nullptr : it->second.lock();
  if (!a)
    return fail(cudaErrorInvalidValue, "cudaGraphAddMemFreeNode: %p was not allocated by a graph memory allocation node", dptr);
  Node* n = nullptr;
  if (cudaError_t e = addNode(pGraphNode, graph, deps, numDeps, cudaGraphNodeTypeMemFree, &n)) return e;
  n->allocation = a;
  if (a->owner == graph) a->freedInGraph = true;
  return cudaSuccess;
}

namespace {
cudaError_t addEventNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph, const cudaGraphNode_t* deps, size_t numDeps,
                         cudaEvent_t event, cudaGraphNodeType type) {
  if (!event || rt().queryEvent(reinterpret_cast<cu2m::Event*>(event)) == cu2m::err::InvalidResourceHandle)
    return ret(cu2m::err::InvalidResourceHandle);
  Node* n = nullptr;
  if (cudaError_t e = addNode(pGraphNode, graph, deps, numDeps, type, &n)) return e;
  n->event = event;
  return cudaSuccess;
}
} // namespace

cudaError_t cudaGraphAddEventRecordNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph, const cudaGraphNode_t* deps,
                                        size_t numDeps, cudaEvent_t event) {
  CU2M_GRAPH_LOCK;
  return addEventNode(pGraphNode, graph, deps, numDeps, event, cudaGraphNodeTypeEventRecord);
}

cudaError_t cudaGraphAddEventWaitNode(cudaGraphNode_t* pGraphNode, cudaGraph_t graph, const cudaGraphNode_t* deps,
                                      size_t numDeps, cudaEvent_t event) {
  CU2M_GRAPH_LOCK;
  return addEventNode(pGraphNode, graph, deps, numDeps, event, cudaGraphNodeTypeWaitEvent);
}

cudaError_t cudaGraphAddDependencies(cudaGraph_t graph, const cudaGraphNode_t* from, const cudaGraphNode_t* to,
                                     size_t numDependencies) {
  CU2M_GRAPH_LOCK;
  if (cudaError_t e = checkGraph(graph)) return e;
  if (numDependencies && (!from || !to)) return ret(cu2m::err::InvalidValue);
  for (size_t i = 0; i < numDependencies; ++i) {
    Node *f = from[i], *t = to[i];
    if (!f || !t || f == t || f->graph != graph || t->graph != graph || !state().nodes.count(f) || !state().nodes.count(t))
      return ret(cu2m::err::InvalidValue);
    if (std::find(t->deps.begin(), t->deps.end(), f) != t->deps.end()) return ret(cu2m::err::InvalidValue);
  }
  for (size_t i = 0; i < numDependencies; ++i) to[i]->deps.push_back(from[i]);
  return cudaSuccess;
}

namespace {
// CUDA's convention for the node-list queries: NULL array → the count; otherwise up to *count
// entries, the rest of the array NULLed, and *count set to the number of entries that exist.
cudaError_t listOut(const std::vector<Node*>& list, cudaGraphNode_t* out, size_t* count) {
  if (!count) return ret(cu2m::err::InvalidValue);
  if (out) {
    for (size_t i = 0; i < *count; ++i) out[i] = i < list.size() ? list[i] : nullptr;
    if (*count > list.size()) *count = list.size();
  } else {
    *count = list.size();
  }
  return cudaSuccess;
}
} // namespace

cudaError_t cudaGraphGetNodes(cudaGraph_t graph, cudaGraphNode_t* nodes, size_t* numNodes) {
  CU2M_GRAPH_LOCK;
  if (cudaError_t e = checkGraph(graph)) return e;
  std::vector<Node*> all;
  for (auto& n : graph->nodes) all.push_back(n.get());
  return listOut(all, nodes, numNodes);
}

cudaError_t cudaGraphGetRootNodes(cudaGraph_t graph, cudaGraphNode_t* roots, size_t* numRoots) {
  CU2M_GRAPH_LOCK;
  if (cudaError_t e = checkGraph(graph)) return e;
  std::vector<Node*> list;
  for (auto& n : graph->nodes)
    if (n->deps.empty()) list.push_back(n.get());
  return listOut(list, roots, numRoots);
}

cudaError_t cudaGraphGetEdges(cudaGraph_t graph, cudaGraphNode_t* from, cudaGraphNode_t* to, size_t* numEdges) {
  CU2M_GRAPH_LOCK;
  if (cudaError_t e = checkGraph(graph)) return e;
  if (!numEdges || (!from) != (!to)) return ret(cu2m::err::InvalidValue);
  std::vector<Node*> f, t;
  for (auto& n : graph->nodes)
    for (Node* d : n->deps) {
      f.push_back(d);
      t.push_back(n.get());
    }
  size_t count = *numEdges;
  listOut(f, from, &count);
  return listOut(t, to, numEdges);
}

cudaError_t cudaGraphDebugDotPrint(cudaGraph_t graph, const char* path, unsigned int flags) {
  (void)flags; // the verbosity flags: every node gets its one-line description
  CU2M_GRAPH_LOCK;
  if (cudaError_t e = checkGraph(graph)) return e;
  if (!path) return ret(cu2m::err::InvalidValue);
  FILE* f = std::fopen(path, "w");
  if (!f) return fail(cudaErrorOperatingSystem, "cudaGraphDebugDotPrint: cannot write %s", path);
  std::fprintf(f, "digraph cudaGraph {\n");
  for (auto& n : graph->nodes) {
    std::fprintf(f, "  n%zu [shape=box, label=\"%zu: ", n->index, n->index);
    switch (n->type) {
      case cudaGraphNodeTypeKernel:
        std::fprintf(f, "kernel %s grid (%u,%u,%u) block (%u,%u,%u)", kernelName(n->kernel), n->config.grid.x,
                     n->config.grid.y, n->config.grid.z, n->config.block.x, n->config.block.y, n->config.block.z);
        break;
      case cudaGraphNodeTypeMemcpy:
        std::fprintf(f, "memcpy %zu x %zu x %zu bytes, kind %d", n->copy.extent.width, n->copy.extent.height,
                     n->copy.extent.depth, static_cast<int>(n->copy.kind));
        break;
      case cudaGraphNodeTypeMemset:
        std::fprintf(f, "memset %zu x %zu elements of %u bytes", n->set.width, n->set.height, n->set.elementSize);
        break;
      case cudaGraphNodeTypeHost: std::fprintf(f, "host function"); break;
      case cudaGraphNodeTypeGraph: std::fprintf(f, "child graph (%zu nodes)", n->child->nodes.size()); break;
      case cudaGraphNodeTypeMemAlloc: std::fprintf(f, "alloc %zu bytes", n->allocation->bytes); break;
      case cudaGraphNodeTypeMemFree: std::fprintf(f, "free"); break;
      case cudaGraphNodeTypeEventRecord: std::fprintf(f, "event record"); break;
      case cudaGraphNodeTypeWaitEvent: std::fprintf(f, "event wait"); break;
      default: std::fprintf(f, "empty"); break;
    }
    std::fprintf(f, "\"];\n");
    for (Node* d : n->deps) std::fprintf(f, "  n%zu -> n%zu;\n", d->index, n->index);
  }
  std::fprintf(f, "}\n");
  return std::fclose(f) == 0 ? cudaSuccess : fail(cudaErrorOperatingSystem, "cudaGraphDebugDotPrint: cannot write %s", path);
}

cudaError_t cudaGraphNodeGetType(cudaGraphNode_t node, cudaGraphNodeType* pType) {
  CU2M_GRAPH_LOCK;
  if (!node || !pType || !state().nodes.count(node)) return ret(cu2m::err::InvalidValue);
  *pType = node->type;
  return cudaSuccess;
}

cudaError_t cudaGraphNodeGetDependencies(cudaGraphNode_t node, cudaGraphNode_t* deps, size_t* numDeps) {
  CU2M_GRAPH_LOCK;
  if (!node || !state().nodes.count(node)) return ret(cu2m::err::InvalidValue);
  return listOut(node->deps, deps, numDeps);
}

cudaError_t cudaGraphInstantiate(cudaGraphExec_t* pGraphExec, cudaGraph_t graph, unsigned long long flags) {
  if (!pGraphExec) return ret(cu2m::err::InvalidValue);
  const unsigned long long known = cudaGraphInstantiateFlagAutoFreeOnLaunch | cudaGraphInstantiateFlagUseNodePriority;
  if (flags & ~known)
    return fail(cudaErrorInvalidValue, "cudaGraphInstantiate: flags 0x%llx are not supported (upload and device launch need a GPU)", flags);
  CU2M_GRAPH_LOCK;
  *pGraphExec = nullptr;
  if (cudaError_t e = checkGraph(graph)) return e;
  for (auto& [stream, sc] : state().streams)
    if (sc.capture->graph == graph) return ret(cu2m::err::InvalidValue); // still being captured into
  auto exec = std::make_unique<Exec>();
  exec->graph.reset(cloneGraph(*graph, &exec->fromOriginal, false));
  if (!topologicalOrder(*exec->graph, &exec->order))
    return fail(cudaErrorInvalidValue, "cudaGraphInstantiate: the graph has a dependency cycle");
  exec->autoFree = (flags & cudaGraphInstantiateFlagAutoFreeOnLaunch) != 0;
  *pGraphExec = exec.release();
  state().execs.insert(*pGraphExec);
  return cudaSuccess;
}

cudaError_t cudaGraphInstantiate(cudaGraphExec_t* pGraphExec, cudaGraph_t graph, cudaGraphNode_t* pErrorNode,
                                 char* pLogBuffer, size_t bufferSize) {
  if (pErrorNode) *pErrorNode = nullptr;
  if (pLogBuffer && bufferSize) pLogBuffer[0] = '\0';
  return cudaGraphInstantiate(pGraphExec, graph, 0ull);
}

cudaError_t cudaGraphInstantiateWithFlags(cudaGraphExec_t* pGraphExec, cudaGraph_t graph, unsigned long long flags) {
  return cudaGraphInstantiate(pGraphExec, graph, flags);
}

cudaError_t cudaGraphLaunch(cudaGraphExec_t graphExec, cudaStream_t stream) {
  if (!rt().isStream(stream)) return ret(cu2m::err::InvalidResourceHandle);
  std::vector<Node*> order;
  {
    CU2M_GRAPH_LOCK;
    if (!graphExec || !state().execs.count(graphExec)) return ret(cu2m::err::InvalidValue);
    cu2m::Error e;
    if (legacyConflict(stream, "cudaGraphLaunch", &e)) return ret(e);
    if (StreamCapture* sc = capturing(stream)) {
      // Launching into a capture embeds the graph as a child graph node.
      if (sc->capture->invalidated) return ret(cudaErrorStreamCaptureInvalidated);
      Node* n = captureNode(*sc, cudaGraphNodeTypeGraph);
      std::map<const Node*, Node*> map;
      n->child.reset(cloneGraph(*graphExec->graph, &map, false));
      return cudaSuccess;
    }
    order = graphExec->order;
    // Auto-free: allocations the previous launch left in use are released before relaunching.
    if (graphExec->autoFree)
      for (Node* n : order)
        if (n->type == cudaGraphNodeTypeMemAlloc && n->allocation->inUse) markInUse(n->allocation, false);
  }
  // Not under the lock: host nodes run the program's functions.
  return ret(runGraph(order));
}

cudaError_t cudaGraphUpload(cudaGraphExec_t graphExec, cudaStream_t stream) {
  if (!rt().isStream(stream)) return ret(cu2m::err::InvalidResourceHandle);
  CU2M_GRAPH_LOCK;
  if (!graphExec || !state().execs.count(graphExec)) return ret(cu2m::err::InvalidValue);
  return cudaSuccess; // nothing to upload: nodes run through the runtime
}

cudaError_t cudaGraphExecDestroy(cudaGraphExec_t graphExec) {
  CU2M_GRAPH_LOCK;
  if (!graphExec || !state().execs.erase(graphExec)) return ret(cu2m::err::InvalidValue);
  delete graphExec;
  return cudaSuccess;
}

namespace {
// The executable graph's copy of `node` (a node of the graph it was instantiated or updated from).
Node* execNode(cudaGraphExec_t exec, cudaGraphNode_t node, cudaGraphNodeType type) {
  if (!exec || !state().execs.count(exec)) return nullptr;
  auto it = exec->fromOriginal.find(node);
  return it != exec->fromOriginal.end() && it->second->type == type ? it->second : nullptr;
}
} // namespace

cudaError_t cudaGraphExecKernelNodeSetParams(cudaGraphExec_t exec, cudaGraphNode_t node, const cudaKernelNodeParams* p) {
  CU2M_GRAPH_LOCK;
  Node* n = execNode(exec, node, cudaGraphNodeTypeKernel);
  if (!n) return ret(cu2m::err::InvalidValue);
  Node tmp;
  if (cudaError_t e = setKernel(&tmp, p)) return e;
  copyPayload(n, tmp);
  return cudaSuccess;
}

cudaError_t cudaGraphExecMemcpyNodeSetParams(cudaGraphExec_t exec, cudaGraphNode_t node, const cudaMemcpy3DParms* p) {
  CU2M_GRAPH_LOCK;
  Node* n = execNode(exec, node, cudaGraphNodeTypeMemcpy);
  if (!n) return ret(cu2m::err::InvalidValue);
  return setCopy(n, p);
}

cudaError_t cudaGraphExecMemsetNodeSetParams(cudaGraphExec_t exec, cudaGraphNode_t node, const cudaMemsetParams* p) {
  CU2M_GRAPH_LOCK;
  Node* n = execNode(exec, node, cudaGraphNodeTypeMemset);
  if (!n) return ret(cu2m::err::InvalidValue);
  return setMemset(n, p);
}

cudaError_t cudaGraphExecHostNodeSetParams(cudaGraphExec_t exec, cudaGraphNode_t node, const cudaHostNodeParams* p) {
  CU2M_GRAPH_LOCK;
  Node* n = execNode(exec, node, cudaGraphNodeTypeHost);
  if (!n) return ret(cu2m::err::InvalidValue);
  return setHost(n, p);
}

cudaError_t cudaGraphExecUpdate(cudaGraphExec_t exec, cudaGraph_t graph, cudaGraphExecUpdateResultInfo* info) {
  CU2M_GRAPH_LOCK;
  if (info) *info = cudaGraphExecUpdateResultInfo{cudaGraphExecUpdateError, nullptr, nullptr};
  if (!exec || !state().execs.count(exec)) return ret(cu2m::err::InvalidValue);
  if (cudaError_t e = checkGraph(graph)) return e;
  // Same topology (node for node, in creation order), same node types: then only parameters change.
  Graph& target = *exec->graph;
  auto refuse = [&](cudaGraphExecUpdateResult why, Node* node) {
    if (info) *info = cudaGraphExecUpdateResultInfo{why, node, nullptr};
    return ret(cudaErrorGraphExecUpdateFailure);
  };
  if (graph->nodes.size() != target.nodes.size()) return refuse(cudaGraphExecUpdateErrorTopologyChanged, nullptr);
  for (size_t i = 0; i < graph->nodes.size(); ++i) {
    Node* src = graph->nodes[i].get();
    Node* dst = target.nodes[i].get();
    if (src->type != dst->type) return refuse(cudaGraphExecUpdateErrorNodeTypeChanged, src);
    if (src->deps.size() != dst->deps.size()) return refuse(cudaGraphExecUpdateErrorTopologyChanged, src);
    for (size_t d = 0; d < src->deps.size(); ++d)
      if (src->deps[d]->index != dst->deps[d]->index) return refuse(cudaGraphExecUpdateErrorTopologyChanged, src);
    if (src->type == cudaGraphNodeTypeGraph || src->allocation != dst->allocation)
      return refuse(cudaGraphExecUpdateErrorNotSupported, src); // child graphs, memory nodes
  }
  for (size_t i = 0; i < graph->nodes.size(); ++i) {
    Node* dst = target.nodes[i].get();
    std::vector<Node*> deps = dst->deps;
    copyPayload(dst, *graph->nodes[i]);
    dst->deps = deps;
    exec->fromOriginal[graph->nodes[i].get()] = dst;
  }
  if (info) info->result = cudaGraphExecUpdateSuccess;
  return cudaSuccess;
}

cudaError_t cudaGraphExecUpdate(cudaGraphExec_t exec, cudaGraph_t graph, cudaGraphNode_t* errorNode,
                                cudaGraphExecUpdateResult* result) {
  cudaGraphExecUpdateResultInfo info{};
  cudaError_t e = cudaGraphExecUpdate(exec, graph, &info);
  if (errorNode) *errorNode = info.errorNode;
  if (result) *result = info.result;
  return e;
}

// ---- Graph memory accounting ----------------------------------------------------------------------

cudaError_t cudaDeviceGetGraphMemAttribute(int device, cudaGraphMemAttributeType attr, void* value) {
  if (!value) return ret(cu2m::err::InvalidValue);
  if (device != 0) return ret(cu2m::err::InvalidDevice);
  CU2M_GRAPH_LOCK;
  uint64_t used, reserved;
  graphMemory(&used, &reserved);
  uint64_t* out = static_cast<uint64_t*>(value);
  switch (attr) {
    case cudaGraphMemAttrUsedMemCurrent: *out = used; break;
    case cudaGraphMemAttrUsedMemHigh: *out = state().usedHigh; break;
    case cudaGraphMemAttrReservedMemCurrent: *out = reserved; break;
    case cudaGraphMemAttrReservedMemHigh: *out = state().reservedHigh; break;
    default: return ret(cu2m::err::InvalidValue);
  }
  return cudaSuccess;
}

cudaError_t cudaDeviceSetGraphMemAttribute(int device, cudaGraphMemAttributeType attr, void* value) {
  if (!value) return ret(cu2m::err::InvalidValue);
  if (device != 0) return ret(cu2m::err::InvalidDevice);
  if (*static_cast<uint64_t*>(value) != 0) return ret(cu2m::err::InvalidValue); // high marks reset to 0 only
  CU2M_GRAPH_LOCK;
  uint64_t used, reserved;
  graphMemory(&used, &reserved);
  switch (attr) {
    case cudaGraphMemAttrUsedMemHigh: state().usedHigh = used; break;
    case cudaGraphMemAttrReservedMemHigh: state().reservedHigh = reserved; break;
    default: return ret(cu2m::err::InvalidValue);
  }
  return cudaSuccess;
}

// Reserved graph memory keeps the fixed addresses of allocation nodes whose graphs still exist (it
// goes when they are destroyed): there is no cached memory to give back.
cudaError_t cudaDeviceGraphMemTrim(int device) {
  if (device != 0) return ret(cu2m::err::InvalidDevice);
  return ret(rt().init());
}
