#!/usr/bin/env bash
# bench/lists.sh — list pages at depth (issue 9, point 9): the uncached
# section page 1 and page 4,000 at 1,000,000 articles against page 1 at
# 1,000, and the reporter page 1 at both sizes.
#
#   bench/lists.sh                    (or: make bench)
#   DURATION=10s ROUNDS=5 bench/lists.sh
#   BASELINE_BIN=OLD/build/sinmun BASELINE_ROOT=OLD bench/lists.sh
#                                     (adds an older build: its ?page=4000)
#
# Databases: `sinmun demo` (131 articles) grown by SQL to 1,000 and to
# 1,000,000 articles (copies of the demo's articles, ten minutes apart
# going back, with their bylines: about 169,000 in each of the first
# four sections). They are kept in build/bench/ (not in git; FRESH=1
# makes them again), as making the large one takes a minute or two.
#
# Each database is served uncached (`cache=off`, access log off) on a
# free loopback port. Pages measured, each with wrk (1 thread, 1
# connection, DURATION) for its median latency, ROUNDS rounds
# interleaved, the median of the rounds printed:
#   1k  /section/industry1, /reporter/2
#   1M  /section/industry1, its page 4,000 (the ?before= address that
#       ?page=4000 redirects to), /section/industry1?page=4000 itself (the
#       redirect of an old link: one index-only OFFSET query), /reporter/2
#       (BASELINE_BIN: /section/industry1 and ?page=4000 served by it)
# Targets: page 1 and page 4,000 at 1M within 1.5x of page 1 at 1k. A
# missed target prints MISSED; the script exits 1 only when it could not
# run.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
TARGET_RATIO=1.5
SECTION=/section/industry1
REPORTER=/reporter/2
if [[ $ROUNDS -lt 3 ]]; then
    ROUNDS=3
fi
for tool in wrk curl sqlite3 python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "bench: $tool is missing; run scripts/install-deps" >&2
        exit 1
    fi
done
if [[ -n "${SINMUN_BIN:-}" ]]; then
    SINMUN=$SINMUN_BIN
else
    make --no-print-directory build/sinmun >/dev/null
    SINMUN=$ROOT/build/sinmun
fi
BASELINE=${BASELINE_BIN:-}
BASELINE_ROOT=${BASELINE_ROOT:-$ROOT}

DIR=$ROOT/build/bench
mkdir -p "$DIR"
declare -A SPID SPORT

cleanup() {
    local rc=$? name
    for name in "${!SPID[@]}"; do
        kill -TERM "${SPID[$name]}" 2>/dev/null || true
        wait "${SPID[$name]}" 2>/dev/null || true
    done
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# make_db FILE COUNT: the demo grown to COUNT published articles.
make_db() {
    local file=$1 count=$2
    if [[ -f "$file" && "${FRESH:-}" != 1 ]]; then
        return
    fi
    rm -f "$file" "$file-wal" "$file-shm"
    echo "bench: making $file ($count articles)" >&2
    "$SINMUN" demo --db "$file" --root "$ROOT" 2>/dev/null
    local have
    have=$(sqlite3 "$file" "SELECT count(*) FROM articles")
    sqlite3 "$file" >/dev/null <<SQL
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
                        WHERE i < $count - $have)
INSERT INTO articles(section_id, author_id, status, title, subtitle,
                     dateline, body_md, body_html, published_at,
                     created_at, updated_at)
SELECT a.section_id, a.author_id, 'published', a.title, a.subtitle,
       a.dateline, a.body_md, a.body_html, a.published_at - n.i * 600, 0, 0
FROM n JOIN articles a ON a.id = 2 + (n.i % 130);
INSERT INTO article_authors(article_id, person_id, position)
SELECT id, author_id, 0 FROM articles WHERE id > $have;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
}

