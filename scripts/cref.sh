#!/usr/bin/env bash
# Times sim/testdata/cref/floor.c, BenchmarkFloor's household-year in C
# (TestFloorMatchesC checks that both compute the same bits), at each level
# (bare, sums, counts), built two ways: gcc -O2, and gcc -O3 for this CPU.
# -ffp-contract=off in both: a fused multiply-add would change the results.
# Prints ns per household-year, min and median over REPS repetitions of
# YEARS years each. Compare with: go test ./sim -run '^$' -bench Floor
#
# usage: scripts/cref.sh [YEARS [REPS]]   (default 1000 years, 5 repetitions)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
years=${1:-1000} reps=${2:-5}
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

gcc -std=c99 -O2 -ffp-contract=off -o "$out/floor-O2" "$root/sim/testdata/cref/floor.c" -lm
gcc -std=c99 -O3 -march=native -ffp-contract=off -o "$out/floor-O3-native" "$root/sim/testdata/cref/floor.c" -lm

for level in bare sums counts; do
    for build in O2 O3-native; do
        # The first line is the timing; the rest is the checksum.
        printf '%-10s ' "$build"
        "$out/floor-$build" "$level" "$years" "$reps" | sed -n 1p # not head: it would cut the pipe
    done
done
