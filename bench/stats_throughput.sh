#!/bin/sh
# Article page throughput with visitor counting on and off, alternating runs.
# Usage: sh bench/stats_throughput.sh [seconds] [rounds]   (needs wrk and curl)
# Runs `python app.py` on a temporary instance (SQLite) and hits the article page with
#   wrk -t2 -c10 -d<seconds>s -H 'User-Agent: <desktop Chrome>' URL
# It also prints the server's CPU time per request, which other load on the machine skews less.
set -eu
SECONDS_PER_RUN=${1:-10}
ROUNDS=${2:-2}
UA='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'
ARTICLE=/tin-tuc/ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-dan-van-trong-giai-doan-moi-1
PORT=${DANVAN_BENCH_PORT:-18094}
INSTANCE=$(mktemp -d)
trap 'rm -rf "$INSTANCE"' EXIT
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
round=0
while [ "$round" -lt "$ROUNDS" ]; do
  round=$((round + 1))
  for enabled in false true; do
    DANVAN_INSTANCE_PATH=$INSTANCE DANVAN_STATS_ENABLED=$enabled DANVAN_RATELIMIT_ENABLED=false \
      DANVAN_LOG_LEVEL=WARNING python app.py --host 127.0.0.1 --port "$PORT" >/dev/null 2>&1 &
    PID=$!
    until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.2; done
    wrk -t2 -c10 -d2s -H "User-Agent: $UA" "http://127.0.0.1:$PORT$ARTICLE" >/dev/null
    before=$(cpu_ticks "$PID")
    out=$(wrk -t2 -c10 -d"${SECONDS_PER_RUN}s" -H "User-Agent: $UA" "http://127.0.0.1:$PORT$ARTICLE")
    after=$(cpu_ticks "$PID")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    ticks=$(getconf CLK_TCK)
    echo "$enabled $rate $requests $before $after $ticks" | awk '{printf "counting %-5s %8s req/s  %6.3f ms CPU per request\n", $1, $2, ($5 - $4) * 1000 / $6 / $3}'
    kill "$PID"; wait "$PID" || true
  done
done
