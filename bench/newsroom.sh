#!/usr/bin/env bash
# bench/newsroom.sh — issue 9 §9 for the newsroom: a list's first page
# (and a deep page) must cost the same at 1,000,000 articles as at the
# demo's 131; and the laid-out front page (메인 편집) with it.
#
#   bench/newsroom.sh
#   N=50 ROWS=1000000 bench/newsroom.sh
#
# Builds build/sinmun (release), makes a demo database and a copy grown by
# ROWS (default 1,000,000) published articles with their bylines (plus
# some drafts, a desk queue and corrections), and starts one server on
# each (cache off, access log off) on free loopback ports.  An editor
# signs in on both; for each page, N (default 30) sequential curl requests
# after 3 warm-ups: the median ms, small vs big, and their ratio (target
# ≤ 1.5×).  Pages: /newsroom, /newsroom/desk, /newsroom/published,
# /newsroom/published?before=<a cursor 500,000 rows down>,
# /newsroom/corrected, /newsroom/published?q= a word of the newest titles,
# a word of one title in 997 and a word of none (a title search walks the
# list until it fills a page: the last is the worst case), /newsroom/front
# and / (the front page, uncached).  Only 127.0.0.1 is used.  Exits 1
# only when the benchmark cannot run.
#
# Environment: N, ROWS, SINMUN_BIN (server binary; when set, no make),
# KEEP_BENCH_TMP=1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

N=${N:-30}
ROWS=${ROWS:-1000000}

for tool in curl python3 sqlite3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "bench: $tool is missing (scripts/install-deps test)" >&2
        exit 1
    fi
done

if [[ -z "${SINMUN_BIN:-}" ]]; then
    make -s build/sinmun
    SINMUN_BIN=$ROOT/build/sinmun
fi

TMP=$(mktemp -d /tmp/sinmun-bench-newsroom.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ "${KEEP_BENCH_TMP:-}" != 1 ]]; then
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT

# make_db FILE EXTRA_ROWS: a demo database (sections 1-6, reporters 1-5)
# with an editor, grown by
# EXTRA_ROWS published articles, 40 in the desk queue, 20 drafts of the
# editor and 30 corrected.
make_db() {
    local db=$1 rows=$2
    "$SINMUN_BIN" demo --db "$db" >/dev/null 2>&1
    "$SINMUN_BIN" user add --db "$db" --login benchdesk --name 데스크 \
        --password benchpass1234 --role editor >/dev/null
    sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
BEGIN;
INSERT INTO articles(section_id, author_id, status, title, subtitle,
  dateline, body_md, body_html, published_at, created_at, updated_at)
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c
                        WHERE i < $rows)
SELECT 1 + i % 6, 1 + i % 5, 'published',
  '대량 기사 ' || i || CASE WHEN i % 997 = 0 THEN ' 희귀어' ELSE '' END,
  '', '', 'x', '<p>x</p>', 1000000000 + i * 300, 1000000000 + i * 300,
  1000000000 + i * 300 FROM c;
INSERT INTO article_authors(article_id, person_id, position)
  SELECT id, author_id, 0 FROM articles
  WHERE id NOT IN (SELECT article_id FROM article_authors);
UPDATE articles SET status = 'review', submitted_at = updated_at
  WHERE id IN (SELECT id FROM articles ORDER BY id DESC LIMIT 40);
UPDATE articles SET status = 'draft', created_by =
  (SELECT id FROM accounts WHERE login = 'benchdesk')
  WHERE id IN (SELECT id FROM articles WHERE status = 'published'
               ORDER BY id DESC LIMIT 20);
UPDATE articles SET corrected_at = published_at + 60
  WHERE id IN (SELECT id FROM articles WHERE status = 'published'
               ORDER BY id DESC LIMIT 30);
COMMIT;
ANALYZE;
SQL
}

# serve DB: start a server on DB, print its base URL.
serve() {
    local db=$1 port
    port=$(free_port)
    "$SINMUN_BIN" serve --db "$db" --listen "127.0.0.1:$port" \
        --base-url "http://127.0.0.1:$port" --set cache=off \
        --set access_log=off >"$db.log" 2>&1 &
    PIDS+=($!)
    wait_http "http://127.0.0.1:$port/healthz"
    echo "http://127.0.0.1:$port"
}

# sign_in URL JAR: sign the editor in, cookies into JAR.
sign_in() {
    local url=$1 jar=$2 token
    token=$(curl -fsS -c "$jar" -b "$jar" "$url/csrf" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
    curl -fsS -o /dev/null -c "$jar" -b "$jar" \
        --data-urlencode "csrf=$token" --data-urlencode login=benchdesk \
        --data-urlencode password=benchpass1234 "$url/signin"
}

# median_ms URL JAR: N timed GETs after 3 warm-ups; print the median ms.
median_ms() {
    local url=$1 jar=$2 i
    for ((i = 0; i < 3; i++)); do
        curl -fsS -o /dev/null -b "$jar" "$url"
    done
    for ((i = 0; i < N; i++)); do
        curl -fsS -o /dev/null -b "$jar" -w '%{time_total}\n' "$url"
    done | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] * 1000 }'
}

echo "bench: building the databases (demo, and demo + $ROWS articles)…"
make_db "$TMP/small.db" 0
make_db "$TMP/big.db" "$ROWS"
SMALL=$(serve "$TMP/small.db")
BIG=$(serve "$TMP/big.db")
sign_in "$SMALL" "$TMP/small.jar"
sign_in "$BIG" "$TMP/big.jar"

# A cursor half-way down each database's published list.
deep() {
    sqlite3 "$1" "SELECT published_at || '.' || id FROM articles
        WHERE status = 'published' ORDER BY published_at DESC, id DESC
        LIMIT 1 OFFSET (SELECT count(*) / 2 FROM articles
                        WHERE status = 'published')"
}
DEEP_SMALL=$(deep "$TMP/small.db")
DEEP_BIG=$(deep "$TMP/big.db")
quote() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
Q=$(quote 반도체)     # in the newest titles: the first page fills at once
RARE=$(quote 희귀어)  # one title in 997 of the grown rows
NONE=$(quote 없는말)  # in no title: the search walks the whole list

printf '%-44s %10s %10s %7s\n' page "demo ms" "+$ROWS ms" ratio
for page in /newsroom /newsroom/desk /newsroom/drafts /newsroom/published \
    "/newsroom/published?before=DEEP" /newsroom/corrected \
    "/newsroom/published?q=$Q" "/newsroom/published?q=$RARE" \
    "/newsroom/published?q=$NONE" /newsroom/front /; do
    small=$(median_ms "$SMALL${page/DEEP/$DEEP_SMALL}" "$TMP/small.jar")
    big=$(median_ms "$BIG${page/DEEP/$DEEP_BIG}" "$TMP/big.jar")
    label=${page/DEEP/<half-way>}
    printf '%-44s %10s %10s %6.2fx\n' "${label:0:44}" "$small" "$big" \
        "$(python3 -c "print($big / $small)")"
done
