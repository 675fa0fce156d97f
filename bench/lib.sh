# bench/lib.sh — helpers the benchmarks share; sourced, not run.

# free_port: print a TCP port on 127.0.0.1 that is free right now.
free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# wait_http URL: wait up to 20 s for URL to answer 200.
wait_http() {
    local url=$1 i
    for ((i = 0; i < 200; i++)); do
        if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "bench: $url did not answer within 20 s" >&2
    return 1
}
