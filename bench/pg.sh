#!/usr/bin/env bash
# bench/pg.sh — PostgreSQL against SQLite in the same run (issue 10,
# bench): the article page cached and uncached, comment posts, and list
# pages at depth on PostgreSQL.
#
#   bench/pg.sh
#   DURATION=10s ROUNDS=5 bench/pg.sh
#
# Release build (build/sinmun).  A PostgreSQL 15 from tests/pg/pgctl
# (fsync and synchronous_commit off, as in the tests: compare posts/s
# with that in mind; SQLite runs its usual WAL with synchronous=NORMAL).
# Databases:
#   demo    `sinmun demo` on each backend, comment limits off
#   pg-1k   the demo grown by SQL to 1,000 articles, on PostgreSQL
#   pg-1m   and to 1,000,000 (copies of the demo's articles ten minutes
#           apart going back, with their bylines, as bench/lists.sh
#           makes them for SQLite)
# The PostgreSQL cluster holding pg-1k and pg-1m is kept in
# build/bench/pg/ (stopped at the end, started again by the next run;
# FRESH=1 makes it again), as the large one takes minutes to make.
#
# Servers (access log off, one per backend and cache setting):
#   sq / pg          cache on: /article/1 from the page cache
#   sq-nc / pg-nc    cache=off: every request renders from the database
# Rounds are interleaved, the backends' order alternating, each run
# DURATION:
#   cached, uncached   wrk -t THREADS -c CONNECTIONS on /article/1: req/s
#   posts              wrk -c WRITERS posting member comments (a signed-in
#                      reader: no password hash, the store is the limit)
#                      to /article/5 on the uncached server: accepted/s
#   lists (PostgreSQL) wrk -t1 -c1 median latency of the uncached
#                      /section/industry1 at 1k and 1M and its page 4,000
#                      at 1M (the ?before= address ?page=4000 redirects to)
# Medians of the rounds are printed with the targets:
#   cached     PostgreSQL req/s >= 0.95x SQLite's ("as fast")
#   uncached   PostgreSQL req/s >= 0.5x SQLite's
#   lists      1M page 1 and page 4,000 <= 1.5x 1k page 1 (flat)
# A missed target prints MISSED; the script exits 1 only when it could
# not run.  Environment: DURATION (default 5s), ROUNDS (default 3, at
# least 3), CONNECTIONS (default 50), THREADS (default 2), WRITERS
# (default 8), SINMUN_BIN (no make), FRESH=1, KEEP_BENCH_TMP=1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
WRITERS=${WRITERS:-8}
TARGET_CACHED=0.95
TARGET_UNCACHED=0.5
TARGET_LISTS=1.5
ARTICLE=/article/1
POST_ARTICLE=/article/5
SECTION=/section/industry1
if [[ $ROUNDS -lt 3 ]]; then
    ROUNDS=3
fi
for tool in wrk curl python3 psql; do
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

TMP=$(mktemp -d /tmp/sinmun-bench-pg.XXXXXX)
PG_DEMO_DIR=$(mktemp -d /tmp/sinmun-bench-pgdemo.XXXXXX)
PG_KEEP=$ROOT/build/bench/pg
mkdir -p "$ROOT/build/bench"
declare -A SPID SPORT

