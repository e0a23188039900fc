#!/usr/bin/env bash
# `npm run test:busy`: the whole suite with CPU hogs running beside it, as on a
# contributor's busy laptop or a shared CI host. Not part of CI: it proves that the
# suite's timeouts fit a loaded machine. Prints the suite's wall time.
#   HOGS=4 npm run test:busy         # more load (default: one hog per core)
#   npm run test:busy -- test:unit   # another npm script instead of `test`
set -euo pipefail
cd "$(dirname "$0")/../.."

hogs=${HOGS:-$(nproc)}
script=${1:-test}
pids=()
stop_hogs() { [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true; }
trap stop_hogs EXIT
for _ in $(seq "$hogs"); do
  yes >/dev/null &
  pids+=($!)
done
echo "test:busy: $hogs CPU hogs running beside \`npm run $script\` (load will climb past $hogs)"

start=$(date +%s)
status=0
npm run "$script" || status=$?
end=$(date +%s)
stop_hogs
echo "test:busy: \`npm run $script\` exited $status after $((end - start)) s with $hogs hogs (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
exit $status
