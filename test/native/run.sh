#!/usr/bin/env bash
# Runtime smoke test: builds the runtime library from native/runtime/sources.txt, a hand-written
# kernel module and host program, and runs them on both CPU backends.
# Usage: test/native/run.sh            (CXX=g++ to build with GCC; KEEP=1 keeps the build dir)
set -u
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
native="$root/native"
CXX="${CXX:-clang++}"
out="$(mktemp -d "${TMPDIR:-/tmp}/cu2m-native-test.XXXXXX")"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$out"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
# Adds the "<N> passed, <M> failed" summary of a host_test run to ours.
tally() {
  local line n m
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)"
  if [ -z "$line" ]; then fail "$2: no summary line"; return; fi
  n="${line%% passed*}"
  m="${line#*, }"; m="${m%% failed*}"
  passed=$((passed + n))
  failed=$((failed + m))
}

# ---- Build -------------------------------------------------------------------------------------------
# -I native/include -I native as src/build/build.ts compiles the runtime (cublas.cpp includes cuda_fp16.h, which includes <cu2m/fp16.h>).
flags=(-std=c++17 -O2 -fPIC -Wall -Wextra -Werror -I "$native/include" -I "$native")
ldflags="$(sed -n 's/^LDFLAGS://p' "$native/runtime/sources.txt")"
objs=()
while IFS= read -r src; do
  case "$src" in ''|'#'*|LDFLAGS:*) continue ;; esac
  src="${src%% *}"  # a trailing mark (program-only) is not part of the path
  obj="$out/$(echo "$src" | tr '/' '_' | sed 's/\.cpp$/.o/')"
  if ! "$CXX" "${flags[@]}" -c "$native/$src" -o "$obj"; then
    fail "compile $src"
    echo "$passed passed, $failed failed"
    exit 1
  fi
  objs+=("$obj")
done < "$native/runtime/sources.txt"
ar rcs "$out/libcu2m_runtime.a" "${objs[@]}"
# -fstack-clash-protection as src/build compiles modules: large frames probe the stack guard page.
"$CXX" -std=c++17 -O2 -fPIC -shared -fstack-clash-protection -Wall -Wextra -Werror -I "$native/include" \
  "$here/kernels.cpp" -o "$out/kernels.so" || { fail "compile module"; echo "$passed passed, $failed failed"; exit 1; }
"$CXX" -std=c++17 -O2 -fPIC -shared -Wall -Wextra -Werror -I "$native/include" \
  "$here/broken_module.cpp" -o "$out/broken.so" || { fail "compile broken module"; echo "$passed passed, $failed failed"; exit 1; }
# shellcheck disable=SC2086
"$CXX" -std=c++17 -O2 -Wall -Wextra -Werror -I "$native/include" -include cuda_runtime.h \
  "$here/host_test.cpp" "$out/libcu2m_runtime.a" $ldflags -o "$out/host_test" ||
  { fail "compile host"; echo "$passed passed, $failed failed"; exit 1; }
pass
# shellcheck disable=SC2086
"$CXX" -std=c++17 -O2 -Wall -Wextra -Werror -I "$native/include" -include cuda_runtime.h \
  "$here/graph_test.cpp" "$out/libcu2m_runtime.a" $ldflags -o "$out/graph_test" ||
  { fail "compile graph test"; echo "$passed passed, $failed failed"; exit 1; }
pass

# The integer-division model (native/cpu/divzero.h): decoder and SIGFPE handler.
# shellcheck disable=SC2086
if "$CXX" -std=c++17 -O2 -Wall -Wextra -Werror -I "$native" "$here/divzero_test.cpp" "$out/libcu2m_runtime.a" $ldflags \
     -o "$out/divzero_test"; then
  "$out/divzero_test" > "$out/divzero.log" 2>&1
  rc=$?
  grep -E '^FAIL' "$out/divzero.log"
  tally "$out/divzero.log" "divzero"
  [ $rc -eq 0 ] || fail "divzero test: exit code $rc"
else
  fail "compile divzero test"
fi

