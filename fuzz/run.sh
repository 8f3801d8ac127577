#!/usr/bin/env bash
# Coverage-guided fuzzing of everything a client can send, with AFL++ and SharpFuzz.
#
#   fuzz/run.sh [MINUTES]      (default 30)
#
# Installs afl++ (Debian) and the SharpFuzz instrumenter (a dotnet tool, kept in fuzz/work/),
# publishes fuzz/Chat.Fuzz, instruments the published copy of Chat.Core.dll, fuzzes for
# MINUTES from fuzz/seeds with fuzz/chat.dict, then prints executions, exec/s, coverage
# (AFL's edges and paths, then Chat.Core's lines and branches reached by the corpus), and
# every crash and hang replayed with its stack trace. Findings stay in
# fuzz/work/findings-DATE/. Not part of CI: one AFL instance keeps one core busy.
set -euo pipefail
minutes=${1:-30}
[[ "$minutes" =~ ^[0-9]+$ ]] && [ "$minutes" -gt 0 ] || { echo "usage: fuzz/run.sh MINUTES" >&2; exit 2; }
cd "$(dirname "$0")/.."
work=$PWD/fuzz/work
mkdir -p "$work"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# 1. Tools.
if ! command -v afl-fuzz >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
if [ ! -x "$work/tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
fi

# 2. The harness, published, with Chat.Core instrumented in the published copy only: the
# ordinary build in fuzz/Chat.Fuzz/bin stays uninstrumented and replays findings below.
rm -rf "$work/bin"
dotnet publish fuzz/Chat.Fuzz -c Release -o "$work/bin" -v quiet
"$work/tools/sharpfuzz" "$work/bin/Chat.Core.dll"
dotnet build fuzz/Chat.Fuzz -c Release -v quiet >/dev/null
replay=(dotnet fuzz/Chat.Fuzz/bin/Release/net10.0/Chat.Fuzz.dll --replay)

# 3. Fuzz. The harness is not a native AFL binary, hence SKIP_BIN_CHECK; SharpFuzz's map is
# 64 KiB; the .NET forkserver needs seconds to start. -t is per input: a replay takes
# milliseconds and gives up by itself after 3 s (ChatReplay.Patience), so 8 s means a hang.
out=$work/findings-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
echo "Fuzzing for $minutes minutes into $out"
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
AFL_NO_AFFINITY=1 AFL_FORKSRV_INIT_TMOUT=120000 AFL_MAP_SIZE=65536 AFL_IGNORE_UNKNOWN_ENVS=1 \
CHAT_FUZZ_FAILURES="$out/failures" \
  timeout --kill-after=30 $((minutes * 60 + 300)) \
  afl-fuzz -i fuzz/seeds -o "$out" -x fuzz/chat.dict -t 8000 -m none -V $((minutes * 60)) \
  -- dotnet "$work/bin/Chat.Fuzz.dll" >"$out/afl.log" 2>&1 || echo "afl-fuzz exited with $? (log: $out/afl.log)"

# 4. What it reached.
stats=$out/default/fuzzer_stats
if [ ! -f "$stats" ]; then
  echo "no fuzzer_stats: afl-fuzz did not start; the end of its log:"; tail -30 "$out/afl.log"; exit 1
fi
field() { sed -nE "s/^$1 *: *(.*)$/\1/p" "$stats"; }
execs=$(field execs_done); secs=$(field run_time)
echo "executions:  $execs in ${secs}s = $((execs / (secs > 0 ? secs : 1))) exec/s on average (last: $(field execs_per_sec) exec/s)"
echo "coverage:    $(field edges_found) edges of Chat.Core ($(field bitmap_cvg) of the 64 KiB map), $(field corpus_count) paths in the corpus ($(field corpus_found) found), stability $(field stability)"
echo "crashes:     $(field saved_crashes)   hangs: $(field saved_hangs)"

# 5. Every crash and hang, replayed uninstrumented (a hang may time out here too: bounded).
for kind in crashes hangs; do
  if compgen -G "$out/default/$kind/id:*" >/dev/null; then
    echo "== $kind"
    timeout 600 "${replay[@]}" "$out/default/$kind" || true
  fi
done
if [ -d "$out/failures" ]; then
  echo "== distinct failures recorded during the run: $out/failures"
  ls "$out/failures"
fi

# 6. How much of Chat.Core the corpus reaches, in lines and branches (coverlet, uninstrumented).
echo "== Chat.Core covered by the corpus ($(ls "$out/default/queue" | wc -l) inputs)"
CHAT_FUZZ_CORPUS="$out/default/queue" dotnet test fuzz/Chat.Fuzz.Coverage -c Debug \
  /p:CollectCoverage=true '/p:Include="[Chat.Core]*"' /p:CoverletOutput="$out/coverage/" 2>&1 |
  grep -E "^\| (Module|Chat.Core)|Failed!|error" || echo "coverage measurement failed"
