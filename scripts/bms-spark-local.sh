#!/usr/bin/env bash
# Runs the bms-spark command without a Spark installation: Spark's jars from the local Maven
# repository (mvn dependency:build-classpath), bms from this checkout's compiled classes, and the
# JVM flags Spark needs on Java 17+ (the same list as spark.test.jvm.flags in the parent pom).
# Build first: mvn -B -ntp -q -pl bms-spark -am test-compile
# Example: scripts/bms-spark-local.sh sgpr --master 'local[2]' --synthetic 1000000 --partitions 8 --evaluations 3
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cp_file="$root/bms-spark/target/classpath.txt"
if [[ ! -s "$cp_file" ]]; then
  (cd "$root" && mvn -B -ntp -q -pl bms-spark dependency:build-classpath -Dmdep.includeScope=provided \
    -Dmdep.outputFile="$cp_file" >/dev/null)
fi
# The bms modules of this checkout, not whatever version sits in ~/.m2.
deps="$(tr ':' '\n' < "$cp_file" | grep -v '/io/bms/' | paste -sd: -)"
classes="$root/bms-spark/target/classes:$root/bms-dgp/target/classes:$root/bms-kernels/target/classes:$root/bms-core/target/classes"
flags="$(sed -n 's|.*<spark.test.jvm.flags>\(.*\)</spark.test.jvm.flags>.*|\1|p' "$root/pom.xml")"
# shellcheck disable=SC2086
exec java $flags ${BMS_SPARK_JAVA_OPTS:--Xmx2g} -cp "$classes:$deps" bms.spark.cli.BmsSpark "$@"