# The CPU scheduler's block distribution: every block once, contiguous ranges, stealing, failure
# stops every range, CU2METAL_SPIN_US (native/cpu/scheduler.cpp).
# shellcheck disable=SC2086
if "$CXX" -std=c++17 -O2 -Wall -Wextra -Werror -I "$native" "$here/scheduler_test.cpp" "$out/libcu2m_runtime.a" $ldflags \
     -o "$out/scheduler_test"; then
  env -u CU2METAL_SPIN_US "$out/scheduler_test" > "$out/scheduler.log" 2>&1
  rc=$?
  grep -E '^(FAIL|  )' "$out/scheduler.log"
  tally "$out/scheduler.log" "scheduler"
  [ $rc -eq 0 ] || fail "scheduler test: exit code $rc"
else
  fail "compile scheduler test"
fi

# The Metal backend's platform-neutral decisions (native/metal/metal_policy.h).
if "$CXX" -std=c++17 -O2 -Wall -Wextra -Werror -I "$native" "$here/metal_policy_test.cpp" -o "$out/metal_policy_test"; then
  "$out/metal_policy_test" > "$out/metal_policy.log" 2>&1
  rc=$?
  grep -E '^FAIL' "$out/metal_policy.log"
  tally "$out/metal_policy.log" "metal policy"
  [ $rc -eq 0 ] || fail "metal policy test: exit code $rc"
else
  fail "compile metal policy test"
fi

# The software texture sampler of both CPU backends (native/include/cu2m/texture.h).
if "$CXX" -std=c++17 -O2 -Wall -Wextra -Werror -I "$native" "$here/texture_sampler_test.cpp" -o "$out/texture_sampler_test"; then
  "$out/texture_sampler_test" > "$out/texture_sampler.log" 2>&1
  rc=$?
  grep -E '^FAIL' "$out/texture_sampler.log"
  tally "$out/texture_sampler.log" "texture sampler"
  [ $rc -eq 0 ] || fail "texture sampler test: exit code $rc"
else
  fail "compile texture sampler test"
fi

# The shim must also compile a plain host program that uses it only through the forwarding headers.
cat > "$out/shim.cpp" <<'EOF'
#include <cuda.h>
#include <cuda_runtime.h>
#include <device_launch_parameters.h>
#include <driver_types.h>
#include <vector_types.h>
#include <memory>
#include <cstdio>
__global__ void k(float* __restrict__ p) { (void)p; }
__host__ __device__ __forceinline__ int twice(int x) { return 2 * x; }
__device__ __noinline__ int once(int x) { return x; }
__launch_bounds__(256, 2) __global__ void lb() {}
__constant__ float table[4];
int main() { auto sp = std::make_shared<int>(twice(once(1))); double2 d = make_double2(1, 2);
  std::printf("%d %g %zu\n", *sp, d.y, sizeof(cudaDeviceProp)); return 0; }
EOF
if "$CXX" -std=c++17 -Wall -Wextra -Werror -I "$native/include" -include cuda_runtime.h -c "$out/shim.cpp" -o "$out/shim.o"; then
  pass
else
  fail "shim compile"
fi