cleanup() {
    local rc=$? name
    for name in "${!SPID[@]}"; do
        kill -TERM "${SPID[$name]}" 2>/dev/null || true
        wait "${SPID[$name]}" 2>/dev/null || true
    done
    "$ROOT/tests/pg/pgctl" stop "$PG_DEMO_DIR" >/dev/null 2>&1 || true
    if [[ -f "$PG_KEEP/port" ]]; then
        "$ROOT/tests/pg/pgctl" halt "$PG_KEEP" >/dev/null 2>&1 || true
    fi
    if [[ "${KEEP_BENCH_TMP:-}" == 1 ]]; then
        echo "bench: kept $TMP"
    else
        rm -rf "$TMP"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# psql_do URL SQL: run SQL, stop on the first error.
psql_do() {
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

# with_db BASE NAME: pgctl's URL (no database) with database NAME.
with_db() {
    echo "${1/:\/\/\/\?/:///$2?}"
}

# ---------------------------------------------------------------- databases
echo "bench: demo databases" >&2
"$SINMUN" demo --db "$TMP/site.db" >"$TMP/demo-sq.log" 2>&1
PG_DEMO_BASE=$("$ROOT/tests/pg/pgctl" start "$PG_DEMO_DIR")
psql_do "$(with_db "$PG_DEMO_BASE" postgres)" "CREATE DATABASE bench"
PG_DEMO=$(with_db "$PG_DEMO_BASE" bench)
"$SINMUN" demo --db "$PG_DEMO" >"$TMP/demo-pg.log" 2>&1
for db in "$TMP/site.db" "$PG_DEMO"; do
    for key in comment_rate_per_minute comment_network_rate_per_minute; do
        "$SINMUN" settings set "$key" 0 --db "$db" >/dev/null
    done
done

# grow URL COUNT: the demo at URL grown to COUNT published articles.
grow() {
    local url=$1 count=$2 have
    have=$(psql_do "$url" "SELECT count(*) FROM articles")
    psql_do "$url" "
INSERT INTO articles(section_id, author_id, status, title, subtitle,
                     dateline, body_md, body_html, published_at,
                     created_at, updated_at)
SELECT a.section_id, a.author_id, 'published', a.title, a.subtitle,
       a.dateline, a.body_md, a.body_html, a.published_at - n.i * 600, 0, 0
FROM generate_series(1, $count - $have) AS n(i)
JOIN articles a ON a.id = 2 + (n.i % 130)"
    psql_do "$url" "INSERT INTO article_authors(article_id, person_id, position)
SELECT id, author_id, 0 FROM articles WHERE id > $have"
    psql_do "$url" "VACUUM ANALYZE"
}

if [[ "${FRESH:-}" == 1 ]]; then
    "$ROOT/tests/pg/pgctl" stop "$PG_KEEP" >/dev/null 2>&1 || true
fi
if [[ -f "$PG_KEEP/port" ]]; then
    "$ROOT/tests/pg/pgctl" resume "$PG_KEEP"
    PG_KEEP_BASE="postgresql:///?host=$PG_KEEP&port=$(cat "$PG_KEEP/port")&user=postgres"
else
    rm -rf "$PG_KEEP"
    PG_KEEP_BASE=$("$ROOT/tests/pg/pgctl" start "$PG_KEEP")
    for size in 1k 1m; do
        count=$([[ $size == 1k ]] && echo 1000 || echo 1000000)
        echo "bench: making pg-$size ($count articles; minutes for 1M)" >&2
        psql_do "$(with_db "$PG_KEEP_BASE" postgres)" "CREATE DATABASE lists_$size"
        "$SINMUN" demo --db "$(with_db "$PG_KEEP_BASE" "lists_$size")" \
            >"$TMP/demo-$size.log" 2>&1
        grow "$(with_db "$PG_KEEP_BASE" "lists_$size")" "$count"
    done
fi
PG_1K=$(with_db "$PG_KEEP_BASE" lists_1k)
PG_1M=$(with_db "$PG_KEEP_BASE" lists_1m)
echo "bench: pg-1m holds $(psql_do "$PG_1M" "SELECT count(*) FROM articles") articles" >&2

# ---------------------------------------------------------------- servers
# serve NAME DB CACHE: start a server on a free port.
# The list servers wait up to a minute for a statement (db_timeout_ms):
# the first ?page=4000 after the kept cluster is started again reads its
# OFFSET rows from a cold disk (about 570 MB of pages at 1M: the index
# does not hold the id, so every row visits the table), which took over
# the default 5 s on this shared machine and answered 503.
serve() {
    local name=$1 db=$2 cache=$3 port timeout=5000
    if [[ $name == pg-1k || $name == pg-1m ]]; then
        timeout=60000
    fi
    port=$(free_port)
    "$SINMUN" serve --db "$db" --root "$ROOT" --listen "127.0.0.1:$port" \
        --base-url "http://127.0.0.1:$port" --set cache="$cache" \
        --set access_log=off --set db_timeout_ms=$timeout \
        2>"$TMP/$name.log" &
    SPID[$name]=$!
    SPORT[$name]=$port
    if ! wait_http "http://127.0.0.1:$port/healthz"; then
        cat "$TMP/$name.log" >&2
        exit 1
    fi
}
serve sq "$TMP/site.db" on
serve pg "$PG_DEMO" on
serve sq-nc "$TMP/site.db" off
serve pg-nc "$PG_DEMO" off
serve pg-1k "$PG_1K" off
serve pg-1m "$PG_1M" off
url() { echo "http://127.0.0.1:${SPORT[$1]}$2"; }

# A member on each uncached server: sign up (which signs in), then the
# session's CSRF token; the cookies and token go to post.lua.
declare -A COOKIE TOKEN
csrf_token() {
    curl -fsS -b "$1" -c "$1" "$2/csrf" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
for name in sq-nc pg-nc; do
    jar=$TMP/$name.jar base=$(url "$name" "")
    t=$(csrf_token "$jar" "$base")
    curl -fsS -o /dev/null -b "$jar" -c "$jar" --data-urlencode "csrf=$t" \
        --data-urlencode "login=bench-$name@example.com" \
        --data-urlencode "name=벤치회원" --data-urlencode "password=password123" \
        --data-urlencode "password2=password123" "$base/signup"
    TOKEN[$name]=$(csrf_token "$jar" "$base")
    COOKIE[$name]=$(awk '!/^#/ || /^#HttpOnly_/ { if (NF >= 7) printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")
    if [[ "${COOKIE[$name]}" != *sid=* ]]; then
        echo "bench: sign-up on $name did not start a session" >&2
        exit 1
    fi
done
cat >"$TMP/post.lua" <<'EOF'
-- Member comments to PATH with TOKEN and COOKIE; prints accepted/s.
local token = os.getenv("TOKEN")
local path = os.getenv("POST_PATH")
local threads = {}
local n = 0
function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end
function init(args)
    accepted = 0
    refused = 0
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    wrk.headers["Cookie"] = os.getenv("COOKIE")
end
function request()
    n = n + 1
    return wrk.format(nil, path, nil, "csrf=" .. token ..
        "&body=%EB%B2%A4%EC%B9%98+%EB%8C%93%EA%B8%80+" .. tostring(id) .. "-" .. n)
end
function response(status, headers, body)
    if status == 303 then accepted = accepted + 1 else refused = refused + 1 end
end
function done(summary, latency, requests)
    local a, r = 0, 0
    for _, t in ipairs(threads) do
        a = a + t:get("accepted")
        r = r + t:get("refused")
    end
    io.write(string.format("accepted/s %.1f refused %d\n",
        a / (summary.duration / 1e6), r))
end
EOF

deep=$(curl -s -o /dev/null -w '%{redirect_url}' "$(url pg-1m "$SECTION?page=4000")")
if [[ "$deep" != *"?before="* ]]; then
    echo "bench: $SECTION?page=4000 did not redirect to a ?before= page" >&2
    exit 1
fi

# ---------------------------------------------------------------- measures
RESULTS=$TMP/results
: >"$RESULTS"

# rps URL: wrk's requests/s on URL.
rps() {
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$1" |
        awk '/^Requests\/sec:/ { printf "%.0f\n", $2 }'
}

# posts NAME: accepted comment posts per second on server NAME.
posts() {
    TOKEN=${TOKEN[$1]} COOKIE=${COOKIE[$1]} POST_PATH=$POST_ARTICLE/comments \
        wrk -t2 -c"$WRITERS" -d"$DURATION" -s "$TMP/post.lua" "$(url "$1" "")" |
        awk '/^accepted\/s/ { if ($4 > 0) print "refused", $4 > "/dev/stderr"; print $2 }'
}

# p50 URL: wrk's median latency of URL in ms (1 thread, 1 connection).
p50() {
    wrk -t1 -c1 -d"$DURATION" --latency "$1" |
        awk '$1 == "50%" { v = $2; u = v; sub(/[0-9.]+/, "", u);
                           sub(/[a-z]+$/, "", v);
                           if (u == "us") v /= 1000; else if (u == "s") v *= 1000;
                           printf "%.3f\n", v }'
}

# record KEY VALUE
record() { echo "$1 $2" >>"$RESULTS"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 0; r < ROUNDS; r++)); do
    if ((r % 2 == 0)); then order=(sq pg); else order=(pg sq); fi
    for b in "${order[@]}"; do
        record "cached-$b" "$(rps "$(url "$b" $ARTICLE)")"
    done
    for b in "${order[@]}"; do
        record "uncached-$b" "$(rps "$(url "$b-nc" $ARTICLE)")"
    done
    for b in "${order[@]}"; do
        record "posts-$b" "$(posts "$b-nc")"
    done
    record "list-1k" "$(p50 "$(url pg-1k $SECTION)")"
    record "list-1m" "$(p50 "$(url pg-1m $SECTION)")"
    record "list-1m-4000" "$(p50 "$deep")"
    echo "bench: round $((r + 1)) of $ROUNDS done" >&2
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# med KEY: median of KEY's values; all KEY: the values.
med() {
    awk -v k="$1" '$1 == k { print $2 }' "$RESULTS" | sort -g |
        awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
all() { awk -v k="$1" '$1 == k { printf "%s%s", s, $2; s = " " }' "$RESULTS"; }
ratio() { python3 -c "print(f'{$1 / max($2, 1e-9):.2f}')"; }
ge() { python3 -c "print('ok' if $1 >= $2 else 'MISSED')"; }
le() { python3 -c "print('ok' if $1 <= $2 else 'MISSED')"; }

echo
echo "PostgreSQL vs SQLite, medians of $ROUNDS interleaved rounds of $DURATION" \
    "(load $load_before → $load_after)"
printf '  %-34s %10s %10s %7s\n' "" SQLite PostgreSQL "PG/SQ"
for m in cached uncached posts; do
    case $m in
    cached) label="article, cached (req/s, -c$CONNECTIONS)" ;;
    uncached) label="article, uncached (req/s, -c$CONNECTIONS)" ;;
    posts) label="comment posts (accepted/s, -c$WRITERS)" ;;
    esac
    s=$(med "$m-sq") p=$(med "$m-pg")
    printf '  %-34s %10s %10s %6sx   (SQLite %s; PostgreSQL %s)\n' "$label" \
        "$s" "$p" "$(ratio "$p" "$s")" "$(all "$m-sq")" "$(all "$m-pg")"
