#!/usr/bin/env bash
# bench/pdf.sh — the article PDF (GET /article/{id}.pdf): time per render,
# size, and requests/s once cached; and whether rendering PDFs on the
# worker pool leaves the article page's latency alone.
#
#   bench/pdf.sh
#   N=100 DURATION=10s bench/pdf.sh
#
# Builds build/sinmun (release), makes a demo database in a temp dir and
# starts two servers on free loopback ports, access log off:
#   uncached  `--set cache=off`: every request renders the PDF.
#             1. N (default 50) sequential curl requests after 3 warm-ups:
#                min / median / p90 / max ms per PDF (the whole request;
#                rendering is nearly all of it), and the PDF's size/pages.
#             2. wrk -c4 for DURATION: PDFs rendered per second with every
#                worker busy.
#             3. the article page's p99 with wrk alone, then again while
#                another wrk keeps the PDF workers busy (PDFs run on the
#                worker pool, so the event loop should not notice).
#   cached    default settings: wrk -c50 for DURATION on the PDF, which is
#             rendered once and then sent from the page cache.
# Only 127.0.0.1 is used. Exits 1 only when the benchmark cannot run.
#
# Environment: N, DURATION (wrk -d, default 5s), THREADS (wrk -t, default
# 2), SINMUN_BIN (server binary; when set, no make), KEEP_BENCH_TMP=1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

N=${N:-50}
DURATION=${DURATION:-5s}
THREADS=${THREADS:-2}
PDF_PATH=/article/1.pdf
ARTICLE_PATH=/article/1

for tool in wrk curl python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "bench: $tool is missing; run scripts/install-deps" >&2
        exit 1
    fi
done

if [[ -n "${SINMUN_BIN:-}" ]]; then
    SINMUN=$SINMUN_BIN
else
    make --no-print-directory build/sinmun
    SINMUN=$ROOT/build/sinmun
fi

TMP=$(mktemp -d /tmp/sinmun-bench-pdf.XXXXXX)
PIDS=()

cleanup() {
    local rc=$? pid
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    if [[ "${KEEP_BENCH_TMP:-}" == 1 ]]; then
        echo "bench: kept $TMP"
    else
        rm -rf "$TMP"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME ARGS...: start a server; sets PORT.
start() {
    local name=$1
    shift
    PORT=$(free_port)
    "$SINMUN" serve --db "$TMP/site.db" --listen "127.0.0.1:$PORT" \
        --base-url "http://127.0.0.1:$PORT" --set access_log=off "$@" \
        >"$TMP/$name.log" 2>&1 &
    PIDS+=($!)
    if ! wait_http "http://127.0.0.1:$PORT/healthz"; then
        cat "$TMP/$name.log" >&2
        exit 1
    fi
}

# wrk_run ARGS...: run wrk --latency; print "rps p99 requests errors".
wrk_run() {
    local out
    out=$(wrk -t"$THREADS" --latency "$@" 2>&1)
    echo "$out" >>"$TMP/wrk.log"
    local rps p99 requests errors non2xx
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    requests=$(awk '/requests in/ { print $1 }' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
    errors=$(awk '/Socket errors:/ {
        gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$out")
    if [[ -z "$rps" || -z "$requests" ]]; then
        echo "bench: wrk gave no result:" >&2
        echo "$out" >&2
        exit 1
    fi
    echo "$rps $p99 $requests $((${errors:-0} + ${non2xx:-0}))"
}

echo "bench: demo database in $TMP"
"$SINMUN" demo --db "$TMP/site.db" >"$TMP/demo.log" 2>&1 || {
    cat "$TMP/demo.log" >&2
    exit 1
}
echo "machine: $(nproc) cores; $(wrk -v 2>&1 | head -n 1)"

# ---------------------------------------------------------------- uncached
start uncached --set cache=off
BASE=http://127.0.0.1:$PORT
curl -fsS -o "$TMP/article.pdf" "$BASE$PDF_PATH"
SIZE=$(wc -c <"$TMP/article.pdf")
PAGES=?
if command -v pdfinfo >/dev/null 2>&1; then
    PAGES=$(pdfinfo "$TMP/article.pdf" | awk '/^Pages:/ { print $2 }')
fi
for _ in 1 2 3; do
    curl -fsS -o /dev/null "$BASE$PDF_PATH"
done
: >"$TMP/times.txt"
for ((i = 0; i < N; i++)); do
    curl -fsS -o /dev/null -w '%{time_total}\n' "$BASE$PDF_PATH" \
        >>"$TMP/times.txt"
done
echo
echo "== uncached (cache=off): GET $PDF_PATH, the seed article"
echo "   PDF: $SIZE bytes, $PAGES pages"
sort -g "$TMP/times.txt" | awk -v n="$N" '{ t[NR] = $1 * 1000; s += t[NR] }
    END {
        printf "   %d sequential requests: min %.1f ms, median %.1f ms, " \
            "p90 %.1f ms, max %.1f ms, mean %.1f ms\n", n, t[1],
            t[int((n + 1) / 2)], t[int(n * 0.9)], t[n], s / n
    }'

read -r rps p99 requests errors < <(wrk_run -c4 -d"$DURATION" \
    "$BASE$PDF_PATH")
printf '   wrk -c4 %s: %.0f PDFs/s (p99 %s, %d requests, %d errors)\n' \
    "$DURATION" "$rps" "$p99" "$requests" "$errors"

read -r a_rps a_p99 _ a_err < <(wrk_run -c20 -d"$DURATION" \
    "$BASE$ARTICLE_PATH")
wrk -t1 -c4 -d"$((${DURATION%s} + 2))s" "$BASE$PDF_PATH" \
    >"$TMP/wrk-pdf-bg.log" 2>&1 &
BG=$!
sleep 1
read -r b_rps b_p99 _ b_err < <(wrk_run -c20 -d"$DURATION" \
    "$BASE$ARTICLE_PATH")
wait "$BG" || true
bg_rps=$(awk '/^Requests\/sec:/ { print $2 }' "$TMP/wrk-pdf-bg.log")
echo "   article page (rendered, cache=off), wrk -c20:"
printf '     alone:                        %8.0f req/s, p99 %s (%d errors)\n' \
    "$a_rps" "$a_p99" "$a_err"
printf '     while PDFs render (%4.0f/s):   %8.0f req/s, p99 %s (%d errors)\n' \
    "${bg_rps:-0}" "$b_rps" "$b_p99" "$b_err"

# ---------------------------------------------------------------- cached
start cached
BASE=http://127.0.0.1:$PORT
curl -fsS -o /dev/null "$BASE$PDF_PATH"
HIT=$(curl -fsS -o /dev/null -D - "$BASE$PDF_PATH" |
    awk -F': ' 'tolower($1) == "x-cache" { print $2 }' | tr -d '\r')
wrk -t"$THREADS" -c50 -d1s "$BASE$PDF_PATH" >/dev/null 2>&1
read -r rps p99 requests errors < <(wrk_run -c50 -d"$DURATION" \
    "$BASE$PDF_PATH")
echo
echo "== cached: GET $PDF_PATH from the page cache (X-Cache: $HIT)"
printf '   wrk -c50 %s: %.0f req/s, p99 %s (%d requests, %d errors)\n' \
    "$DURATION" "$rps" "$p99" "$requests" "$errors"
exit 0
