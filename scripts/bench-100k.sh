#!/usr/bin/env bash
# bench-100k: the two batch-size runs of issue 16, each timed from outside with GNU time
# (wall, CPU, peak resident memory), then deleted.
#
# 1. N documents of the bench's realistic mix (default 100,000; `make bench`'s generator,
#    written by the bench binary: `cargo bench --bench extract -- --mix N --mix-write DIR`)
#    through `nianbao extract`: time, peak memory (target ≤ 100 MiB) and the outputs' size.
# 2. COPIES copies (default 10,000) of one agency's series (corpus/series: 2020, 2021,
#    2022 in turn, each folder one copy of the three): every copy after the first of each
#    year is `duplicate_of` it, the cross-year checks see three reports — seconds, flat memory.
#
# WHERE (default target/bench, the disk) holds the inputs and outputs: ~1.7 GB of documents
# and ~6.6 GB of outputs at 100,000 (check `df`); WHERE=/dev/shm for tmpfs (memory).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
COPIES=${COPIES:-10000}
JOBS=${JOBS:-0}
WHERE=${WHERE:-target/bench}
BIN=${BIN:-./target/release/nianbao}
# What writes the mix (the bench binary, built by `make bench`).
GEN=${GEN:-cargo bench --locked --bench extract --}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench-100k: GNU time (/usr/bin/time) is needed for the peak memory"; exit 1; }
[ -x "$BIN" ] || { echo "bench-100k: $BIN missing: make build first"; exit 1; }
mkdir -p "$WHERE"
work=$(mktemp -d "$WHERE/nianbao-100k.XXXXXX")
trap 'rm -rf "$work"' EXIT
df -h "$WHERE" | tail -1 | awk '{ print "bench-100k: " $4 " free on " $6 }'

size() { du -sb "$1" | awk '{ printf "%.2f GB", $1 / 1e9 }'; }
run() { # name, inputs, outputs
    "$TIME" -f "$1: %e s wall, %U s user + %S s system CPU, peak memory %M KiB" \
        "$BIN" extract "$2" --out "$3" --quiet --jobs "$JOBS"
}

echo "bench-100k: writing $N documents of the mix…"
start=$(date +%s)
$GEN --mix "$N" --mix-write "$work/docs" | tail -1
echo "bench-100k: $(find "$work/docs" -type f ! -name .complete | wc -l) files, $(size "$work/docs"), written in $(( $(date +%s) - start )) s"
run "bench-100k: $N-document mix" "$work/docs" "$work/out"
echo "bench-100k: outputs $(find "$work/out" -type f | wc -l) files, $(size "$work/out"); batch files:"
ls -l "$work/out" | awk 'NR > 1 && $1 !~ /^d/ { printf "  %-28s %8.1f MB\n", $9, $5 / 1e6 }'
rm -rf "$work/docs" "$work/out"

echo "bench-100k: $COPIES copies of corpus/series…"
series=(corpus/series/*.docx)
for ((i = 0; i < COPIES; i++)); do
    d="$work/copies/$(printf 'c%05d' $((i / ${#series[@]})))"
    mkdir -p "$d"
    cp "${series[$((i % ${#series[@]}))]}" "$d/"
done
run "bench-100k: $COPIES copies of one series" "$work/copies" "$work/out-copies"
grep -E '"(reports|duplicates|files)"' "$work/out-copies/summary.json" | tr -s ' ' | sed 's/^/  summary.json:/'
echo "bench-100k: batch_anomalies.csv $(($(wc -l < "$work/out-copies/batch_anomalies.csv") - 1)) rows"
