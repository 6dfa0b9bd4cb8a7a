#!/usr/bin/env bash
# Emulation test of the two CPU backends' device-side layers:
#   (a) msl-cpu: kernels.metal → src/build/mslLower.ts → clang++ against native/cpu/msl/metal_stdlib
#       + hand-written glue (kernels.msl-glue.inc) → .so
#   (b) cuda-cpu: kernels.cu (extern __shared__ rewritten as src/ will) → clang++ with
#       -include native/cpu/cuda/cu2m_cuda_device.h + glue (kernels.cuda-glue.inc) → .so
# then driver.cpp runs the kernels of both modules and checks the results, and
#   (c) negative/*.metal must be rejected, each with the expected message.
# Prints '<N> passed, <M> failed'; exits non-zero on failure.
#   usage: test/emulation/run.sh [OUTDIR]     (CXX overrides clang++)
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${1:-$(mktemp -d /tmp/cu2m-emulation.XXXXXX)}"
mkdir -p "$OUT"
CXX="${CXX:-clang++}"
# msl-cpu compiles MSL as C++ for OpenCL (src/build/build.ts MSL_CPU_LANGUAGE), with the C++ standard
# headers on -isystem, and links the plain C++ support object.
STD_INCLUDES=()
while IFS= read -r d; do STD_INCLUDES+=(-isystem "$d"); done < <("$CXX" -x c++ -std=c++17 -E -v - </dev/null 2>&1 | sed -n '/#include <...> search starts here/,/End of search list/p' | grep '^ ' | sed 's/^ *//')
MSL_LANG=(-x clcpp -cl-std=clc++2021 -cl-no-stdinc -Xclang -cl-ext=+__cl_clang_variadic_functions,+__cl_clang_function_pointers "${STD_INCLUDES[@]}")
MSL_FLAGS=("${MSL_LANG[@]}" -O2 -fPIC -shared -Wall -Wno-unknown-attributes -I "$ROOT/native/cpu/msl" -I "$ROOT/native/include")
MSL_SUPPORT=(-x none "$OUT/cu2m_msl_support.o")
"$CXX" -x c++ -std=c++17 -O2 -fPIC -Wall -Wextra -I "$ROOT/native/include" -c "$ROOT/native/cpu/msl/cu2m_msl_support.cpp" -o "$OUT/cu2m_msl_support.o"
CUDA_FLAGS=(-x c++ -std=c++17 -O2 -fPIC -shared -Wall -I "$ROOT/native/include" -I "$ROOT/native/cpu/cuda" -include "$ROOT/native/cpu/cuda/cu2m_cuda_device.h")

pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
  exit $?
}

# ---- the lowering, compiled on its own (independent of the rest of the TypeScript tree) ----
if (cd "$ROOT" && npx --no-install tsc --strict --target ES2022 --module commonjs --types node --skipLibCheck \
      --rootDir . --outDir "$OUT/js" src/build/mslLower.ts) >"$OUT/tsc.log" 2>&1; then
  ok "tsc src/build/mslLower.ts"
else
  ko "tsc src/build/mslLower.ts"; cat "$OUT/tsc.log"; finish
fi
# lower IN OUT: runs lowerMslForClang; prints errors as file:line:col: error: message; exit 1 on errors.
lower() {
  node -e '
    const fs = require("fs");
    const { lowerMslForClang } = require(process.argv[1]);
    const [inp, outp] = process.argv.slice(2);
    const r = lowerMslForClang(fs.readFileSync(inp, "utf8"), inp);
    for (const e of r.errors) console.error(`${inp}:${e.line}:${e.column}: error: ${e.message}`);
    fs.writeFileSync(outp, r.code);
    process.exit(r.errors.length ? 1 : 0);
  ' "$OUT/js/src/build/mslLower.js" "$1" "$2"
}

