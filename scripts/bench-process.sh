#!/usr/bin/env bash
# Process start to first answer, and peak memory, of `faktabot ask`.
# Usage: scripts/bench-process.sh [RUNS]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
cargo build --release --quiet
bin=target/release/faktabot
best=999999; total=0; peak=0
for _ in $(seq "$runs"); do
  out=$( { /usr/bin/time -f "%e %M" "$bin" ask "Hvem eier Lånekassen?" >/dev/null; } 2>&1 )
  secs=${out% *}; kb=${out#* }
  ms=$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')
  total=$((total + ms)); (( ms < best )) && best=$ms; (( kb > peak )) && peak=$kb
done
echo "faktabot ask, $runs runs: mean $((total / runs)) ms, best $best ms, peak RSS $((peak / 1024)) MiB ($peak KiB)"
# Batch: the whole question set through one process.
out=$( { /usr/bin/time -f "%e %M" "$bin" ask --json < <(python3 -c '
import json,sys
for l in open("tests/eval/dev.jsonl"):
    if l.strip():
        c=json.loads(l); print(json.dumps({"chat":c["chat"],"text":c["text"]}, ensure_ascii=False))
') >/dev/null; } 2>&1 )
echo "faktabot ask --json, 225 questions in one process: ${out% *} s, peak RSS $(( ${out#* } / 1024 )) MiB"
