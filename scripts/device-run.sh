#!/usr/bin/env bash
# The 16-core measurement in one call, for a lent machine without Node.js (see BENCHMARKS.md, "16 cores").
# Here: npm run build && npm start && scripts/device-bundle.sh, then carry .device and scripts and run
#   bash scripts/device-run.sh
# there, where $OUT is the folder whose files come back. Quickest and most telling first, so that a
# call cut short still returns them:
#   machine.txt, round-trip.txt  the CPU and the Atomics round trip between two threads;
#   threads.json                 a 16-thread run at batch 1024: each thread's shard time and the claims
#                                the work queue moved (a slow vCPU against a late one);
#   bench.json, bench.txt        einprop bench over 1, 2, 4, 8 and 16 threads at batch 1024 and 128;
#   finer-claims.txt             batch 1024 in 32 shards at 1 and 16 threads, with claims of 64 rows
#                                (as built) and of 32 (MIN_CLAIM_ROWS patched in a copy of dist/): an
#                                experiment, whether finer claims let the queue even out slower vCPUs;
#   independent.txt              16 threads against 16 lone one-thread processes, paired in rounds.
set -u
out=${OUT:?set OUT to the folder the results go to}
bundle=$(cd "$(dirname "$0")/.." && pwd)/.device/bundle.tar.xz
[ -f "$bundle" ] || { echo "device-run: no $bundle; run scripts/device-bundle.sh first" >&2; exit 1; }
mkdir -p /tmp/einprop-run && tar -C /tmp/einprop-run -xJf "$bundle" && cd /tmp/einprop-run/einprop || exit 1
{ nproc; lscpu | sed -n '1,24p'; } > "$out/machine.txt" 2>&1
./node dist/bench/round-trip.js 2>&1 | tee "$out/round-trip.txt"

./node dist/src/cli/main.js train --threads 16 --batch-size 1024 --epochs 3 --json > "$out/threads.json" 2>&1
./node -e "const r = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); console.log('per-thread shard µs a step:', r.thread_shard_us.map(Math.round).join(' '), '| claims moved a step:', r.claims_moved_per_step.toFixed(2))" "$out/threads.json"

./node dist/src/cli/main.js bench --threads 1,2,4,8,16 --batch-size 1024,128 --repeat 5 --json > "$out/bench.json" 2> "$out/bench.err"
echo "bench rc=$?"
./node --input-type=module -e "
  import { readFileSync } from 'node:fs';
  const { benchTable } = await import('./dist/src/cli/bench.js');
  console.log(benchTable(JSON.parse(readFileSync(process.argv[1], 'utf8'))));
" "$out/bench.json" 2>&1 | tee "$out/bench.txt"

# A package root of its own for the patched copy: the workers load dist/ from their package root.
rm -rf /tmp/einprop-fine && cp -r /tmp/einprop-run/einprop /tmp/einprop-fine
sed -i 's/export const MIN_CLAIM_ROWS = 64;/export const MIN_CLAIM_ROWS = 32;/' /tmp/einprop-fine/dist/src/parallel/shards.js
{
  for root in /tmp/einprop-run/einprop /tmp/einprop-fine; do
    echo "== $root: $(grep -o 'MIN_CLAIM_ROWS = [0-9]*' "$root/dist/src/parallel/shards.js")"
    (cd "$root" && ./node dist/src/cli/main.js bench --threads 1,16 --batch-size 1024 --shards 32 --repeat 5 2>&1 | tail -3)
  done
} 2>&1 | tee "$out/finer-claims.txt"

./node dist/bench/independent.js --threads 16 --rounds 5 2>&1 | tee "$out/independent.txt"