# ---- (a) msl-cpu module ----
msl_so=""
if lower "$HERE/kernels.metal" "$OUT/kernels.lowered.metal" 2>"$OUT/lower.log"; then
  ok "lower kernels.metal"
  cat "$OUT/kernels.lowered.metal" "$HERE/kernels.msl-glue.inc" >"$OUT/msl_module.cpp"
  start=$(date +%s.%N)
  if (cd "$HERE" && "$CXX" "${MSL_FLAGS[@]}" "$OUT/msl_module.cpp" "${MSL_SUPPORT[@]}" -o "$OUT/msl.so") >"$OUT/msl.log" 2>&1; then
    end=$(date +%s.%N)
    if [ -s "$OUT/msl.log" ]; then ko "msl-cpu module compiles without warnings"; cat "$OUT/msl.log"; else ok "msl-cpu module compiles without warnings"; fi
    printf '     (msl-cpu module compile: %.2f s)\n' "$(echo "$end - $start" | bc)"
    msl_so="$OUT/msl.so"
  else
    ko "msl-cpu module compiles"; cat "$OUT/msl.log"
  fi
else
  ko "lower kernels.metal"; cat "$OUT/lower.log"
fi

# ---- stdlib coverage: every emulated function instantiated, values checked ----
# At MSL 3.0 (the emulation's default) and 3.1 (which adds nextafter). A hosted program (main, casts of
# local arrays to device atomics), so compiled through the header's plain C++ branch.
for v in 300 310; do
if lower "$HERE/stdlib_coverage.metal" "$OUT/stdlib_coverage.lowered.metal" 2>"$OUT/cov.log" &&
   "$CXX" -x c++ -std=c++17 -O2 -Wall -Wno-unknown-attributes -D__METAL_VERSION__=$v -I "$ROOT/native/cpu/msl" -I "$ROOT/native/include" \
     "$OUT/stdlib_coverage.lowered.metal" -o "$OUT/stdlib_coverage" >>"$OUT/cov.log" 2>&1 && [ ! -s "$OUT/cov.log" ]; then
  if "$OUT/stdlib_coverage" >"$OUT/cov.run" 2>&1; then ok "metal_stdlib coverage at __METAL_VERSION__ $v ($(tail -1 "$OUT/cov.run"))"
  else ko "metal_stdlib coverage at __METAL_VERSION__ $v"; cat "$OUT/cov.run"; fi
else
  ko "metal_stdlib coverage compiles without warnings at __METAL_VERSION__ $v"; cat "$OUT/cov.log"
fi
done

# ---- (b) cuda-cpu module ----
# The extern __shared__ rewrite src/ applies (see cu2m_cuda_device.h), done here with sed for the
# two shapes in kernels.cu: namespace scope (column 0) and block scope (indented).
ID='[A-Za-z_][A-Za-z0-9_]*'
sed -E \
  -e "s/^extern __shared__ (__align__\([0-9]+\) )?([A-Za-z_][A-Za-z0-9_ ]*[A-Za-z0-9_]) +($ID)\[\];/CU2M_EXTERN_SHARED_GLOBAL(\3, \2);/" \
  -e "s/^([ \t]+)extern __shared__ (__align__\([0-9]+\) )?([A-Za-z_][A-Za-z0-9_ ]*[A-Za-z0-9_]) +($ID)\[\];/\1CU2M_EXTERN_SHARED(\4, \3);/" \
  "$HERE/kernels.cu" >"$OUT/kernels.cuda-cpu.cpp"
if grep -v '^ *//' "$OUT/kernels.cuda-cpu.cpp" | grep -q 'extern __shared__'; then ko "extern __shared__ rewrite"; else ok "extern __shared__ rewrite"; fi
cat "$HERE/kernels.cuda-glue.inc" >>"$OUT/kernels.cuda-cpu.cpp"
cuda_so=""
start=$(date +%s.%N)
if (cd "$HERE" && "$CXX" "${CUDA_FLAGS[@]}" "$OUT/kernels.cuda-cpu.cpp" -o "$OUT/cuda.so") >"$OUT/cuda.log" 2>&1; then
  end=$(date +%s.%N)
  if [ -s "$OUT/cuda.log" ]; then ko "cuda-cpu module compiles without warnings"; cat "$OUT/cuda.log"; else ok "cuda-cpu module compiles without warnings"; fi
  printf '     (cuda-cpu module compile: %.2f s)\n' "$(echo "$end - $start" | bc)"
  cuda_so="$OUT/cuda.so"
else
  ko "cuda-cpu module compiles"; cat "$OUT/cuda.log"
fi

