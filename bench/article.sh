#!/usr/bin/env bash
# bench/article.sh — article page throughput and cost: sinmun with its
# access log on and off against nginx serving the same bytes from a file
# with a buffered access log, cached and uncached (issue 11).
#
#   bench/article.sh                  (or: make bench)
#   DURATION=10s ROUNDS=5 bench/article.sh
#   BASELINE_BIN=OLD/build/sinmun BASELINE_ROOT=OLD bench/article.sh
#                                     (adds an older build, for before/after)
#
# Builds build/sinmun (release), makes a demo database in a temp dir and
# saves sinmun's /article/1 bytes; nginx (Debian nginx-light, 1 worker,
# keepalive, `access_log FILE combined buffer=64k flush=1s`) serves that
# file at the same path. Each phase starts its sinmun servers on free
# loopback ports:
#   cached    sinmun-log   `--set access_log=FILE` (the production setup)
#             sinmun-off   `--set access_log=off`
#   uncached  the same two with `--set cache=off`: the page cache is off,
#             so every request renders the page (template, layout, the
#             article's rows read from the database); the pieces every
#             page shares are prebuilt and kept until a change drops them
#             (docs/architecture.md "Shared pieces": the section's 최신 기사
#             list, the comment settings, the menu and footer of the site
#             snapshot), as in production.  nginx still serves its file.
# (BASELINE_BIN adds "base-log": that binary with its access log on, its
# own demo database and BASELINE_ROOT's templates, for before/after
# figures from one run.)
# Rounds are interleaved: in every round each server is loaded in turn
# (the order rotates from round to round) with wrk (THREADS threads,
# --latency) for DURATION, at each of CONNECTIONS. Every run records
# requests/s, p99 latency and the server's CPU time per request (utime +
# stime from /proc/<pid>/stat, all threads; nginx master + worker). The
# access logs are emptied after each run (lines are counted first: one per
# request is checked). Medians over the rounds are printed with the
# targets, the load average before and after each phase (the machine may
# be shared: numbers are only comparable within one run), and sinmun's
# peak RSS.
#
# Targets (issue 11), with the access log on:
#   cached    CPU per request <= nginx's; requests/s >= 0.95x nginx's;
#             p99 <= 5 ms at 50 connections
#   uncached  requests/s >= 0.35x nginx's
# A missed target prints MISSED but the script still exits 0; it exits 1
# only when the benchmark could not run. Only 127.0.0.1 is used.
#
# Environment: DURATION (wrk -d, default 5s), ROUNDS (default 3, at least
# 3), CONNECTIONS (default "50 200"), THREADS (wrk -t, default 2),
# SINMUN_BIN (server binary; when set, no make), BASELINE_BIN (optional
# second sinmun binary) and BASELINE_ROOT (its source tree, default this
# one), KEEP_BENCH_TMP=1 keeps the temp dir.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-50 200}
THREADS=${THREADS:-2}
TARGET_CACHED_RPS=0.95
TARGET_CACHED_CPU=1.00
TARGET_CACHED_P99_MS=5
TARGET_P99_CONNS=50
TARGET_UNCACHED_RPS=0.35
ARTICLE_PATH=/article/1

if [[ $ROUNDS -lt 3 ]]; then
    echo "bench: ROUNDS=$ROUNDS raised to 3 (a median needs three)" >&2
    ROUNDS=3
fi

for tool in wrk nginx curl python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "bench: $tool is missing; run scripts/install-deps" >&2
        exit 1
    fi
done
NGINX=$(command -v nginx)

if [[ -n "${SINMUN_BIN:-}" ]]; then
    SINMUN=$SINMUN_BIN
else
    make --no-print-directory build/sinmun
    SINMUN=$ROOT/build/sinmun
fi
BASELINE=${BASELINE_BIN:-}
BASELINE_ROOT=${BASELINE_ROOT:-$ROOT}

