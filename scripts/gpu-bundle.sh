#!/usr/bin/env bash
# Builds a self-contained bundle for the GPU machine (which has no Java): a jlink runtime of the
# JDK used here, the bms-core jar, its runtime dependencies (JavaCPP with the CUDA and OpenBLAS
# presets, plain and linux-x86_64 jars; not the CUDA redistributable: the machine's own CUDA 13
# libraries are used), the run script and the CuPy comparison script. Everything is packed into
# one .tar.xz (the runtime shrinks from 41 to 10 MiB that way) beside run.sh, which unpacks it
# into /tmp on first use.
#
#   scripts/gpu-bundle.sh [DEST]     (default DEST: bundle/ at the repository root, git-ignored)
#
# Then, on the GPU machine: bash DEST/run.sh [--quick]   (JSON results in $OUT, else DEST/out)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST=${1:-$ROOT/bundle}
JDK=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
LIMIT_MIB=60

cd "$ROOT"
mvn -q -B -pl bms-core -am package -DskipTests
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/lib"
cp bms-core/target/bms-core-*[0-9T].jar "$STAGE/lib/"
mvn -q -B -pl bms-core dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$STAGE/lib"
# Logging binding for the run (test scope in the poms).
SLF4J_VERSION=$(sed -n 's:.*<slf4j.version>\(.*\)</slf4j.version>.*:\1:p' pom.xml)
cp "$HOME/.m2/repository/org/slf4j/slf4j-simple/$SLF4J_VERSION/slf4j-simple-$SLF4J_VERSION.jar" "$STAGE/lib/"
# Not needed by the device run.
rm -f "$STAGE"/lib/commons-math3-*.jar

# The JUnit tests of the GPU package, to run where a GPU is (scripts/GpuTests.java launches them),
# and GpuCheck, the device check and benchmark, which lives with them in bms-core's test jar.
mkdir -p "$STAGE/testlib"
cp bms-core/target/bms-core-*-tests.jar "$STAGE/testlib/"
mvn -q -B -pl bms-core dependency:copy-dependencies -DincludeScope=test -DoutputDirectory="$STAGE/testlib"
for j in "$STAGE"/lib/*.jar; do rm -f "$STAGE/testlib/$(basename "$j")"; done
PLATFORM_VERSION=$(ls "$STAGE"/testlib/junit-platform-engine-*.jar | sed 's:.*junit-platform-engine-\(.*\)\.jar:\1:')
cp "$HOME/.m2/repository/org/junit/platform/junit-platform-launcher/$PLATFORM_VERSION/junit-platform-launcher-$PLATFORM_VERSION.jar" \
  "$STAGE/testlib/"
"$JDK/bin/javac" --release 17 -d "$STAGE/testlib/classes" -cp "$STAGE/testlib/*" scripts/GpuTests.java

MODULES=$("$JDK/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps \
  --class-path "$STAGE/lib/*" "$STAGE"/lib/bms-core-*.jar)
# java.desktop is only for EJML's matrix visualisation and java.management only for JavaCPP's
# opt-in MXBean, neither used here; JavaCPP uses sun.misc.Unsafe (jdk.unsupported) and
# java.logging reflectively; JUnit's class-path scanner reads the test jar through jdk.zipfs.
MODULES=$(echo "$MODULES,java.logging,jdk.unsupported,jdk.zipfs" | tr ',' '\n' \
  | grep -v -e '^java.desktop$' -e '^java.management$' | sort -u | paste -sd,)
# Uncompressed modules: xz below packs them far smaller than jlink's own zip compression.
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
  --compress=0 --output "$STAGE/jre"
# The JDK's libjvm.so keeps its full symbol table (4 MiB); the dynamic symbols stay.
strip --strip-unneeded "$STAGE/jre/lib/server/libjvm.so"

cp scripts/gpu-run.sh "$STAGE/run.sh"
cp scripts/cupy_bench.py "$STAGE/"
rm -rf "$DEST"
mkdir -p "$DEST"
tar -C "$STAGE" -cf - . | xz -6 -T0 > "$DEST/bms-gpu.tar.xz"
cp scripts/gpu-run.sh "$DEST/run.sh"
chmod +x "$DEST/run.sh"
echo "modules: $MODULES"
du -sh "$STAGE"/jre "$STAGE"/lib "$DEST"
SIZE=$(du -sm "$DEST" | cut -f1)
if [ "$SIZE" -gt "$LIMIT_MIB" ]; then
  echo "bundle is $SIZE MiB, over the $LIMIT_MIB MiB limit" >&2
  exit 1
fi