# ---- CUDA device functions: overload resolution with libm, values ----
if "$CXX" -x c++ -std=c++17 -O2 -Wall -I "$ROOT/native/include" -I "$ROOT/native/cpu/cuda" -include "$ROOT/native/cpu/cuda/cu2m_cuda_device.h" \
     "$HERE/cuda_coverage.cu" -o "$OUT/cuda_coverage" >"$OUT/cudacov.log" 2>&1 && [ ! -s "$OUT/cudacov.log" ]; then
  if "$OUT/cuda_coverage" >"$OUT/cudacov.run" 2>&1; then ok "cu2m_cuda_device.h coverage ($(tail -1 "$OUT/cudacov.run"))"
  else ko "cu2m_cuda_device.h coverage"; cat "$OUT/cudacov.run"; fi
else
  ko "cu2m_cuda_device.h coverage compiles without warnings"; cat "$OUT/cudacov.log"
fi

# ---- driver ----
if "$CXX" -std=c++17 -O1 -Wall -I "$ROOT/native/include" "$HERE/driver.cpp" -o "$OUT/driver" -ldl -lpthread >"$OUT/driver.log" 2>&1; then
  ok "driver compiles"
else
  ko "driver compiles"; cat "$OUT/driver.log"; finish
fi
run_driver() { # so backend
  local log="$OUT/run-$2.log"
  "$OUT/driver" "$1" "$2" >"$log" 2>&1
  local rc=$?
  sed -e 's/^/     /' "$log" | grep -v ' passed, ' || true
  local p f
  p=$(grep -c '^ok ' "$log"); f=$(grep -c '^FAIL ' "$log")
  if [ "$rc" -eq 0 ] && [ "$f" -eq 0 ] && [ "$p" -gt 0 ]; then ok "$2 kernels ($p checks)"; else ko "$2 kernels (rc=$rc, $f failed checks)"; fi
}
[ -n "$msl_so" ] && run_driver "$msl_so" msl-cpu
[ -n "$cuda_so" ] && run_driver "$cuda_so" cuda-cpu
if [ -n "$cuda_so" ]; then
  "$OUT/driver" "$cuda_so" cuda-cpu assert >"$OUT/assert.log" 2>&1
  rc=$?
  if [ "$rc" -eq 3 ] && grep -q "Assertion \`p\[threadIdx.x\] >= 0\` failed" "$OUT/assert.log"; then
    ok "cuda-cpu device assert traps with the expression"
  else
    ko "cuda-cpu device assert traps (rc=$rc)"; cat "$OUT/assert.log"
  fi
fi

# ---- (c) negative checks: each must fail, with the expected message ----
# file | stage (lower: rejected by the lowering; compile: by clang) | expected message (grep -E)
NEG=(
  "tg_to_thread_ptr.metal|compile|no known conversion from '__local float\\[16\\]' to '__private float \\*"
  "program_scope_tg.metal|lower|program scope variable must reside in constant address space"
  "double.metal|compile|poisoned identifier"
  "device_to_tg.metal|compile|address space"
  "write_constant.metal|compile|const-qualified|read-only"
  "goto.metal|compile|poisoned identifier"
  "vector_arity.metal|compile|as many components"
)
for entry in "${NEG[@]}"; do
  IFS='|' read -r file stage pattern <<<"$entry"
  [ "$stage" = compile ] || true
  src="$HERE/negative/$file"
  low="$OUT/neg-${file%.metal}.lowered.metal"
  log="$OUT/neg-${file%.metal}.log"
  if ! lower "$src" "$low" 2>"$log"; then
    if [ "$stage" = lower ] && grep -qE "$pattern" "$log"; then ok "rejected by the lowering: $file ($(head -1 "$log" | sed 's/.*error: //'))"
    else ko "$file: unexpected lowering failure"; cat "$log"; fi
    continue
  fi
  if [ "$stage" = lower ]; then ko "$file: the lowering accepted it"; continue; fi
  if (cd "$HERE/negative" && "$CXX" "${MSL_FLAGS[@]}" "$low" "${MSL_SUPPORT[@]}" -o "$OUT/neg.so") >"$log" 2>&1; then
    ko "$file: compiled although it must not"
  elif grep -qE "$pattern" "$log"; then
    ok "rejected by clang: $file ($(grep -m1 'error:' "$log" | sed 's/.*error: //'))"
  else
    ko "$file: failed with an unexpected message"; cat "$log"
  fi
done

finish
