#!/usr/bin/env bash
# Whole-process comparison: ./mlgate scan of a ~6 M-opcode pickle against Python's bare
# pickletools.genops loop over the same file, and a scan of a sparse 4 GiB PyTorch checkpoint.
# Needs Debian's /usr/bin/python3 for the reference loop. Never part of CI.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-$(mktemp -d)}"
mkdir -p "$WORK"
PY=/usr/bin/python3
cd "$ROOT"
./mlgate bench scan --write-pickle "$WORK/big.pkl" --records 460000 --write-zip "$WORK/sparse4g.pt" >&2

best() { # best wall time of N runs of a command, in seconds
  local n=$1; shift; local best=999999
  for _ in $(seq "$n"); do
    local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
    best=$(echo "$t1 - $t0" | bc -l | awk -v b="$best" '{print ($1 < b) ? $1 : b}')
  done
  echo "$best"
}

./mlgate scan "$WORK/big.pkl" >/dev/null 2>&1 || true   # warm the AppCDS archive
MLG=$(best 5 ./mlgate scan --no-progress "$WORK/big.pkl")
GEN=$(best 5 "$PY" -c 'import pickletools,sys
for _ in pickletools.genops(open(sys.argv[1],"rb")): pass' "$WORK/big.pkl")
ZIP=$(best 3 ./mlgate scan --no-progress "$WORK/sparse4g.pt")
ZIPND=$(best 5 ./mlgate scan --no-progress --no-digest "$WORK/sparse4g.pt")
printf 'pickle: %s bytes\n' "$(stat -c %s "$WORK/big.pkl")"
printf 'mlgate scan (whole process): %.3f s\n' "$MLG"
printf 'python pickletools.genops:   %.3f s\n' "$GEN"
printf 'speed-up: %.2fx\n' "$(echo "$GEN / $MLG" | bc -l)"
printf 'sparse 4 GiB PyTorch zip, whole process, --no-digest: %.3f s\n' "$ZIPND"
printf 'sparse 4 GiB PyTorch zip, whole process, with SHA-256: %.3f s\n' "$ZIP"
