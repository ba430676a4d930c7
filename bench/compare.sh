#!/usr/bin/env bash
# Whole-process comparison, every figure beside its peer from the same run:
# - ./mlgate scan of a ~6 M-opcode pickle against Python's bare pickletools.genops loop over the same file,
#   and the same scan started the way the launcher did before issue 18 (AppCDS dynamic archive only);
# - JVM start-up (mlgate --version): no archive, AppCDS dynamic archive, the launcher's JDK 25 AOT cache;
# - a scan of a sparse 4 GiB PyTorch checkpoint.
# Needs Debian's /usr/bin/python3 for the reference loop. Never part of CI.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-$(mktemp -d)}"
mkdir -p "$WORK"
PY=/usr/bin/python3
cd "$ROOT"
./mlgate bench scan --write-pickle "$WORK/big.pkl" --records 460000 --write-zip "$WORK/sparse4g.pt" >&2
JAVA="$(cat .mlgate/java)"
JAR=cli/target/mlgate.jar
QUIET=(-Xlog:disable -Xlog:all=warning:stderr -Xlog:aot=off:stderr -Xlog:cds=off:stderr --enable-native-access=ALL-UNNAMED)
CDS=(-XX:SharedArchiveFile="$WORK/appcds.jsa" -XX:+AutoCreateSharedArchive)

best() { # best wall time of N runs of a command, in seconds
  local n=$1; shift; local best=999999
  for _ in $(seq "$n"); do
    local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
    best=$(echo "$t1 - $t0" | bc -l | awk -v b="$best" '{print ($1 < b) ? $1 : b}')
  done
  echo "$best"
}

./mlgate scan "$WORK/big.pkl" >/dev/null 2>&1 || true   # builds if needed and records the AOT cache
"$JAVA" "${CDS[@]}" "${QUIET[@]}" -jar "$JAR" scan "$WORK/big.pkl" >/dev/null 2>&1 || true  # writes the AppCDS archive
V_PLAIN=$(best 10 "$JAVA" "${QUIET[@]}" -jar "$JAR" --version)
V_CDS=$(best 10 "$JAVA" "${CDS[@]}" "${QUIET[@]}" -jar "$JAR" --version)
V_AOT=$(best 10 ./mlgate --version)
MLG=$(best 5 ./mlgate scan --no-progress "$WORK/big.pkl")
MLG_CDS=$(best 5 "$JAVA" "${CDS[@]}" "${QUIET[@]}" -jar "$JAR" scan --no-progress "$WORK/big.pkl")
GEN=$(best 5 "$PY" -c 'import pickletools,sys
for _ in pickletools.genops(open(sys.argv[1],"rb")): pass' "$WORK/big.pkl")
ZIP=$(best 3 ./mlgate scan --no-progress "$WORK/sparse4g.pt")
ZIPND=$(best 5 ./mlgate scan --no-progress --no-digest "$WORK/sparse4g.pt")
printf 'pickle: %s bytes\n' "$(stat -c %s "$WORK/big.pkl")"
printf 'mlgate scan (whole process, AOT cache):    %.3f s\n' "$MLG"
printf 'mlgate scan (whole process, AppCDS only):  %.3f s\n' "$MLG_CDS"
printf 'python pickletools.genops:                 %.3f s\n' "$GEN"
printf 'speed-up vs genops: %.2fx (AppCDS only: %.2fx)\n' "$(echo "$GEN / $MLG" | bc -l)" "$(echo "$GEN / $MLG_CDS" | bc -l)"
printf 'start-up (mlgate --version): no archive %.3f s, AppCDS %.3f s, AOT cache %.3f s\n' "$V_PLAIN" "$V_CDS" "$V_AOT"
printf 'sparse 4 GiB PyTorch zip, whole process, --no-digest: %.3f s\n' "$ZIPND"
printf 'sparse 4 GiB PyTorch zip, whole process, with SHA-256: %.3f s\n' "$ZIP"