# ---- Run ---------------------------------------------------------------------------------------------
export CU2METAL_MODULE="$out/kernels.so"
for backend in cuda-cpu msl-cpu; do
  for threads in 1 ""; do
    label="$backend threads=${threads:-default}"
    log="$out/run-$backend-${threads:-d}.log"
    trace="$out/trace-$backend-${threads:-d}"
    CU2METAL_BACKEND="$backend" CU2METAL_THREADS="$threads" CU2METAL_TRACE="$trace" \
      "$out/host_test" all > "$log" 2> "$log.err"
    rc=$?
    grep -E '^(FAIL|reduction)' "$log" | sed "s/^/[$label] /"
    tally "$log" "$label"
    [ $rc -eq 0 ] || fail "$label: exit code $rc"
    # The diagnostic for the host-pointer argument names the kernel and the parameter.
    if grep -q "launch of kernel vecAdd: parameter 1 'B' is 0x[0-9a-f]*, which is not device memory" "$log.err"; then
      pass
    else
      fail "$label: host-pointer diagnostic missing"; cat "$log.err"
    fi
    # Kernel registry, cudaLaunchKernel, stream capture and graphs.
    CU2METAL_BACKEND="$backend" CU2METAL_THREADS="$threads" "$out/graph_test" > "$log.graph" 2> "$log.graph.err"
    rc=$?
    grep -E '^FAIL' "$log.graph" | sed "s/^/[$label graphs] /"
    tally "$log.graph" "$label graphs"
    [ $rc -eq 0 ] || fail "$label graphs: exit code $rc"
    if grep -q "cudaMalloc is not permitted while a stream is capturing: stream capture [0-9]* is invalidated" "$log.graph.err"; then
      pass
    else
      fail "$label: capture invalidation message missing"; cat "$log.graph.err"
    fi
    "$out/host_test" check-trace "$trace" > "$log.trace" 2>&1
    rc=$?
    grep -E '^FAIL' "$log.trace" | sed "s/^/[$label trace] /"
    tally "$log.trace" "$label trace"
    [ $rc -eq 0 ] || fail "$label: trace check exit code $rc"
  done
done

# Device trap: message names kernel, block and thread, and the program aborts.
CU2METAL_BACKEND=msl-cpu bash -c '"$0" trap; exit $?' "$out/host_test" > "$out/trap.log" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q 'cu2metal: device trap in kernel trapper (block (2,0,0), thread (1,0,0)): assertion `x < n` failed' "$out/trap.log" \
   && ! grep -q "trap returned" "$out/trap.log"; then
  pass
else
  fail "trap (rc $rc)"; cat "$out/trap.log"
fi

# A barrier in a kernel not flagged for barriers aborts with a message instead of deadlocking.
timeout 20 bash -c '"$0" bad-barrier; exit $?' "$out/host_test" > "$out/barrier.log" 2>&1
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q 'kernel badBarrier called a block barrier' "$out/barrier.log"; then
  pass
else
  fail "bad barrier (rc $rc)"; cat "$out/barrier.log"
fi

# Divergent barrier: some threads returned while others wait. Metal requires every thread of the
# threadgroup at a barrier: on msl-cpu it is reported with kernel, block, threads and the barrier's
# line; cudaErrorLaunchFailure; no hang. (cuda-cpu follows CUDA, where exited threads do not hold a
# barrier up: test/e2e/cli.test.ts; barriers at different call sites fail on both.)
for be in msl-cpu; do
  CU2METAL_BACKEND=$be timeout 60 bash -c '"$0" divergent-barrier; exit $?' "$out/host_test" > "$out/divergent.log" 2>&1
  rc=$?
  tally "$out/divergent.log" "divergent barrier ($be)"
  line="$(grep -n 'ctx->barrier' "$here/kernels.cpp" | sed -n '4p' | cut -d: -f1)"
  if [ $rc -eq 0 ] && grep -q "cu2metal: divergent barrier in kernel earlyExit, block ([0-3],0,0): threads 10-63 returned while threads 0-9 wait at the barrier at .*kernels.cpp:$line;" "$out/divergent.log" \
     && [ "$(grep -c '^cu2metal: divergent barrier in kernel' "$out/divergent.log")" -eq 1 ]; then
    pass
  else
    fail "divergent barrier message ($be, rc $rc)"; cat "$out/divergent.log"
  fi
done

# Missing module: clear message naming the kernel and the module, cudaErrorNoKernelImageForDevice.
CU2METAL_MODULE="$out/nope.so" "$out/host_test" missing-module > "$out/missing.log" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q "cannot launch kernel fill: cannot load kernel module $out/nope.so" "$out/missing.log"; then
  pass
else
  fail "missing module (rc $rc)"; cat "$out/missing.log"
fi
env -u CU2METAL_MODULE "$out/host_test" missing-module > "$out/unset.log" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q "cannot launch kernel fill: CU2METAL_MODULE is not set" "$out/unset.log"; then
  pass
else
  fail "unset module (rc $rc)"; cat "$out/unset.log"
