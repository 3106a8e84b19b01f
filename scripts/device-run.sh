#!/usr/bin/env bash
# The 16-core measurement in one call, for a lent machine without Node.js (see BENCHMARKS.md, "16 cores").
# Here: npm run build && npm start && scripts/device-bundle.sh, then carry .device and scripts and run
#   bash scripts/device-run.sh
# there, where $OUT is the folder whose files come back. Quickest and most telling first, so that a
# call cut short still returns them:
#   machine.txt                  the CPU, and which vCPUs share a physical core (thread siblings):
#                                16 vCPUs that are 8 cores' hyperthreads cannot give 16 cores' arithmetic;
#   round-trip.txt               the Atomics round trip between two threads;
#   threads.json                 a 16-thread run at batch 1024: each thread's shard time and the claims
#                                the work queue moved;
#   bench.json, bench.txt        einprop bench over 1, 2, 4, 8 and 16 threads at batch 1024 and 128;
#   ceiling.txt                  the machine's own ceiling: k threads of one process that share nothing
#                                and never wait (bench:sharing, private mode) at k = 1, 2, 4, 8, 12, 16,
#                                each timing a 64-row pass; 16 × (one thread's pace) / (the slowest
#                                thread's pace at 16) bounds any synchronous step's speed-up there;
#   tiles-always.txt             an experiment: first-layer tiles in every step at 16 threads (a patched
#                                copy) against the build as it is, batch 1024, alternating;
#   independent.txt              16 threads against 16 lone one-thread processes, paired in rounds.
set -u
out=${OUT:?set OUT to the folder the results go to}
bundle=$(cd "$(dirname "$0")/.." && pwd)/.device/bundle.tar.xz
[ -f "$bundle" ] || { echo "device-run: no $bundle; run scripts/device-bundle.sh first" >&2; exit 1; }
mkdir -p /tmp/einprop-run && tar -C /tmp/einprop-run -xJf "$bundle" && cd /tmp/einprop-run/einprop || exit 1
# The bundle's MNIST cache, where einprop looks for it.
export XDG_CACHE_HOME=/tmp/einprop-run/einprop/cache
{
  nproc; lscpu | sed -n '1,30p'; lscpu -e 2>/dev/null
  echo "thread siblings of each vCPU:"; cat /sys/devices/system/cpu/cpu*/topology/thread_siblings_list 2>/dev/null | tr '\n' ' '; echo
} > "$out/machine.txt" 2>&1
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

./node dist/bench/sharing.js --modes private --threads 1,2,4,8,12,16 --rounds 3 2>&1 | tee "$out/ceiling.txt"

# An experiment: first-layer tiles in every step of a claim-a-thread run too (as built, only where threads
# outnumber claims), so that a fast thread can help a slow one finish its claim. A patched copy with a
# package root of its own (the workers load dist/ from theirs), 1 and 16 threads only (at 16 every claim
# is one shard, which tiles need), alternating with the build as it is.
rm -rf /tmp/einprop-tiles && cp -r /tmp/einprop-run/einprop /tmp/einprop-tiles
sed -i 's/if (threads <= claims)$/if (threads <= 1)/; s/if (threads <= claims) return 0;/if (threads <= 1) return 0;/' /tmp/einprop-tiles/dist/src/parallel/first-layer-tiles.js
{
  for round in 1 2; do
    for root in /tmp/einprop-run/einprop /tmp/einprop-tiles; do
      echo "== round $round $root: $(grep -o 'if (threads <= [a-z0-9]*)' "$root/dist/src/parallel/first-layer-tiles.js")"
      (cd "$root" && ./node dist/src/cli/main.js bench --threads 1,16 --batch-size 1024 --repeat 2 2>&1 | tail -2)
    done
  done
} 2>&1 | tee "$out/tiles-always.txt"

./node dist/bench/independent.js --threads 16 --rounds 5 2>&1 | tee "$out/independent.txt"
