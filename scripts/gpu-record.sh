#!/usr/bin/env bash
# Builds our self-checking programs (every .cu with a main under samples/ and test/fixtures/) with
# nvcc, to run them on a machine with an NVIDIA GPU (docs/DESIGN.md, "Checked on a real GPU").
#
#   scripts/gpu-record.sh build DIR [FILE.cu...]   nvcc each program into DIR/bin/<name>
#                                                  (name: the path with / → _, no .cu);
#                                                  DIR/built.txt, DIR/failed.txt, DIR/logs/
#   scripts/gpu-record.sh run DIR                  runs each DIR/bin/<name> without arguments:
#                                                  DIR/res/<name>.out, .err, .rc and DIR/results.tsv
#                                                  (name, exit status, last stdout line)
#
# Environment: NVCC (default nvcc), ARCH (default sm_90), JOBS (parallel builds, default nproc),
# TIMEOUT (seconds per run, default 120).
# A program's own comment lines change how it is built:
#   // gpu-build: FLAGS       more nvcc flags (e.g. --fmad=false: its checks expect no contraction)
#   // gpu-build: skip REASON not built (the reason goes to DIR/failed.txt)
# Multi-file programs: the other .cu/.cpp files without a main of a samples/ folder or a
# test/fixtures/multi* folder are built with it; a main in a .cpp file there names the program
# after its folder.
set -u
cd "$(dirname "$0")/.." || exit 2
NVCC=${NVCC:-nvcc}
ARCH=${ARCH:-sm_90}
JOBS=${JOBS:-$(nproc)}
TIMEOUT=${TIMEOUT:-120}

usage() { sed -n '2,19p' "$0" >&2; exit 2; }

build_one() { # DIR FILE
  local out=$1 f=$2 dir name extra="" flags g
  dir=$(dirname "$f")
  if [[ $f == *.cu ]]; then name=$(echo "${f%.cu}" | tr '/' '_'); else name=$(echo "$dir" | tr '/' '_'); fi
  if grep -q '^// gpu-build: skip' "$f"; then
    echo "$name skipped: $(grep -m1 '^// gpu-build: skip' "$f" | sed 's|^// gpu-build: skip *||')" >> "$out/failed.txt"
    return
  fi
  flags=$(grep '^// gpu-build:' "$f" | sed 's|^// gpu-build:||' | tr '\n' ' ')
  if [[ $dir == samples/* || $dir == test/fixtures/multi* ]]; then
    for g in "$dir"/*.cu "$dir"/*.cpp; do
      [ -e "$g" ] && [ "$g" != "$f" ] && ! grep -q 'int main' "$g" && extra="$extra $g"
    done
  fi
  # Device code spread over several .cu files links separately compiled device code.
  [ -n "$extra" ] && flags="$flags -rdc=true"
  # shellcheck disable=SC2086
  if "$NVCC" -arch="$ARCH" -O2 -std=c++17 -I"$dir" $flags -o "$out/bin/$name" "$f" $extra > "$out/logs/$name.txt" 2>&1; then
    echo "$name $f$extra${flags:+ [$flags]}" >> "$out/built.txt"
  else
    echo "$name build failed (see logs/$name.txt)" >> "$out/failed.txt"
  fi
}

cmd=${1:-}; out=${2:-}
[ -n "$cmd" ] && [ -n "$out" ] || usage
case $cmd in
  build)
    shift 2
    mkdir -p "$out/bin" "$out/logs"
    : > "$out/built.txt"; : > "$out/failed.txt"
    if [ $# -gt 0 ]; then files=("$@"); else
      mapfile -t files < <(grep -l 'int main' $(find samples test/fixtures -name '*.cu') \
        $(find samples test/fixtures/multi* -name '*.cpp' 2>/dev/null) | sort)
    fi
    export -f build_one; export NVCC ARCH
    printf '%s\n' "${files[@]}" | xargs -P "$JOBS" -I{} bash -c 'build_one "$0" "$1"' "$out" {}
    sort -o "$out/built.txt" "$out/built.txt"; sort -o "$out/failed.txt" "$out/failed.txt"
    echo "built $(wc -l < "$out/built.txt"), not built $(wc -l < "$out/failed.txt") (see $out/failed.txt)"
    ;;
  run)
    mkdir -p "$out/res"
    : > "$out/results.tsv"
    for b in "$out"/bin/*; do
      name=$(basename "$b")
      (cd "$out/res" && timeout "$TIMEOUT" "../bin/$name" > "$name.out" 2> "$name.err"; echo $? > "$name.rc")
      printf '%s\t%s\t%s\n' "$name" "$(cat "$out/res/$name.rc")" "$(tail -n1 "$out/res/$name.out")" >> "$out/results.tsv"
    done
    echo "passed $(awk -F'\t' '$2 == 0' "$out/results.tsv" | wc -l) of $(wc -l < "$out/results.tsv") (see $out/results.tsv)"
    ;;
  *) usage ;;
esac
