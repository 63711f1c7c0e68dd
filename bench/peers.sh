#!/bin/sh
# Runs the peer benchmarks ROUNDS times from one test binary (each round runs
# every benchmark once, so load from elsewhere spreads over all of them) and
# prints, for each pair, the median ns/op, B/op and allocs/op of each client
# and the median of the per-round ratios facade / peer.
# Usage: peers.sh TEST_BINARY ROUNDS BENCHTIME
set -eu
bin=$1 rounds=$2 benchtime=$3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "load before: $(uptime)"
for round in $(seq "$rounds"); do
	"$bin" -test.run '^$' -test.bench . -test.benchmem -test.benchtime "$benchtime" |
		awk -v r="$round" '/^Benchmark/ { name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name); print r, name, $3, $5, $7 }' >>"$out"
done
echo "load after:  $(uptime)"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-12s %-7s %12s %10s %8s %s\n' pair client "ns/op" "B/op" allocs "facade/peer (median of rounds; per round)"
for pair in $(awk '{ print $2 }' "$out" | sed 's/\(Facade\|Ogen\)$//' | sort -u); do
	for client in Facade Ogen; do
		ns=$(awk -v n="$pair$client" '$2 == n { print $3 }' "$out" | median)
		bytes=$(awk -v n="$pair$client" '$2 == n { print $4 }' "$out" | median)
		allocs=$(awk -v n="$pair$client" '$2 == n { print $5 }' "$out" | median)
		if [ "$client" = Facade ]; then
			ratios=$(awk -v f="${pair}Facade" -v p="${pair}Ogen" '$2 == f { a[$1] = $3 } $2 == p { b[$1] = $3 } END { for (r in a) if (b[r] > 0) printf "%.2f\n", a[r] / b[r] }' "$out" | sort -n)
			printf '%-12s %-7s %12s %10s %8s %s (%s)\n' "$pair" facade "$ns" "$bytes" "$allocs" "$(echo "$ratios" | median)" "$(echo $ratios)"
		else
			printf '%-12s %-7s %12s %10s %8s\n' "" ogen "$ns" "$bytes" "$allocs"
		fi
	done
done