TMP=$(mktemp -d /tmp/sinmun-bench.XXXXXX)
chmod 755 "$TMP" # nginx workers read the page from here
NGINX_PID=
# Per sinmun server name: pid, port, access log file ("" when off).
declare -A SPID SPORT SLOG

stop_sinmuns() {
    local name
    for name in "${!SPID[@]}"; do
        local pid=${SPID[$name]}
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
        unset "SPID[$name]"
    done
}

cleanup() {
    local rc=$?
    stop_sinmuns
    if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -QUIT "$NGINX_PID" 2>/dev/null || true
        wait "$NGINX_PID" 2>/dev/null || true
    fi
    NGINX_PID=
    if [[ "${KEEP_BENCH_TMP:-}" == 1 ]]; then
        echo "bench: kept $TMP"
    else
        rm -rf "$TMP"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# cpu_ticks PID...: print the summed utime+stime clock ticks of the PIDs.
cpu_ticks() {
    local total=0 pid rest
    for pid in "$@"; do
        rest=$(cat "/proc/$pid/stat")
        rest=${rest##*) } # after "pid (comm) ": field 3 (state) onwards
        # utime and stime are fields 14 and 15: the 12th and 13th here.
        read -r -a f <<<"$rest"
        total=$((total + f[11] + f[12]))
    done
    echo "$total"
}

# nginx_pids: the nginx master and its workers.
nginx_pids() {
    echo "$NGINX_PID"
    cat /proc/"$NGINX_PID"/task/*/children 2>/dev/null | tr ' ' '\n' |
        grep -E '^[0-9]+$' || true
}

CLK_TCK=$(getconf CLK_TCK)

# start_sinmun NAME BINARY CACHE LOG [DB ROOT]: LOG is on or off.
start_sinmun() {
    local name=$1 bin=$2 cache=$3 log=$4
    local db=${5:-$TMP/site.db} root=${6:-$ROOT}
    local port logfile=off
    port=$(free_port)
    if [[ $log == on ]]; then
        logfile=$TMP/access-$name.log
    fi
    "$bin" serve --db "$db" --listen "127.0.0.1:$port" \
        --base-url "http://127.0.0.1:$port" --root "$root" \
        --set access_log="$logfile" --set cache="$cache" \
        >"$TMP/$name.err" 2>&1 &
    SPID[$name]=$!
    SPORT[$name]=$port
    SLOG[$name]=$([[ $log == on ]] && echo "$logfile" || echo "")
    if ! wait_http "http://127.0.0.1:$port/healthz"; then
        cat "$TMP/$name.err" >&2
        exit 1
    fi
}

start_nginx() {
    NGINX_PORT=$(free_port)
    mkdir -p "$TMP/www${ARTICLE_PATH%/*}" "$TMP/nginx-temp"
    cp "$TMP/article.html" "$TMP/www$ARTICLE_PATH"
    chmod -R a+rX "$TMP/www"
    cat >"$TMP/nginx.conf" <<EOF
# Generated by bench/article.sh: one worker serving one file, with the
# buffered access log a production site would keep, long keepalive.
worker_processes 1;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
$([[ $(id -u) -eq 0 ]] && echo "user root;")
events {
    worker_connections 4096;
}
http {
    access_log $TMP/access-nginx.log combined buffer=64k flush=1s;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    open_file_cache max=64 inactive=60s;
    client_body_temp_path $TMP/nginx-temp/body;
    proxy_temp_path $TMP/nginx-temp/proxy;
    fastcgi_temp_path $TMP/nginx-temp/fastcgi;
    uwsgi_temp_path $TMP/nginx-temp/uwsgi;
    scgi_temp_path $TMP/nginx-temp/scgi;
    types { }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $TMP/www;
        location = $ARTICLE_PATH {
            default_type "text/html; charset=utf-8";
        }
        location / {
            return 404;
        }
    }
}
EOF
    "$NGINX" -p "$TMP" -c "$TMP/nginx.conf" -e "$TMP/nginx-error.log" \
        >"$TMP/nginx.out" 2>&1 &
    NGINX_PID=$!
    if ! wait_http "http://127.0.0.1:$NGINX_PORT$ARTICLE_PATH"; then
        cat "$TMP/nginx.out" "$TMP/nginx-error.log" >&2 || true
        exit 1
    fi
}

# to_ms VALUE: wrk latency ("812.00us", "1.23ms", "1.01s") in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) { n /= 1000 }
        else if (v ~ /ms$/) { }
        else if (v ~ /m$/) { n *= 60000 }
        else if (v ~ /s$/) { n *= 1000 }
        printf "%.3f", n
    }'
}

# check_alive NAME PID...: stop the benchmark, showing the server's log,
# when one of its processes died under load: a crash is a bug, not a number.
check_alive() {
    local name=$1 pid
    shift
    for pid in "$@"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            local log=$TMP/nginx-error.log
            [[ $name == nginx ]] || log=$TMP/$name.err
            echo "bench: CRASHED: $name (pid $pid) died during the run" >&2
            if [[ $name != nginx ]]; then
                local st=0
                wait "$pid" 2>/dev/null || st=$?
                echo "bench: its exit status: $st" \
                    "$([[ $st -gt 128 ]] && echo "(signal $((st - 128)))")" >&2
                unset "SPID[$name]"
            fi
            mkdir -p "$ROOT/build/bench"
            cp "$log" "$ROOT/build/bench/crash-$name.log" 2>/dev/null || true
            echo "bench: last lines of its log" \
                "(all of it in build/bench/crash-$name.log):" >&2
            tail -n 40 "$log" >&2 || true
            exit 1
        fi
    done
}

# server_url NAME: the article's URL on that server.
server_url() {
    if [[ $1 == nginx ]]; then
        echo "http://127.0.0.1:$NGINX_PORT$ARTICLE_PATH"
    else
        echo "http://127.0.0.1:${SPORT[$1]}$ARTICLE_PATH"
    fi
}

# server_pids NAME: the processes whose CPU time counts for that server.
server_pids() {
    if [[ $1 == nginx ]]; then
        nginx_pids
    else
        echo "${SPID[$1]}"
    fi
}

# server_log NAME: its access log file, or nothing when it has none.
server_log() {
    if [[ $1 == nginx ]]; then
        echo "$TMP/access-nginx.log"
    else
        echo "${SLOG[$1]}"
    fi
}

# measure PHASE NAME CONNS: one wrk run; appends
# "phase conns name rps p99ms cpu_us_per_req errors" to $RESULTS.
measure() {
    local phase=$1 name=$2 conns=$3
    local url log before after out
    url=$(server_url "$name")
    log=$(server_log "$name")
    local -a pids
    mapfile -t pids < <(server_pids "$name")
    before=$(cpu_ticks "${pids[@]}")
    out=$(wrk -t"$THREADS" -c"$conns" -d"$DURATION" --latency "$url" 2>&1)
    check_alive "$name" "${pids[@]}"
    after=$(cpu_ticks "${pids[@]}")
    echo "$out" >>"$TMP/wrk-$phase.log"
    local rps p99 requests errors non2xx
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    requests=$(awk '/requests in/ { print $1 }' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
    errors=$(awk '/Socket errors:/ {
        gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$out")
    errors=$((${errors:-0} + ${non2xx:-0}))
    if [[ -z "$rps" || -z "$p99" || -z "$requests" || "$requests" -eq 0 ]]; then
        echo "bench: wrk gave no result for $url:" >&2
        echo "$out" >&2
        exit 1
    fi
    local cpu_us p99ms lines=-
    cpu_us=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" \
        'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
    p99ms=$(to_ms "$p99")
    if [[ -n "$log" ]]; then
        # Lines are written within a second (both servers buffer them);
        # empty the file so the runs do not fill the disk.
        sleep 1.2
        lines=$(wc -l <"$log")
        : >"$log"
    fi
    printf '%-6s %5d  %-10s %10.0f %9.2f %9.1f %7d %10s\n' "$ROUND" "$conns" \
        "$name" "$rps" "$p99ms" "$cpu_us" "$errors" "$lines"
    echo "$phase $conns $name $rps $p99ms $cpu_us $errors" >>"$RESULTS"
}

# median PHASE CONNS NAME COLUMN: median of one column (4 rps, 5 p99,
# 6 cpu) over the rounds.
median() {
    awk -v p="$1" -v c="$2" -v s="$3" -v col="$4" \
        '$1 == p && $2 == c && $3 == s { print $col }' "$RESULTS" |
        sort -g | awk '{ a[NR] = $1 } END {
            if (NR == 0) { print "nan"; exit }
            if (NR % 2) { print a[(NR + 1) / 2] }
            else { print (a[NR / 2] + a[NR / 2 + 1]) / 2 } }'
}

vm_hwm() {
    awk '/^VmHWM:/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$1/status"
}

load_avg() {
    cut -d' ' -f1-3 /proc/loadavg
}

MISSED=0

# verdict OK TEXT: print TEXT with ok or MISSED; count misses.
verdict() {
    if [[ $1 == 1 ]]; then
        echo "       ok      $2"
    else
        echo "       MISSED  $2"
        MISSED=$((MISSED + 1))
    fi
}

# check_targets PHASE CONNS: compare sinmun-log's medians with nginx's.
check_targets() {
    local phase=$1 c=$2
    local s_rps s_p99 s_cpu n_rps n_cpu
    s_rps=$(median "$phase" "$c" sinmun-log 4)
    s_p99=$(median "$phase" "$c" sinmun-log 5)
    s_cpu=$(median "$phase" "$c" sinmun-log 6)
    n_rps=$(median "$phase" "$c" nginx 4)
    n_cpu=$(median "$phase" "$c" nginx 6)
    local rr cr
    rr=$(awk -v s="$s_rps" -v n="$n_rps" 'BEGIN { printf "%.2f", (n > 0 ? s / n : 0) }')
    cr=$(awk -v s="$s_cpu" -v n="$n_cpu" 'BEGIN { printf "%.2f", (n > 0 ? s / n : 0) }')
    if [[ $phase == cached ]]; then
        verdict "$(awk -v r="$rr" -v t=$TARGET_CACHED_RPS 'BEGIN { print (r >= t) }')" \
            "log on: req/s ${rr}x nginx (target >= ${TARGET_CACHED_RPS}x)"
        verdict "$(awk -v r="$cr" -v t=$TARGET_CACHED_CPU 'BEGIN { print (r <= t) }')" \
            "log on: CPU/request ${cr}x nginx ($s_cpu vs $n_cpu us; target <= ${TARGET_CACHED_CPU}x)"
        if [[ $c -eq $TARGET_P99_CONNS ]]; then
            verdict "$(awk -v p="$s_p99" -v t=$TARGET_CACHED_P99_MS 'BEGIN { print (p <= t) }')" \
                "log on: p99 $s_p99 ms (target <= $TARGET_CACHED_P99_MS ms at $TARGET_P99_CONNS connections)"
        fi
    else
        verdict "$(awk -v r="$rr" -v t=$TARGET_UNCACHED_RPS 'BEGIN { print (r >= t) }')" \
            "log on: req/s ${rr}x nginx (target >= ${TARGET_UNCACHED_RPS}x); CPU/request ${cr}x"
    fi
}

# run_phase PHASE CACHE: start the phase's sinmun servers, run the
# interleaved rounds, print medians and verdicts, stop the servers.
run_phase() {
    local phase=$1 cache=$2
    local -a names=(nginx sinmun-log sinmun-off)
    start_sinmun sinmun-log "$SINMUN" "$cache" on
    start_sinmun sinmun-off "$SINMUN" "$cache" off
    if [[ -n "$BASELINE" ]]; then
        start_sinmun base-log "$BASELINE" "$cache" on "$TMP/base.db" \
            "$BASELINE_ROOT"
        names+=(base-log)
    fi
    echo
    echo "== $phase (cache=$cache): load average $(load_avg) at start"
    local name
    for name in "${names[@]}"; do
        local url
        url=$(server_url "$name")
        printf '   %-10s %s, %s bytes\n' "$name" "$url" \
            "$(curl -fsS "$url" | wc -c)"
        # Warm-up: fill caches, fault in pages, settle thread pools.
        wrk -t"$THREADS" -c50 -d1s "$url" >/dev/null 2>&1
    done
    sleep 1.2 # the warm-up's log lines are written within a second
    for name in "${names[@]}"; do
        local log
        log=$(server_log "$name")
        if [[ -n "$log" ]]; then
            : >"$log"
        fi
    done
    echo "   wrk -t$THREADS -d$DURATION, $ROUNDS interleaved rounds at" \
        "$CONNECTIONS connections"
    printf '%-6s %5s  %-10s %10s %9s %9s %7s %10s\n' round conns server \
        req/s "p99 ms" "CPU us/r" errors "log lines"
    local r c i n=${#names[@]}
    for ((r = 1; r <= ROUNDS; r++)); do
        ROUND=$r
        for c in $CONNECTIONS; do
            for ((i = 0; i < n; i++)); do
                measure "$phase" "${names[$(((i + r - 1) % n))]}" "$c"
            done
        done
    done
    echo
    echo "-- $phase medians over $ROUNDS rounds; load average $(load_avg)" \
        "at the end"
    printf '%5s  %-10s %10s %9s %9s %14s\n' conns server req/s "p99 ms" \
        "CPU us/r" "req/s vs nginx"
    for c in $CONNECTIONS; do
        local n_rps
        n_rps=$(median "$phase" "$c" nginx 4)
        for name in "${names[@]}"; do
            local m_rps m_p99 m_cpu
            m_rps=$(median "$phase" "$c" "$name" 4)
            m_p99=$(median "$phase" "$c" "$name" 5)
            m_cpu=$(median "$phase" "$c" "$name" 6)
            printf '%5d  %-10s %10.0f %9.2f %9.1f %13.2fx\n' "$c" "$name" \
                "$m_rps" "$m_p99" "$m_cpu" \
                "$(awk -v s="$m_rps" -v n="$n_rps" 'BEGIN { print (n > 0 ? s / n : 0) }')"
        done
        check_targets "$phase" "$c"
    done
    echo "   sinmun-log peak RSS (VmHWM): $(vm_hwm "${SPID[sinmun-log]}")"
    stop_sinmuns
}

RESULTS=$TMP/results.txt
: >"$RESULTS"

echo "bench: demo database in $TMP"
"$SINMUN" demo --db "$TMP/site.db" --root "$ROOT" >"$TMP/demo.log" 2>&1 || {
    cat "$TMP/demo.log" >&2
    exit 1
}

if [[ -n "$BASELINE" ]]; then
    (cd "$BASELINE_ROOT" && "$BASELINE" demo --db "$TMP/base.db") \
        >"$TMP/base-demo.log" 2>&1 || {
        cat "$TMP/base-demo.log" >&2
        exit 1
    }
fi

start_sinmun fetch "$SINMUN" on off
if ! curl -fsS -o "$TMP/article.html" "$(server_url fetch)"; then
    echo "bench: GET $ARTICLE_PATH failed" >&2
    exit 1
fi
stop_sinmuns
start_nginx

echo "machine: $(nproc) cores, load average $(load_avg);" \
    "$("$NGINX" -v 2>&1); $(wrk -v 2>&1 | head -n 1)"
run_phase cached on
run_phase uncached off

echo
if [[ $MISSED -gt 0 ]]; then
    echo "bench: MISSED $MISSED target(s); see above"
else
    echo "bench: all targets met"
fi
exit 0