done
echo
echo "uncached list pages on PostgreSQL, median latency (wrk -c1)"
for k in list-1k list-1m list-1m-4000; do
    case $k in
    list-1k) label="1k   section page 1" ;;
    list-1m) label="1M   section page 1" ;;
    list-1m-4000) label="1M   section page 4,000" ;;
    esac
    printf '  %-34s %9s ms   (%s)\n' "$label" "$(med "$k")" "$(all "$k")"
done
rc=$(ratio "$(med cached-pg)" "$(med cached-sq)")
ru=$(ratio "$(med uncached-pg)" "$(med uncached-sq)")
r1=$(ratio "$(med list-1m)" "$(med list-1k)")
r2=$(ratio "$(med list-1m-4000)" "$(med list-1k)")
echo
echo "  cached article PG/SQLite        ${rc}x  (target >= ${TARGET_CACHED}x) $(ge "$rc" $TARGET_CACHED)"
echo "  uncached article PG/SQLite      ${ru}x  (target >= ${TARGET_UNCACHED}x) $(ge "$ru" $TARGET_UNCACHED)"
echo "  PG 1M page 1 / 1k page 1        ${r1}x  (target <= ${TARGET_LISTS}x) $(le "$r1" $TARGET_LISTS)"
echo "  PG 1M page 4,000 / 1k page 1    ${r2}x  (target <= ${TARGET_LISTS}x) $(le "$r2" $TARGET_LISTS)"
