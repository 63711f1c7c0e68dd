#!/bin/sh
# Runs the benchmarks matching REGEX ROUNDS times from one test binary and
# prints the median ns/op, cpu-ns/op, B/op, allocs/op and dials/op of each,
# then for each pair NUM/DEN the median of the per-round ratios NUM / DEN,
# of wall time and of CPU time (cpu-ns/op: the process's user and system
# time per call), with the ratios of every round.
#
# Each round runs every benchmark once, each in a process of its own and in
# a new random order, so load from elsewhere spreads over all of them and
# no benchmark has a fixed place: run in source order in one process, the
# first one (the raw baseline) started every round in the same fresh
# process, and its ratios against the rest came out several points apart
# from the call-by-call loop's (BENCHMARKS.md).
# Usage: rounds.sh TEST_BINARY ROUNDS BENCHTIME REGEX [NUM/DEN ...]
set -eu
bin=$1 rounds=$2 benchtime=$3 regex=$4
shift 4
out=$(mktemp)
trap 'rm -f "$out"' EXIT
names=$("$bin" -test.list "$regex" | grep '^Benchmark')
echo "load before: $(uptime)"
for round in $(seq "$rounds"); do
	for name in $(echo "$names" | shuf); do
		"$bin" -test.run '^$' -test.bench "^$name\$" -test.benchmem -test.benchtime "$benchtime"
	done |
		awk -v r="$round" '/^Benchmark/ {
			name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
			ns = cpu = bytes = allocs = dials = "-"
			for (i = 3; i < NF; i += 2) {
				if ($(i + 1) == "ns/op") ns = $i
				else if ($(i + 1) == "cpu-ns/op") cpu = $i
				else if ($(i + 1) == "B/op") bytes = $i
				else if ($(i + 1) == "allocs/op") allocs = $i
				else if ($(i + 1) == "dials/op") dials = $i
			}
			print r, name, ns, cpu, bytes, allocs, dials
		}' >>"$out"
done
echo "load after:  $(uptime)"

median() { # FORMAT: the median of the numbers on stdin
	sort -n | awk -v f="$1" '{ v[NR] = $1 } END { if (NR == 0) print "-"; else printf f "\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
column_of() { awk -v n="$1" -v c="$2" '$2 == n && $c != "-" { print $c }' "$out" | median "${3:-%.0f}"; }

printf '\n%-30s %12s %12s %10s %10s %10s  (medians of %s rounds)\n' benchmark "ns/op" "cpu-ns/op" "B/op" allocs/op dials/op "$rounds"
for name in $(echo "$names" | sed 's/^Benchmark//'); do
	printf '%-30s %12s %12s %10s %10s %10s\n' "$name" "$(column_of "$name" 3)" "$(column_of "$name" 4)" "$(column_of "$name" 5)" "$(column_of "$name" 6)" "$(column_of "$name" 7 %.6f)"
done

[ $# -gt 0 ] || exit 0
ratios() { # NUM DEN COLUMN: the per-round ratios, sorted
	awk -v a="$1" -v b="$2" -v c="$3" '$2 == a { x[$1] = $c } $2 == b { y[$1] = $c } END { for (r in x) if (y[r] > 0) printf "%.2f\n", x[r] / y[r] }' "$out" | sort -n
}
printf '\n%-40s %s\n' "ratio (median of rounds)" "wall; cpu  (every round, sorted)"
for pair in "$@"; do
	num=${pair%/*} den=${pair#*/}
	wall=$(ratios "$num" "$den" 3) cpu=$(ratios "$num" "$den" 4)
	printf '%-40s %s; %s  (wall %s; cpu %s)\n' "$num / $den" "$(echo "$wall" | median %.2f)" "$(echo "$cpu" | median %.2f)" "$(echo $wall)" "$(echo $cpu)"
done
