#!/bin/bash
# Usage: benchmarks/Chat.LoadTest/scripts/syscalls-per-delivery.sh ours|inspircd SCENARIO [FLAGS]
# The server's syscalls and CPU per message delivery, counted by `perf stat` (Debian: linux-perf).
# Runs the load twice against one server process (with messages, and with --messages 0, which
# logs in the same clients and sends nothing) and reports the difference, so logins and join
# notices cancel out. Our server is warmed up by two unmeasured runs first. HOSTBIN=PATH
# measures another build of our server. Needs the load tool built in Release.
set -u
cd "$(dirname "$0")/../../.."
ANCHORS=$PWD/benchmarks/anchors
KIND=$1; SCEN=$2; shift 2
if [ "$KIND" = ours ]; then
  ${HOSTBIN:-src/Chat.Host/bin/Release/net10.0/Chat.Host} --Chat:Port=0 --Chat:HistoryStore=Memory --Chat:RateLimitMessages=0 --Logging:LogLevel:Default=Warning > /tmp/lt-host.out 2>&1 &
  HPID=$!
  for i in $(seq 100); do grep -q Listening /tmp/lt-host.out && break; sleep 0.1; done
  PORT=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' /tmp/lt-host.out | head -1); PROTO=chat
else
  PORT=16999; sed "s|@HERE@|$ANCHORS|; s|port=\"16668\"|port=\"$PORT\"|; s|/tmp/inspircd-bench.log|/tmp/lt-insp.log|" "$ANCHORS/inspircd.conf" > /tmp/lt-insp.conf
  inspircd --config=/tmp/lt-insp.conf --nofork --nopid --runasroot > /dev/null 2>&1 &
  HPID=$!; sleep 1; PROTO=irc
fi
LT="dotnet benchmarks/Chat.LoadTest/bin/Release/net10.0/Chat.LoadTest.dll --server 127.0.0.1:$PORT --proto $PROTO --server-pid $HPID --out /tmp/lt-sys --warmup 0 --scenario $SCEN"
EV='syscalls:sys_enter_sendmsg,syscalls:sys_enter_sendto,syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_recvfrom,syscalls:sys_enter_read,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex,syscalls:sys_enter_sched_yield,context-switches,task-clock'
[ "$KIND" = ours ] && { $LT "$@" > /dev/null; $LT "$@" > /dev/null; }   # JIT warm-up
for M in 0 full; do
  X=""; [ $M = 0 ] && X="--messages 0"
  perf stat -x, -e $EV -p $HPID -o /tmp/lt-sys-$M.txt & PS=$!
  sleep 0.3
  $LT "$@" $X | grep -E '^\[' | sed "s/^/  [$M] /"
  kill -INT $PS; wait $PS 2>/dev/null
done
kill $HPID; wait $HPID 2>/dev/null
python3 - <<'PY'
import csv
def load(p):
    d={}
    for row in csv.reader(l for l in open(p) if l.strip() and not l.startswith('#')):
        try: d[row[2]]=float(row[0])
        except: pass
    return d
a=load('/tmp/lt-sys-0.txt'); b=load('/tmp/lt-sys-full.txt')
import glob
rows=list(csv.DictReader(open('/tmp/lt-sys.csv')))
deliv=float([r for r in rows if r['repeat']=='1'][0]['deliveries'])
print(f"  deliveries {deliv:.0f}")
for k in b:
    dv=b[k]-a.get(k,0)
    name=k.replace('syscalls:sys_enter_','')
    unit = 'ms' if k=='task-clock' else ''
    print(f"  {name:18s} {dv:12.0f}{unit}  per 1000 deliveries: {1000*dv/deliv:8.2f}")
PY
