#!/usr/bin/env bash
# Soak: the real host under mixed load for a while, its memory, threads and fds sampled.
#
#   soak/run.sh [MINUTES [GCDUMP_MINUTE ...]]   (default 20; on demand, not in CI)
#
# With GCDUMP_MINUTEs (e.g. `soak/run.sh 30 5 25`), dotnet-gcdump takes the host's managed
# heap at those minutes of the load (each forces a full collection), with its by-type report
# beside it: compare an early one with a late one to see what grows.
#
# Builds Chat.Host and soak/Chat.Soak (Release), starts the host the way a user does
# (dotnet run, port 0, warnings only), attaches dotnet-counters (a dotnet tool, kept in
# soak/work/) for the GC heap, runs soak/Chat.Soak's load on 127.0.0.1 for MINUTES and a
# minute idle after, then stops the host with SIGTERM. Results in soak/work/run-DATE/:
# samples.csv, plot.svg, summary.txt, the host's and dotnet-counters' output.
set -euo pipefail
minutes=${1:-20}
gcdumps=("${@:2}")
for m in "$minutes" "${gcdumps[@]}"; do
  [[ "$m" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "usage: soak/run.sh MINUTES [GCDUMP_MINUTE ...]" >&2; exit 2; }
done
cd "$(dirname "$0")/.."
work=$PWD/soak/work
out=$work/run-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for tool in dotnet-counters dotnet-gcdump; do
  if [ ! -x "$work/tools/$tool" ]; then
    dotnet tool install "$tool" --version 10.0.750501 --tool-path "$work/tools" >/dev/null
  fi
done
dotnet build src/Chat.Host -c Release -v quiet
dotnet build soak/Chat.Soak -c Release -v quiet

# The host, as a user runs it. Workstation GC (the host's own setting, made explicit), so
# the GC heap reads the same way on any machine.
DOTNET_gcServer=0 dotnet run -c Release --no-build --project src/Chat.Host -- \
  --Chat:Port=0 --Chat:HistoryPath="$out/chat.db" --Logging:LogLevel:Default=Warning >"$out/host.log" 2>&1 &
run_pid=$!
host_pid=
counters_pid=
dumps_pid=
load_pid=
stop() {
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  [ -n "$dumps_pid" ] && kill "$dumps_pid" 2>/dev/null || true
  [ -n "$counters_pid" ] && kill "$counters_pid" 2>/dev/null || true
  [ -n "$host_pid" ] || host_pid=$(pgrep -P "$run_pid" -n || true)
  kill -TERM "${host_pid:-$run_pid}" 2>/dev/null || true
  # dotnet run exits with the host; give the graceful shutdown (5 s drain) time, then insist,
  # on the host too: killing dotnet run alone would leave it running.
  for _ in $(seq 30); do kill -0 "$run_pid" 2>/dev/null || break; sleep 1; done
  for pid in $host_pid $run_pid; do kill -KILL "$pid" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 130' INT TERM # so that an interrupted run still stops the host

port=
for _ in $(seq 120); do
  port=$(sed -nE 's/^Listening on 127\.0\.0\.1:([0-9]+)$/\1/p' "$out/host.log")
  [ -n "$port" ] && break
  kill -0 "$run_pid" 2>/dev/null || { echo "the host exited:"; cat "$out/host.log"; exit 1; }
  sleep 1
done
[ -n "$port" ] || { echo "the host did not listen within 120 s"; exit 1; }
host_pid=$(pgrep -P "$run_pid" -n) # dotnet run starts the host as its child
echo "Host pid $host_pid listening on 127.0.0.1:$port; results in $out"

total_seconds=$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 + 300 }')
"$work/tools/dotnet-counters" collect -p "$host_pid" --refresh-interval 5 --format csv \
  -o "$out/counters.csv" --counters System.Runtime \
  --duration "$(printf '%02d:%02d:%02d' $((total_seconds / 3600)) $((total_seconds % 3600 / 60)) $((total_seconds % 60)))" \
  >"$out/counters.log" 2>&1 </dev/null &
counters_pid=$!

if [ ${#gcdumps[@]} -gt 0 ]; then
  (
    trap 'kill $! 2>/dev/null; exit 0' TERM
    started=$SECONDS
    for m in $(printf '%s\n' "${gcdumps[@]}" | sort -n); do
      wait_s=$(awk -v m="$m" -v e=$((SECONDS - started)) 'BEGIN { w = m * 60 - e; printf "%d", (w > 0 ? w : 0) }')
      sleep "$wait_s" &
      wait $!
      kill -0 "$host_pid" 2>/dev/null || exit 0
      dump=$out/heap-${m}min.gcdump
      timeout 120 "$work/tools/dotnet-gcdump" collect -p "$host_pid" -o "$dump" >"$dump.log" 2>&1 &&
        timeout 120 "$work/tools/dotnet-gcdump" report "$dump" >"$dump.txt" 2>&1 || true
    done
  ) </dev/null &
  dumps_pid=$!
fi

# In the background and waited for, so that an interrupt is handled at once: bash runs a
# trap only after the foreground command it waits for has ended.
timeout --kill-after=30 "$total_seconds" dotnet soak/Chat.Soak/bin/Release/net10.0/Chat.Soak.dll \
  --port "$port" --pid "$host_pid" --minutes "$minutes" --out "$out" --counters "$out/counters.csv" </dev/null &
load_pid=$!
wait "$load_pid"

kill -TERM "$host_pid"
[ -n "$dumps_pid" ] && kill "$dumps_pid" 2>/dev/null || true
status=0
wait "$run_pid" || status=$?
echo "host exit code after SIGTERM: $status (0 = graceful shutdown)"
errors=$(grep -cE "fail:|crit:|Unhandled" "$out/host.log" || true)
echo "host log: $errors error lines ($out/host.log)"
echo "plot: $out/plot.svg   samples: $out/samples.csv   summary: $out/summary.txt"
