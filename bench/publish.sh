#!/usr/bin/env bash
# bench/publish.sh — publish → visible latency across two processes on
# one database, on SQLite and (when tests/pg/pgctl can start one) on
# PostgreSQL.  See bench/publish.mjs.  ROUNDS=N for more samples.
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory build/sinmun >/dev/null
export SINMUN_BIN=${SINMUN_BIN:-build/sinmun}
env -u SINMUN_TEST_PG node bench/publish.mjs
dir=$(mktemp -d /tmp/sinmun-bench-pg-XXXXXX)
trap 'tests/pg/pgctl stop "$dir" >/dev/null 2>&1' EXIT
if url=$(tests/pg/pgctl start "$dir" 2>/dev/null); then
    SINMUN_TEST_PG=$url node bench/publish.mjs
else
    echo "postgresql: skipped (tests/pg/pgctl could not start a server)"
fi
