#!/usr/bin/env bash
# Syntax check of the Metal backend (native/metal/metal_backend.mm) without a Mac.
#
# On Linux the .mm is compiled -fsyntax-only against declaration-only SDK stubs
# (native/metal/stub/, written from Apple's documentation):
#   linux         the plain check: Linux target, -fobjc-runtime=macosx-13.0, ARC
#   macos13       target x86_64-apple-macos13.0, so that clang also enforces API availability
#                 (@available guards) and the macOS-only predefines; the C/C++ library headers are
#                 the host's (only the Objective-C parts matter here)
#   macos13-sdk14 the same with the stubs modelling the macOS 14 SDK (Xcode 15): the code paths
#                 for newer SDKs must drop out cleanly
# plus the plain C++ side (metal_backend.h, cpu_backend.cpp with -DCU2M_HAVE_METAL=1), and
# mutation tests: copies of the .mm with one deliberate mistake each (misspelled selector, wrong
# argument types, unknown property, missing availability guard...) that the check must REJECT;
# otherwise it would prove nothing.
# On macOS the same .mm is checked against the real SDK (xcrun), with the same mutations.
#
# Prints one line per check and '<N> passed, <M> failed'; exits 1 on any failure.
# CU2M_METAL_CHECK_LINUX_ONLY=1 skips the macos13* passes (for hosts whose C library headers do
# not parse under a macOS target triple).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mm="$root/native/metal/metal_backend.mm"
stub="$root/native/metal/stub"
inc="$root/native/include"
CXX="${CXX:-clang++}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cu2m-metal-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok    $1"; }
bad() { failed=$((failed + 1)); echo "FAIL  $1"; [ -n "${2:-}" ] && sed 's/^/      | /' "$2" | head -n 30; }

# ---- Configurations ---------------------------------------------------------------------------------
objc=(-x objective-c++ -std=c++17 -fobjc-arc -fsyntax-only)
declare -A config_flags
configs=()
if [ "$(uname -s)" = Darwin ]; then
  CXX="${CXX_DARWIN:-xcrun clang++}"
  config_flags[sdk]="-mmacosx-version-min=13.0 -Wall -Wextra -Werror -I $inc"
  configs=(sdk)
else
  # Exactly the command of the brief: Linux target, stub headers.
  config_flags[linux]="-fobjc-runtime=macosx-13.0 -Wall -Werror -I $stub -I $inc"
  configs=(linux)
  if [ "${CU2M_METAL_CHECK_LINUX_ONLY:-0}" != 1 ]; then
    # The host's header search list, replayed under a macOS triple (-nostdinc: nothing else).
    host_dirs="$($CXX -x c++ -E -v /dev/null 2>&1 | sed -n '/<\.\.\.> search starts here/,/End of search list/p' | sed '1d;$d')"
    sys=(-nostdinc -nostdinc++)
    while IFS= read -r d; do [ -n "$d" ] && sys+=(-isystem "${d# }"); done <<<"$host_dirs"
    # glibc under a Darwin triple: clang predefines __nonnull/__nullable (nullability spellings)
    # that glibc uses as macros of its own, and libstdc++ needs _GNU_SOURCE as on Linux.
    darwin="-target x86_64-apple-macos13.0 ${sys[*]} -U__nonnull -U__nullable -D_GNU_SOURCE"
    config_flags[macos13]="$darwin -Wall -Wextra -Werror -I $stub -I $inc"
    config_flags[macos13-sdk14]="$darwin -DCU2M_STUB_SDK=140000 -Wall -Wextra -Werror -I $stub -I $inc"
    configs+=(macos13 macos13-sdk14)
  fi
fi

# compile CONFIG FILE LOG [extra flags...]: 0 when clang accepts FILE.
compile() {
  local config="$1" file="$2" log="$3"
  shift 3
  # shellcheck disable=SC2086
  $CXX "${objc[@]}" ${config_flags[$config]} "$@" "$file" >"$log" 2>&1
}

# ---- The backend must compile --------------------------------------------------------------------------
for c in "${configs[@]}"; do
  log="$work/accept-$c.log"
  if compile "$c" "$mm" "$log"; then ok "accepts metal_backend.mm [$c]"; else bad "accepts metal_backend.mm [$c]" "$log"; fi
done

# The plain C++ side: the factory header, and createBackend learning "metal" under CU2M_HAVE_METAL.
log="$work/header.log"
if printf '#include "metal/metal_backend.h"\nint main() { std::string e; return cu2m::createMetalBackend(e) ? 0 : 1; }\n' |
  $CXX -x c++ -std=c++17 -fsyntax-only -Wall -Wextra -Werror -I "$root/native" - >"$log" 2>&1; then
  ok "metal_backend.h is plain C++"
else
  bad "metal_backend.h is plain C++" "$log"
fi
if [ "$(uname -s)" = Darwin ]; then cxx_mac=(-mmacosx-version-min=13.0); elif [ -n "${config_flags[macos13]:-}" ]; then
  # shellcheck disable=SC2206
  cxx_mac=(${config_flags[macos13]})
