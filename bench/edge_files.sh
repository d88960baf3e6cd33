#!/usr/bin/env bash
# nginx sending Masthead's page file (deploy/nginx/masthead.conf, as `make bench` ran it) against
# the static peer sending the same bytes, in alternating runs so that neither gets the quieter
# moments of a shared machine. Run after `make bench` (it reuses its nginx config and the files
# the app wrote; the app need not run: nginx sends the files alone).
#
#   bench/edge_files.sh [ROUNDS]     (default 3; wrk -t2, c=16 and c=64, 6 s runs; about 2.5 min)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
conf=var/bench-nginx/nginx.conf
page=/israel-and-the-region/netanyahu-holds-talks-with-russian-officials-on-syria-friction/
peers=${PEERS_DIR:-../shared/peers}
[ -f "$conf" ] || { echo "no $conf: run make bench first"; exit 1; }
[ -f /opt/peers/static/masthead-article.html ] || { echo "no static copy: run make bench first"; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
nginx=$(command -v nginx || echo /usr/sbin/nginx)

"$nginx" -c "$PWD/$conf" &
edge=$!
"$peers/static_start.sh" >/dev/null
trap 'kill -QUIT $edge 2>/dev/null; "$peers/static_stop.sh" >/dev/null' EXIT
sleep 1
curl -sI "http://127.0.0.1:8091$page" | grep -q "X-Edge-Cache: FILE" \
    || { echo "nginx does not send the article from its file: run make bench again"; exit 1; }
cmp -s <(curl -s "http://127.0.0.1:8091$page") /opt/peers/static/masthead-article.html \
    || echo "note: the file and the static copy differ (a later render); sizes still compared"

rps() { wrk -t2 -c"$1" -d6s "$2" | grep -oP 'Requests/sec:\s+\K[\d.]+'; }
ratios=""
for round in $(seq 1 "$rounds"); do
    for c in 16 64; do
        file=$(rps "$c" "http://127.0.0.1:8091$page")
        static=$(rps "$c" "http://127.0.0.1:8083/masthead-article.html")
        ratio=$(python3 -c "print(f'{$file / $static:.2f}')")
        ratios+="$c $ratio"$'\n'
        printf 'round %s c=%-3s file %8.0f req/s   static %8.0f req/s   file/static %s\n' \
            "$round" "$c" "$file" "$static" "$ratio"
    done
done
python3 -c "
import statistics, sys
rows = [line.split() for line in sys.argv[1].strip().splitlines()]
for c in ('16', '64'):
    values = [float(r) for k, r in rows if k == c]
    print(f'c={c}: file/static mean {statistics.mean(values):.2f}, lowest {min(values):.2f}')
" "$ratios"
