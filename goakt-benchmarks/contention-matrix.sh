#!/usr/bin/env bash
# The scenario harness three ways with one JDK: quiet, beside a CPU-bound co-tenant on every core (--co-tenant), and
# with the JVM given one processor (-XX:ActiveProcessorCount=1, and pinned to CPU 0 with taskset when it exists).
#
# Usage: goakt-benchmarks/contention-matrix.sh [java] [--iterations N] [other Harness arguments]
#   java            the java binary to measure with (default: java)
#   --iterations N  passed to the harness, as is every other argument (--only, --system, --quick)
#
# Build the jar first (./mvnw -q -pl goakt-benchmarks -am package -DskipTests). Each way writes
# docs/benchmark-results/harness-<way>-<jdk>-<date>-<commit>.txt (with -<system> after <way> when --system is
# given), where <way> is quiet, co-tenant or one-cpu and <jdk> is jdk<feature version>.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

java_bin=java
if [[ $# -gt 0 && "$1" != --* ]]; then
  java_bin="$1"
  shift
fi
harness_args=("$@")

system_suffix=""
for ((i = 0; i < ${#harness_args[@]}; i++)); do
  if [[ "${harness_args[$i]}" == "--system" && $((i + 1)) -lt ${#harness_args[@]} ]]; then
    system_suffix="-${harness_args[$((i + 1))]}"
  fi
done

jar=goakt-benchmarks/target/benchmarks.jar
if [[ ! -f "$jar" ]]; then
  echo "missing $jar: build it with ./mvnw -q -pl goakt-benchmarks -am package -DskipTests" >&2
  exit 1
fi

feature="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
jdk="jdk${feature:-unknown}"
date="$(date -u +%Y-%m-%d)"
commit="$(git rev-parse --short HEAD)"
out_dir=docs/benchmark-results
mkdir -p "$out_dir"
heap=(-Xms2g -Xmx4g)
main=io.goakt.benchmarks.scenario.Harness

run_way() {
  local way="$1"
  shift
  local file="$out_dir/harness-${way}${system_suffix}-${jdk}-${date}-${commit}.txt"
  echo "== $way -> $file"
  "$@" | tee "$file"
}

run_way quiet "$java_bin" "${heap[@]}" -cp "$jar" "$main" "${harness_args[@]}"
run_way co-tenant "$java_bin" "${heap[@]}" -cp "$jar" "$main" --co-tenant "${harness_args[@]}"
if command -v taskset > /dev/null; then
  run_way one-cpu taskset -c 0 "$java_bin" -XX:ActiveProcessorCount=1 "${heap[@]}" -cp "$jar" "$main" \
    "${harness_args[@]}"
else
  echo "taskset not found: the one-cpu way runs with -XX:ActiveProcessorCount=1 alone" >&2
  run_way one-cpu "$java_bin" -XX:ActiveProcessorCount=1 "${heap[@]}" -cp "$jar" "$main" "${harness_args[@]}"
fi