else cxx_mac=(); fi
if [ ${#cxx_mac[@]} -gt 0 ]; then
  log="$work/cpu_backend.log"
  if $CXX -x c++ -std=c++17 -fsyntax-only "${cxx_mac[@]}" -Wall -Wextra -Werror -DCU2M_HAVE_METAL=1 \
    "$root/native/runtime/cpu_backend.cpp" >"$log" 2>&1 && grep -q 'createMetalBackend(error)' "$root/native/runtime/cpu_backend.cpp"; then
    ok "cpu_backend.cpp calls createMetalBackend on macOS with -DCU2M_HAVE_METAL=1"
  else
    bad "cpu_backend.cpp calls createMetalBackend on macOS with -DCU2M_HAVE_METAL=1" "$log"
  fi
fi

# ---- Mutations: each must be REJECTED -------------------------------------------------------------------
# mutate NAME CONFIGS FROM TO EXPECT: a copy of the .mm with the first FROM (a literal, may span
# lines) replaced by TO must fail to compile in every config of CONFIGS ("all" = every config),
# with an error matching the extended regex EXPECT.
mutate() {
  local name="$1" which="$2" from="$3" to="$4" expect="$5"
  local copy="$work/mutant-${name}.mm"
  if ! FROM="$from" TO="$to" python3 - "$mm" "$copy" <<'EOF'; then
import os, sys
src = open(sys.argv[1]).read()
a, b = os.environ["FROM"], os.environ["TO"]
if a not in src:
    sys.exit(1)
open(sys.argv[2], "w").write(src.replace(a, b, 1))
EOF
    bad "mutation '$name': its text is no longer in metal_backend.mm (update the check)"
    return
  fi
  local c list=()
  if [ "$which" = all ]; then list=("${configs[@]}"); else for c in $which; do [ -n "${config_flags[$c]:-}" ] && list+=("$c"); done; fi
  if [ ${#list[@]} -eq 0 ]; then echo "skip  mutation '$name' (no ${which} pass on this host)"; return; fi
  for c in "${list[@]}"; do
    local log="$work/mutant-$name-$c.log"
    # The copy lives in $work: the relative includes must still resolve, hence -I native/metal.
    if compile "$c" "$copy" "$log" -I "$root/native/metal" -iquote "$root/native/metal"; then
      bad "rejects mutation '$name' [$c]: clang ACCEPTED it"
    elif grep -Eq "$expect" "$log"; then
      ok "rejects mutation '$name' [$c]: $(grep -E -m1 'error:' "$log" | sed 's/^.*error: //')"
    else
      bad "rejects mutation '$name' [$c]: failed, but not with /$expect/" "$log"
    fi
  done
}

mutate misspelled-selector all \
  'newLibraryWithSource:src' 'newLibraryWithSorce:src' \
  "no visible @interface|no known instance method for selector 'newLibraryWithSorce:options:error:'|instance method .*not found"
mutate wrong-struct-argument all \
  'dispatchThreadgroups:MTLSizeMake(r.grid.x, r.grid.y, r.grid.z)' 'dispatchThreadgroups:r.grid' \
  "cannot initialize a parameter of type 'MTLSize'|no viable conversion|incompatible type"
mutate wrong-object-argument all \
  '[encoder_ setComputePipelineState:ps];' '[encoder_ setComputePipelineState:kernel->function()];' \
  "incompatible type 'id<MTLComputePipelineState>'|MTLComputePipelineState"
mutate unknown-property all \
  'device_.maxThreadgroupMemoryLength; // 32 KB' 'device_.maxThreadGroupMemoryLength; // 32 KB' \
  "property 'maxThreadGroupMemoryLength' not found"
mutate wrong-enumerator all \
  'MTLCommandBufferStatusError' 'MTLCommandBufferStatusFailed' \
  "undeclared identifier 'MTLCommandBufferStatusFailed'"
mutate arc-unbridged-cast all \
  'out.native = (__bridge_retained void*)b;' 'out.native = (void*)b;' \
  "requires a bridged cast|cast of Objective-C pointer type"
mutate no-copy-without-deallocator all \
  $'options:MTLResourceStorageModeShared\n                                              deallocator:nil]' 'options:MTLResourceStorageModeShared]' \
  "no visible @interface|instance method .*not found|newBufferWithBytesNoCopy:length:options:'"
mutate missing-availability-guard "macos13 sdk" \
  $'if (@available(macOS 15.0, *)) {\n    s.options.mathMode' $'if (true) {\n    s.options.mathMode' \
  "'(setMathMode:|mathMode)' is only available on macOS 15.0 or newer"
mutate unguarded-language-version "macos13 sdk" \
  'if (@available(macOS 26.0, *)) {' 'if (true) {' \
  "'MTLLanguageVersion4_0' is only available on macOS 26.0 or newer"
mutate missing-sdk-guard "macos13-sdk14" \
  $'#if CU2M_SDK_HAS_MACOS_15\n  if (@available(macOS 15.0, *)) {\n    s.options.mathMode' $'#if 1\n  if (@available(macOS 15.0, *)) {\n    s.options.mathMode' \
  "mathMode|MTLMathMode"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