# serve NAME BINARY DB [ROOT]: start a server, uncached, on a free port.
serve() {
    local name=$1 bin=$2 db=$3 root=${4:-$ROOT} port
    port=$(free_port)
    "$bin" serve --db "$db" --root "$root" --listen "127.0.0.1:$port" \
        --base-url "http://127.0.0.1:$port" --set cache=off \
        --set access_log=off 2>"$DIR/$name.log" &
    SPID[$name]=$!
    SPORT[$name]=$port
    wait_http "http://127.0.0.1:$port/healthz"
}

# p50 URL: wrk's median latency of URL in ms (1 thread, 1 connection).
p50() {
    wrk -t1 -c1 -d"$DURATION" --latency "$1" |
        awk '$1 == "50%" { v = $2; u = v; sub(/[0-9.]+/, "", u);
                           sub(/[a-z]+$/, "", v);
                           if (u == "us") v /= 1000; else if (u == "s") v *= 1000;
                           printf "%.3f\n", v }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

make_db "$DIR/lists-1k.db" 1000
make_db "$DIR/lists-1m.db" 1000000

serve small "$SINMUN" "$DIR/lists-1k.db"
serve large "$SINMUN" "$DIR/lists-1m.db"
if [[ -n "$BASELINE" ]]; then
    serve base "$BASELINE" "$DIR/lists-1m.db" "$BASELINE_ROOT"
fi
S=http://127.0.0.1:${SPORT[small]}
L=http://127.0.0.1:${SPORT[large]}
deep=$(curl -s -o /dev/null -w '%{redirect_url}' "$L$SECTION?page=4000")
if [[ "$deep" != *"?before="* ]]; then
    echo "bench: $SECTION?page=4000 did not redirect to a ?before= page" >&2
    exit 1
fi
n_deep=$(curl -s "$deep" | grep -c 'class="article-item"' || true)
echo "bench: page 4,000 is $deep ($n_deep articles)" >&2

declare -a NAMES URLS
add() { NAMES+=("$1"); URLS+=("$2"); }
add "1k   section page 1" "$S$SECTION"
add "1M   section page 1" "$L$SECTION"
add "1M   section page 4,000" "$deep"
add "1M   ?page=4000 (redirect)" "$L$SECTION?page=4000"
add "1k   reporter page 1" "$S$REPORTER"
add "1M   reporter page 1" "$L$REPORTER"
if [[ -n "$BASELINE" ]]; then
    B=http://127.0.0.1:${SPORT[base]}
    add "1M   baseline section page 1" "$B$SECTION"
    add "1M   baseline ?page=4000" "$B$SECTION?page=4000"
fi

declare -A RES
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 0; r < ROUNDS; r++)); do
    for i in "${!URLS[@]}"; do
        RES[$i]+="$(p50 "${URLS[$i]}") "
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "uncached list pages, median of $ROUNDS rounds of wrk -c1 $DURATION" \
    "(load $load_before → $load_after)"
declare -A MED
for i in "${!URLS[@]}"; do
    MED[$i]=$(tr ' ' '\n' <<<"${RES[$i]}" | grep . | median)
    printf '  %-32s %9s ms   (%s)\n' "${NAMES[$i]}" "${MED[$i]}" "${RES[$i]% }"
done
ratio() { python3 -c "print(f'{$1 / max($2, 1e-9):.2f}')"; }
verdict() { python3 -c "print('ok' if $1 <= $TARGET_RATIO else 'MISSED')"; }
r1=$(ratio "${MED[1]}" "${MED[0]}")
r2=$(ratio "${MED[2]}" "${MED[0]}")
r3=$(ratio "${MED[5]}" "${MED[4]}")
echo
echo "  1M page 1 / 1k page 1          ${r1}x  (target <= ${TARGET_RATIO}x) $(verdict "$r1")"
echo "  1M page 4,000 / 1k page 1      ${r2}x  (target <= ${TARGET_RATIO}x) $(verdict "$r2")"
echo "  1M reporter / 1k reporter      ${r3}x  (target <= ${TARGET_RATIO}x) $(verdict "$r3")"
