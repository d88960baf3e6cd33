#!/usr/bin/env bash
# What a page served by nginx's proxy_cache costs over the same file served statically, and
# what each response header adds to it: nginx parses the stored headers again on every hit.
#
#   bench/edge_headers.sh [PAGE] [EXTRA_HEADERS]     (defaults: a saved article page, 10)
#
# An upstream nginx serves PAGE with 0 or EXTRA_HEADERS headers of its own; a second nginx
# caches it as deploy/nginx/masthead.conf does (proxy_cache, key $host$request_uri,
# open_file_cache, X-Edge-Cache). wrk -t2 -c16, 6 s runs, three of each, alternating; nginx's CPU per
# request comes from the edge workers' /proc times. Loopback only, about a minute and a half.
set -euo pipefail
page=${1:-/opt/peers/static/masthead-article.html}
extra=${2:-10}
[ -f "$page" ] || { echo "no page at $page: run make bench once, or pass a saved HTML page"; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
nginx=$(command -v nginx || echo /usr/sbin/nginx)
work=$(mktemp -d)
trap 'for p in "$work"/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null; done; rm -rf "$work"' EXIT
cp "$page" "$work/page.html"
UP=8095 EDGE=8096 STATIC=8097

start() {  # the upstream's extra header count
    local headers=""
    for i in $(seq 1 "$1"); do headers+=" add_header X-Extra-$i \"a-value-about-forty-characters-long-$i\";"; done
    cat > "$work/nginx.conf" <<EOF
user root; worker_processes 1; daemon on; pid $work/up.pid; error_log $work/error.log;
events {}
http { access_log off; default_type text/html;
  server { listen 127.0.0.1:$UP; root $work; location / { $headers } } }
EOF
    cat > "$work/edge.conf" <<EOF
user root; worker_processes 2; daemon on; pid $work/edge.pid; error_log $work/error.log;
events { worker_connections 4096; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 10000; default_type text/html;
  proxy_cache_path $work/cache levels=1:2 keys_zone=edge:10m inactive=1d use_temp_path=off;
  proxy_temp_path $work/tmp; client_body_temp_path $work/body;
  open_file_cache max=1000;
  server { listen 127.0.0.1:$EDGE;
    location / { proxy_pass http://127.0.0.1:$UP; proxy_cache edge; proxy_cache_key \$host\$request_uri;
                 proxy_cache_valid 200 1h; add_header X-Edge-Cache \$upstream_cache_status; } }
  server { listen 127.0.0.1:$STATIC; root $work; } }
EOF
    rm -rf "$work/cache"; mkdir -p "$work/tmp" "$work/body"
    "$nginx" -c "$work/nginx.conf"; "$nginx" -c "$work/edge.conf"; sleep 0.5
    curl -s -o /dev/null "http://127.0.0.1:$EDGE/page.html"  # fill the cache
    curl -sI "http://127.0.0.1:$EDGE/page.html" | grep -q "X-Edge-Cache: HIT" \
        || { echo "the edge does not keep the page: see $work/error.log"; cat "$work/error.log"; exit 1; }
}
stop() { kill "$(cat "$work/edge.pid")" "$(cat "$work/up.pid")"; sleep 0.5; }
cpu() {  # the edge workers' CPU so far, in clock ticks
    local total=0
    for pid in $(pgrep -P "$(cat "$work/edge.pid")"); do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    done
    echo "$total"
}
measure() {  # label, URL
    local before after out n rps
    before=$(cpu); out=$(wrk -t2 -c16 -d6s "$2"); after=$(cpu)
    if echo "$out" | grep -q "Non-2xx"; then echo "$1: errors from $2"; exit 1; fi
    n=$(echo "$out" | grep -oP '\d+(?= requests in)')
    rps=$(echo "$out" | grep -oP 'Requests/sec:\s+\K[\d.]+')
    printf '%-34s %9.0f req/s %7.2f µs of nginx CPU per request\n' "$1" "$rps" \
        "$(python3 -c "print(($after - $before) * 1e6 / $(getconf CLK_TCK) / $n)")"
}

echo "page: $page ($(stat -c %s "$page") bytes), wrk -t2 -c16, 6 s per run"
for round in 1 2 3; do
    for count in 0 "$extra"; do
        start "$count"
        measure "proxy_cache hit, $count extra headers" "http://127.0.0.1:$EDGE/page.html"
        [ "$count" = 0 ] && measure "static file" "http://127.0.0.1:$STATIC/page.html"
        stop
    done
done