fi

# A module that fails to load (an undefined symbol): every launch fails with
# cudaErrorNoKernelImageForDevice and a message naming the module and dlopen's reason.
CU2METAL_MODULE="$out/broken.so" "$out/host_test" missing-module > "$out/broken.log" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q "cannot launch kernel fill: cannot load kernel module $out/broken.so: .*cu2mTestHelperThatDoesNotExist" "$out/broken.log" \
   && grep -q "^cudaErrorNoKernelImageForDevice$" "$out/broken.log"; then
  pass
else
  fail "broken module (rc $rc)"; cat "$out/broken.log"
fi

# Without a kernel registry (the runtime's weak cu2mFindKernel), no function is a kernel:
# cudaFuncGetAttributes and the occupancy functions say so with cudaErrorInvalidDeviceFunction.
cat > "$out/noregistry.cpp" <<'EOF'
#include <cstdio>
__global__ void k(float* p) { (void)p; }
int main() {
  cudaFuncAttributes a;
  int n = 0, grid = 0, block = 0;
  cudaError_t e1 = cudaFuncGetAttributes(&a, k);
  cudaError_t e2 = cudaOccupancyMaxActiveBlocksPerMultiprocessor(&n, k, 128, 0);
  cudaError_t e3 = cudaOccupancyMaxPotentialBlockSize(&grid, &block, k);
  std::printf("%s %s %s\n", cudaGetErrorName(e1), cudaGetErrorName(e2), cudaGetErrorName(e3));
  return e1 == cudaErrorInvalidDeviceFunction && e2 == e1 && e3 == e1 ? 0 : 1;
}
EOF
# shellcheck disable=SC2086
if "$CXX" -std=c++17 -Wall -Wextra -Werror -I "$native/include" -include cuda_runtime.h "$out/noregistry.cpp" \
     "$out/libcu2m_runtime.a" $ldflags -o "$out/noregistry" && "$out/noregistry" > "$out/noregistry.log" 2>&1 \
   && grep -q "cudaFuncGetAttributes(0x[0-9a-f]*): not a kernel known to the runtime" "$out/noregistry.log"; then
  pass
else
  fail "functions without a registry"; cat "$out/noregistry.log"
fi

# cudaLimitStackSize grows the fiber stacks: with 64 KiB fibers a kernel using 192 KiB per thread
# overflows (and says so), and runs once the limit asks for 200 KiB.
for backend in cuda-cpu msl-cpu; do
  CU2METAL_BACKEND=$backend CU2METAL_FIBER_STACK_KB=64 "$out/host_test" stack-limit > "$out/stack-$backend.log" 2>&1
  rc=$?
  tally "$out/stack-$backend.log" "stack limit $backend"
  [ $rc -eq 0 ] || { fail "stack limit $backend (rc $rc)"; cat "$out/stack-$backend.log"; }
done
CU2METAL_FIBER_STACK_KB=64 bash -c '"$0" stack-overflow; exit $?' "$out/host_test" > "$out/overflow.log" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q "overflowed its 64 KiB stack" "$out/overflow.log"; then
  pass
else
  fail "stack overflow without the limit (rc $rc)"; cat "$out/overflow.log"
fi

# Unknown backend.
CU2METAL_BACKEND=bogus "$out/host_test" missing-module > "$out/bogus.log" 2>&1
if grep -q "cannot start backend 'bogus'" "$out/bogus.log"; then pass; else fail "bogus backend"; cat "$out/bogus.log"; fi

# Timing: the 1M-element block reduction, best of 3, default thread count.
"$out/host_test" perf > "$out/perf.log" 2>&1
tally "$out/perf.log" "perf"
best="$(sed -n 's/^best: \([0-9.]*\) ms$/\1/p' "$out/perf.log")"
echo "reduction 4096x256 with barriers, $(nproc) cores: best ${best:-?} ms"
if [ -n "$best" ] && awk -v b="$best" 'BEGIN { exit !(b < 2000) }'; then pass; else fail "reduction too slow: ${best:-?} ms"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
