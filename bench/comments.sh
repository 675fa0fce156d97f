#!/usr/bin/env bash
# bench/comments.sh — posting comments under load while readers load the
# article page: comments accepted per second, and the article page's
# requests/s and p99 latency before and during the write load.
#
#   bench/comments.sh
#   DURATION=10s WRITERS=16 bench/comments.sh
#
# Builds build/sinmun (release), makes a demo database in a temp dir, turns
# the comment rate limits off (settings comment_rate_per_minute=0 and
# comment_network_rate_per_minute=0: every post comes from 127.0.0.1) and
# starts `sinmun serve` on a free loopback port. One CSRF token with its
# cookie is fetched first and reused by every post (a token belongs to the
# visitor cookie or session, not to a request). Three phases, each
# DURATION long:
#
#   read      wrk on GET /article/1 alone (the baseline)
#   member    wrk posting member comments to /article/1 (a signed-in
#             reader: no password hash, so the store is the limit) while a
#             second wrk reads /article/1
#   guest     the same with guest comments, each hashing its password with
#             Argon2id at interactive cost (the realistic guest path, limited
#             by the two hashes allowed at once); PASSWORD_COST=min for
#             the cheapest hash
#
# Every accepted comment invalidates the cached article page, so during
# the write phases most reads render the page from the database: the p99
# printed is the price readers pay for a busy comment section.
#
# A fourth phase loads an article with 10,000 comments (inserted before
# the server starts) with a "sid" cookie, so nothing comes from the page
# cache: the article page and the last page of its comments, rendered on
# every request (the test suite checks these pages are right; their speed
# is measured here, not there).
#
# The pool is the server's default (db_connections 8, never fewer than
# threads + workers + 1): a request gives its connection back once its
# answer is built. DB_CONNECTIONS overrides it.
#
# Environment: DURATION (default 5s), READERS (wrk connections reading,
# default 50), WRITERS (connections posting, default 8), THREADS (wrk -t,
# default 2), PASSWORD_COST (interactive or min, default interactive),
# DB_CONNECTIONS (see above),
# SINMUN_BIN (server binary; when set, no make), KEEP_BENCH_TMP=1 keeps the
# temp dir. Exits 1 only when the benchmark could not run. Only 127.0.0.1
# is used.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

DURATION=${DURATION:-5s}
READERS=${READERS:-50}
WRITERS=${WRITERS:-8}
THREADS=${THREADS:-2}
PASSWORD_COST=${PASSWORD_COST:-interactive}
DB_CONNECTIONS=${DB_CONNECTIONS:-8}
DEEP_ARTICLE=11
DEEP_COMMENTS=10000
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

TMP=$(mktemp -d /tmp/sinmun-bench-comments.XXXXXX)
SINMUN_PID=

cleanup() {
    local rc=$?
    if [[ -n "$SINMUN_PID" ]] && kill -0 "$SINMUN_PID" 2>/dev/null; then
        kill -TERM "$SINMUN_PID" 2>/dev/null || true
        wait "$SINMUN_PID" 2>/dev/null || true
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

# to_ms VALUE: wrk latency ("812.00us", "1.23ms", "1.01s") in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) { n /= 1000 }
        else if (v ~ /ms$/) { }
        else if (v ~ /m$/) { n *= 60000 }
        else if (v ~ /s$/) { n *= 1000 }
        printf "%.2f", n
    }'
}

echo "bench: demo database in $TMP"
"$SINMUN" demo --db "$TMP/site.db" >"$TMP/demo.log" 2>&1 || {
    cat "$TMP/demo.log" >&2
    exit 1
}
python3 - "$TMP/site.db" "$DEEP_ARTICLE" "$DEEP_COMMENTS" <<'PY'
import sqlite3, sys
db, article, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
c = sqlite3.connect(db)
c.executemany(
    "INSERT INTO comments(article_id, author_name, body, status, network,"
    " created_at) VALUES (?, ?, ?, 'visible', '10.0.0.0/24', ?)",
    ((article, "손님%d" % i, "대량 댓글 %d: 벤치마크용 한국어 댓글입니다." % i,
      1700000000 + i) for i in range(1, n + 1)))
