#!/usr/bin/env bash
# bench-convert: LibreOffice batch speed — documents/s for N .doc files (default 200)
# through `nianbao extract`, with JOBS workers (default 0 = one per core).
#
# 1. target/bench/convert-N/: N .doc files, made once by LibreOffice itself (one soffice
#    start) from the corpus .docx reports taken in turn; kept between runs.
# 2. `nianbao extract` on them, timed: the prepass converts them back to .docx, many files
#    per soffice start (one start per chunk of at most 32, one profile per worker), then
#    the main pass reads them. Prints documents/s.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-200}
JOBS=${JOBS:-0}
BIN=${BIN:-./target/release/nianbao}
command -v soffice >/dev/null || { echo "bench-convert: soffice not on PATH"; exit 1; }
dir=target/bench/convert-$N
# The corpus reports LibreOffice reads as Word would: not quirks-converted-2021.docx,
# whose ISO 29500 Strict package (main part word/main.xml, an ns0: prefix) LibreOffice
# 7.4 opens as an empty document (its .doc would be a not_a_report record, measuring
# nothing of a report's conversion).
mapfile -t docs < <(ls corpus/*.docx corpus/series/*.docx | grep -v 'quirks-converted')
stamp="$dir/../convert-$N.sources"
if [ ! -d "$dir" ] || [ "$(ls "$dir" | wc -l)" -ne "$N" ] \
    || [ "$(cat "$stamp" 2>/dev/null)" != "${docs[*]}" ]; then
    rm -rf "$dir" target/bench/convert-src "$stamp"
    mkdir -p target/bench/convert-src "$dir"
    for i in $(seq 1 "$N"); do
        src=${docs[$(( (i - 1) % ${#docs[@]} ))]}
        cp "$src" "target/bench/convert-src/$(printf 'r%04d' "$i")-$(basename "$src")"
    done
    profile=$(mktemp -d)
    soffice "-env:UserInstallation=file://$profile" --headless --convert-to "doc:MS Word 97" \
        --outdir "$dir" target/bench/convert-src/*.docx >/dev/null 2>&1
    rm -rf "$profile" target/bench/convert-src
    echo "${docs[*]}" > "$stamp"
fi
rm -rf target/bench/convert-out
start=$(date +%s.%N)
"$BIN" extract "$dir" --out target/bench/convert-out --quiet --jobs "$JOBS"
end=$(date +%s.%N)
awk -v n="$N" -v s="$start" -v e="$end" -v j="$JOBS" \
    'BEGIN { t = e - s; printf "bench-convert: %d .doc files in %.1f s = %.1f documents/s (--jobs %s, %s)\n", n, t, n / t, j, "'"$(soffice --version | head -1 | cut -d' ' -f1-2)"'" }'
