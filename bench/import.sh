#!/usr/bin/env bash
# bench/import.sh — how fast `sinmun import articles` brings in an archive
# (issue 9, point 8: 100,000 articles must import in minutes, not hours).
#
#   bench/import.sh                  (COUNT=100000)
#   COUNT=20000 bench/import.sh
#
# Builds build/sinmun (release) unless SINMUN_BIN names a binary, writes
# COUNT articles with bench/gen_import.py (a third with HTML bodies, every
# fifth with two bylines) into a temp dir, imports them into a fresh
# `sinmun init` database, then imports the same file again (every line
# unchanged: the idempotent path). Prints both rates in articles/s, the
# database size, and MISSED when the first import of 100,000 would take
# longer than TARGET_SECONDS (default 600: "minutes"). Exits 1 only when
# the benchmark could not run. The generated data is deleted unless
# KEEP_BENCH_TMP=1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
COUNT=${COUNT:-100000}
TARGET_SECONDS=${TARGET_SECONDS:-600}

if [[ -z "${SINMUN_BIN:-}" ]]; then
    make --no-print-directory build/sinmun >/dev/null
    SINMUN_BIN=$ROOT/build/sinmun
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sinmun-bench-import.XXXXXX")
cleanup() {
    if [[ "${KEEP_BENCH_TMP:-}" != 1 ]]; then
        rm -rf "$TMP"
    else
        echo "bench: kept $TMP" >&2
    fi
}
trap cleanup EXIT

echo "bench: writing $COUNT articles" >&2
python3 "$ROOT/bench/gen_import.py" "$COUNT" >"$TMP/articles.jsonl"
"$SINMUN_BIN" init --db "$TMP/site.db" 2>/dev/null

# rate FILE: the articles/s figure of an import's summary line.
rate() { sed -n 's/.* \([0-9]\+\) articles\/s$/\1/p' "$1" | tail -1; }
seconds() { sed -n 's/.*; \([0-9.]\+\) s, [0-9]\+ articles\/s$/\1/p' "$1" | tail -1; }

for run in first again; do
    "$SINMUN_BIN" import articles "$TMP/articles.jsonl" --db "$TMP/site.db" \
        >"$TMP/$run.out" 2>"$TMP/$run.err" || {
        echo "bench: import failed" >&2
        tail -5 "$TMP/$run.err" >&2
        exit 1
    }
done

first_rate=$(rate "$TMP/first.out")
first_s=$(seconds "$TMP/first.out")
again_rate=$(rate "$TMP/again.out")
size=$(du -m "$TMP/site.db" | cut -f1)
echo
echo "import of $COUNT articles ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %-34s %8s articles/s  (%s s)\n' "first import (added)" "$first_rate" "$first_s"
printf '  %-34s %8s articles/s\n' "same file again (unchanged)" "$again_rate"
printf '  %-34s %8s MB\n' "database" "$size"
grep -h '^/' "$TMP/first.out" | sed 's/^/  /'
projected=$(python3 -c "print(round(100000 / max($first_rate, 1)))")
verdict=ok
if ((projected > TARGET_SECONDS)); then
    verdict=MISSED
fi
echo "  100,000 articles: ~${projected} s (target <= ${TARGET_SECONDS} s) $verdict"