c.execute("UPDATE articles SET comment_count = comment_count + ? WHERE id = ?",
          (n, article))
c.commit()
PY
for key in comment_rate_per_minute comment_network_rate_per_minute; do
    "$SINMUN" settings set "$key" 0 --db "$TMP/site.db" >/dev/null
done

PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
"$SINMUN" serve --db "$TMP/site.db" --listen "127.0.0.1:$PORT" \
    --base-url "$BASE" --set access_log=off \
    --set password_cost="$PASSWORD_COST" \
    --set db_connections="$DB_CONNECTIONS" >"$TMP/sinmun.log" 2>&1 &
SINMUN_PID=$!
wait_http "$BASE/healthz" || {
    cat "$TMP/sinmun.log" >&2
    exit 1
}

# csrf_token JAR: the token for the cookies in JAR (fetching a vid if none).
csrf_token() {
    curl -fsS -b "$1" -c "$1" "$BASE/csrf" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

# cookie_header JAR: "name=value; ..." from a curl cookie jar.
cookie_header() {
    awk '!/^#/ || /^#HttpOnly_/ { if (NF >= 7) printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$1"
}

# A guest: a visitor cookie and its token.
GUEST_TOKEN=$(csrf_token "$TMP/guest.jar")
GUEST_COOKIE=$(cookie_header "$TMP/guest.jar")

# A member: sign up (which signs in), then the session's token.
SIGNUP_TOKEN=$(csrf_token "$TMP/member.jar")
curl -fsS -o /dev/null -b "$TMP/member.jar" -c "$TMP/member.jar" \
    --data-urlencode "csrf=$SIGNUP_TOKEN" --data-urlencode "login=bench@example.com" \
    --data-urlencode "name=벤치회원" --data-urlencode "password=password123" \
    --data-urlencode "password2=password123" "$BASE/signup"
MEMBER_TOKEN=$(csrf_token "$TMP/member.jar")
MEMBER_COOKIE=$(cookie_header "$TMP/member.jar")
if [[ "$MEMBER_COOKIE" != *sid=* ]]; then
    echo "bench: sign-up did not start a session" >&2
    exit 1
fi

cat >"$TMP/post.lua" <<'EOF'
-- Posts comments to ARTICLE with the token and cookie from the
-- environment; counts 303 (accepted) and other answers per thread.
local token = os.getenv("TOKEN")
local guest = os.getenv("GUEST") == "1"
local path = os.getenv("ARTICLE") .. "/comments"
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
    -- "벤치 댓글 <thread>-<n>", percent-encoded.
    local body = "csrf=" .. token ..
        "&body=%EB%B2%A4%EC%B9%98+%EB%8C%93%EA%B8%80+" .. tostring(id) .. "-" .. n
    if guest then
        body = body .. "&nickname=%EB%B2%A4%EC%B9%98%EC%86%90%EB%8B%98&password=pass1234"
    end
    return wrk.format(nil, path, nil, body)
end

function response(status, headers, body)
    if status == 303 then
        accepted = accepted + 1
    else
        refused = refused + 1
        if refused == 1 then
            io.stderr:write("bench: post answered " .. status .. "\n")
        end
    end
end

function done(summary, latency, requests)
    local a, r = 0, 0
    for _, t in ipairs(threads) do
        a = a + t:get("accepted")
        r = r + t:get("refused")
    end
    io.write(string.format("posts: %d accepted, %d refused, %.1f s\n",
        a, r, summary.duration / 1e6))
end
EOF

# read_wrk OUTFILE: wrk reading the article for DURATION.
read_wrk() {
    wrk -t"$THREADS" -c"$READERS" -d"$DURATION" --latency "$BASE$ARTICLE_PATH" >"$1" 2>&1
}

# report LABEL FILE: req/s and p99 of a wrk output.
report() {
    local rps p99 non2xx
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$2")
    p99=$(awk '$1 == "99%" { print $2 }' "$2")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$2")
    printf '  %-28s %8s req/s   p99 %8s ms%s\n' "$1" "$rps" "$(to_ms "$p99")" \
        "${non2xx:+   ($non2xx non-2xx)}"
}

# write_phase NAME GUEST TOKEN COOKIE: posts and reads at the same time.
write_phase() {
    local name=$1
    TOKEN=$3 COOKIE=$4 GUEST=$2 ARTICLE=$ARTICLE_PATH \
        wrk -t"$THREADS" -c"$WRITERS" -d"$DURATION" --latency \
        -s "$TMP/post.lua" "$BASE" >"$TMP/write-$name.txt" 2>&1 &
    local wpid=$!
    read_wrk "$TMP/read-$name.txt"
    wait "$wpid"
    if ! kill -0 "$SINMUN_PID" 2>/dev/null; then
        echo "bench: CRASHED during the $name phase" >&2
        tail -n 40 "$TMP/sinmun.log" >&2
        exit 1
    fi
    local line secs acc
    line=$(grep '^posts:' "$TMP/write-$name.txt" || true)
    if [[ -z "$line" ]]; then
        echo "bench: the $name writer gave no result:" >&2
        cat "$TMP/write-$name.txt" >&2
        exit 1
    fi
    acc=$(awk '{ print $2 }' <<<"$line")
    secs=$(awk '{ print $6 }' <<<"$line")
    echo "== $name comments ($WRITERS writers) + readers ($READERS)"
    printf '  %-28s %8.1f /s   (%s)\n' "comments accepted" \
        "$(awk -v a="$acc" -v s="$secs" 'BEGIN { print (s > 0 ? a / s : 0) }')" \
        "${line#posts: }"
    report "post latency" "$TMP/write-$name.txt"
    report "article page during writes" "$TMP/read-$name.txt"
}

echo "machine: $(nproc) cores; $(wrk -v 2>&1 | head -n 1)"
echo "password_cost=$PASSWORD_COST db_connections=$DB_CONNECTIONS"
echo "wrk -t$THREADS -d$DURATION; readers -c$READERS on $ARTICLE_PATH"
wrk -t"$THREADS" -c"$READERS" -d1s "$BASE$ARTICLE_PATH" >/dev/null 2>&1 # warm-up
read_wrk "$TMP/read-base.txt"
echo "== read only"
report "article page" "$TMP/read-base.txt"
write_phase member 0 "$MEMBER_TOKEN" "$MEMBER_COOKIE"
write_phase guest 1 "$GUEST_TOKEN" "$GUEST_COOKIE"
# deep_wrk LABEL PATH: wrk on PATH with a session cookie (no page cache).
deep_wrk() {
    wrk -t"$THREADS" -c"$READERS" -d"$DURATION" --latency \
        -H "Cookie: sid=bench-no-cache" "$BASE$2" >"$TMP/deep.txt" 2>&1
    report "$1" "$TMP/deep.txt"
}
DEEP_LAST=$(( (DEEP_COMMENTS + 49) / 50 ))
echo "== $DEEP_COMMENTS comments on /article/$DEEP_ARTICLE, rendered on every request"
deep_wrk "article page" "/article/$DEEP_ARTICLE"
deep_wrk "comments, last page" "/article/$DEEP_ARTICLE/comments?page=$DEEP_LAST"
deep_wrk "oldest first, last page" "/article/$DEEP_ARTICLE/comments?order=oldest&page=$DEEP_LAST"
echo "comments stored: $(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from comments").fetchone()[0])' "$TMP/site.db")"
awk '/^VmHWM:/ { printf "sinmun peak RSS (VmHWM): %.1f MiB\n", $2 / 1024 }' "/proc/$SINMUN_PID/status"
exit 0
