#!/bin/sh
# Article page throughput with visitor counting on and off (issue 4).
# Usage: sh bench/stats_throughput.sh [seconds]   (needs wrk; runs python app.py on a temp instance)
set -eu
SECONDS_PER_RUN=${1:-10}
UA='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'
PATH_ARTICLE=/tin-tuc/ca-he-thong-chinh-tri-cua-tinh-tiep-tuc-lam-tot-cong-tac-dan-van-trong-giai-doan-moi-1
PORT=${DANVAN_BENCH_PORT:-18094}
INSTANCE=$(mktemp -d)
trap 'rm -rf "$INSTANCE"' EXIT
for enabled in false true false true; do
  DANVAN_INSTANCE_PATH=$INSTANCE DANVAN_STATS_ENABLED=$enabled DANVAN_RATELIMIT_ENABLED=false \
    DANVAN_LOG_LEVEL=WARNING python app.py --host 127.0.0.1 --port "$PORT" >/dev/null 2>&1 &
  PID=$!
  until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.2; done
  wrk -t2 -c10 -d2s -H "User-Agent: $UA" "http://127.0.0.1:$PORT$PATH_ARTICLE" >/dev/null
  printf 'counting %-5s ' "$enabled"
  wrk -t2 -c10 -d"${SECONDS_PER_RUN}s" -H "User-Agent: $UA" \
    "http://127.0.0.1:$PORT$PATH_ARTICLE" | grep -E 'Requests/sec'
  kill "$PID"; wait "$PID" || true
done
