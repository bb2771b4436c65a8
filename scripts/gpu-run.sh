#!/usr/bin/env bash
# Runs on the GPU machine from a bundle made by scripts/gpu-bundle.sh (copied in as run.sh):
# finds the machine's CUDA 13 libraries, checks the JavaCPP CUDA bindings load, runs the bms
# correctness checks and benchmark (bms.core.linalg.gpu.GpuCheck, in bms-core's test jar) and the
# CuPy comparison.
# Results: $OUT/bms-gpu.json, $OUT/cupy.json, logs beside them.
#
#   bash bundle/run.sh [--tests] [--no-cupy] [GpuCheck options: --quick --max N --sizes N,.. --bench-only]
#
# --tests first runs the JUnit tests of bms.core.linalg.gpu (the CUDA ones are skipped elsewhere).
set -uo pipefail
B=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$B/out}
mkdir -p "$OUT"
export OUT
if [ ! -d "$B/jre" ] && [ -f "$B/bms-gpu.tar.xz" ]; then
  # Packed bundle: unpack once into /tmp (xz, else Python's tarfile) and run from there.
  U=${TMPDIR:-/tmp}/bms-gpu-bundle
  rm -rf "$U" && mkdir -p "$U"
  tar -C "$U" -xJf "$B/bms-gpu.tar.xz" 2>/dev/null \
    || python3 -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "$B/bms-gpu.tar.xz" "$U" \
    || { echo "run.sh: cannot unpack $B/bms-gpu.tar.xz" >&2; exit 3; }
  exec bash "$U/run.sh" "$@"
fi
ARGS=()
CUPY=1
TESTS=0
for a in "$@"; do
  case "$a" in
    --no-cupy) CUPY=0;;
    --tests) TESTS=1;;
    *) ARGS+=("$a");;
  esac
done

ENVLOG="$OUT/env.txt"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1 | tee "$ENVLOG"

# The JNI libraries of JavaCPP's CUDA preset link against these sonames. Prefer one folder that
# holds them all (the CUDA toolkit's, else the NVIDIA pip wheels that PyTorch and CuPy bring), so
# that cuSOLVER and cuBLAS come from the same release; else take each where it is found.
NEED="libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcusolver.so.12 libcusolverMg.so.12 libcusparse.so.12 libnvJitLink.so.13"
found=$(find /usr/local /opt /usr/lib /usr/lib64 \( -name 'libcu*.so.1[23]' -o -name 'libnvJitLink.so.13' \) 2>/dev/null)
DIRS=""
cands=$(printf '%s\n' "$found" | grep '/libcusolver.so.12$' | xargs -r -n1 dirname | sort -u)
for d in $(printf '%s\n' "$cands" | grep '^/usr/local/cuda'; printf '%s\n' "$cands" | grep -v '^/usr/local/cuda'); do
  all=1
  for lib in $NEED; do [ -e "$d/$lib" ] || all=0; done
  if [ "$all" = 1 ]; then DIRS=":$d"; break; fi
done
if [ -z "$DIRS" ]; then
  for lib in $NEED; do
    d=$(printf '%s\n' "$found" | grep "/$lib\$" | grep -m1 '/usr/local/cuda' | xargs -r dirname)
    [ -z "$d" ] && d=$(printf '%s\n' "$found" | grep -m1 "/$lib\$" | xargs -r dirname)
    if [ -z "$d" ]; then echo "run.sh: $lib not found" | tee -a "$ENVLOG"; continue; fi
    case ":$DIRS:" in *":$d:"*) ;; *) DIRS="$DIRS:$d";; esac
  done
fi
# The driver's libcuda.so.1, if the loader cannot find it by itself.
if ! ldconfig -p 2>/dev/null | grep -q 'libcuda.so.1 '; then
  d=$(find /usr/local/nvidia /usr/lib /usr/lib64 /usr/local -name libcuda.so.1 2>/dev/null | head -1 | xargs -r dirname)
  [ -n "$d" ] && DIRS="$DIRS:$d"
fi
export LD_LIBRARY_PATH="${DIRS#:}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH" | tee -a "$ENVLOG"
for lib in $NEED; do
  for d in ${LD_LIBRARY_PATH//:/ }; do [ -e "$d/$lib" ] && { echo "$lib -> $(readlink -f "$d/$lib")" >> "$ENVLOG"; break; }; done
done
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-$(nproc)}

# GpuCheck is a check, not library code: it comes in bms-core's test jar (testlib/).
JAVA=("$B/jre/bin/java" -Xmx48g -Xss8m -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp-cache -XX:ErrorFile="$OUT/hs_err_%p.log" -cp "$B/lib/*:$B/testlib/*")
trc=0
if [ "$TESTS" = 1 ]; then
  "$B/jre/bin/java" -Xmx16g -Xss8m -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp-cache \
    -cp "$B/lib/*:$B/testlib/*:$B/testlib/classes" GpuTests bms.core.linalg.gpu 2>&1 | tee "$OUT/junit.log"
  trc=${PIPESTATUS[0]}
  echo "JUnit exit status: $trc"
fi
set -x
"${JAVA[@]}" bms.core.linalg.gpu.GpuCheck --out "$OUT/bms-gpu.json" "${ARGS[@]}" 2>&1 | tee "$OUT/bms-gpu.log"
rc=${PIPESTATUS[0]}
set +x
if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
  # No usable GPU from Java: show why the JNI libraries did not link.
  for f in $(find /tmp/javacpp-cache -name 'libjnicu*.so' 2>/dev/null); do
    echo "== ldd $f"; ldd "$f" | grep -i 'not found\|cu'
  done 2>&1 | tee -a "$ENVLOG"
fi
if [ "$CUPY" = 1 ]; then
  SIZES=256,512,1024,2048,4096,8192
  case " ${ARGS[*]-} " in *" --quick "*) SIZES=256,1024;; esac
  PYTHONUNBUFFERED=1 python3 "$B/cupy_bench.py" --out "$OUT/cupy.json" --sizes "$SIZES" 2>&1 | tee "$OUT/cupy.log"
fi
echo "bms GpuCheck exit status: $rc"
[ "$rc" = 0 ] && rc=$trc
exit "$rc"
