#!/usr/bin/env bash
# The closing-note table of issue 16, from real `mlgate serve` processes on loopback (one per output policy):
# extraction fidelity and queries, attribute-inference advantage, and membership AUC of credit-g MLPs trained at
# epsilon inf, 8 and 1 (DP-SGD via `mlgate train --dp`). Every figure is printed from the attacks' JSON.
#   attack/closing-table.sh [WORK_DIR]        (default: a new temporary folder; SHARED=/work/shared by default)
# The server runs with --insecure-skip-verify: the lab attacks what is served, it does not test the gate.
set -euo pipefail
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null || true' EXIT
cd "$(dirname "$0")/.."
W=$(realpath -m "${1:-$(mktemp -d)}")
mkdir -p "$W"
SHARED=${SHARED:-/work/shared}
export MLGATE_HOME=$W/home
M=./mlgate
log=$W/log.txt
run() { "$M" "$@" 2>>"$log"; }
say() { echo "$*" >&2; }

say "work folder $W (log: $log)"
run --version >/dev/null   # builds the CLI first if needed, so the servers below start quickly
# data and models already in WORK_DIR are reused (a rerun attacks the same models)
[ -s "$W/fraud.csv" ] || run data fraud --rows 5000 --seed 42 --out "$W/fraud.csv" --schema-out "$W/fraud-schema.json" >/dev/null
[ -s "$W/attacker.csv" ] || run data fraud --rows 5000 --seed 43 --out "$W/attacker.csv" >/dev/null   # the attacker's own rows: pool and prior
[ -s "$W/eval.csv" ] || run data fraud --rows 1000 --seed 44 --out "$W/eval.csv" >/dev/null       # rows fidelity and inversion are judged on
cp train/src/main/resources/org/mlgate/train/data/credit-g-schema.json "$W/credit-schema.json"
CREDIT=$SHARED/datasets/credit-g.arff

say "training the fraud LR and three credit-g MLPs (epsilon inf, 8, 1)"
[ -d "$W/fraud-lr" ] || run train --data "$W/fraud.csv" --schema "$W/fraud-schema.json" --arch lr --epochs 20 --out "$W/fraud-lr" >/dev/null
for e in inf 8 1; do
  [ -d "$W/credit-$e" ] && continue
  dp=(); [ "$e" = inf ] || dp=(--dp --target-epsilon "$e")
  run train --data "$CREDIT" --schema "$W/credit-schema.json" --arch mlp --hidden 128,128 --epochs 300 \
      --batch-size 32 --lr 0.01 "${dp[@]}" --save-split "$W/split-$e.json" --out "$W/credit-$e" >/dev/null
done
[ -s "$W/key" ] || od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > "$W/key"

i=0
for policy in raw round:2 bins:low,0.3,medium,0.7,high label; do
  i=$((i + 1))
  rm -f "$W/port"
  "$M" serve --model "fraud=$W/fraud-lr" --model "credit-inf=$W/credit-inf" --model "credit-8=$W/credit-8" \
      --model "credit-1=$W/credit-1" --insecure-skip-verify --policy "$policy" --api-key-file "$W/key" \
      --state-db "$W/state-$i" --port 0 --port-file "$W/port" >>"$log" 2>&1 &
  server=$!
  for _ in $(seq 600); do [ -s "$W/port" ] && break; sleep 0.5; done
  [ -s "$W/port" ] || { say "the server for $policy did not start (see $log)"; kill "$server"; exit 3; }
  base=http://127.0.0.1:$(cat "$W/port")/v1/models
  say "policy $policy: $base"
  common=(--api-key-file "$W/key" --seed 1 --format json)
  run attack extraction --target "$base/fraud:predict" --budget 500 --eval-data "$W/eval.csv" "${common[@]}" \
      > "$W/extraction-$i.json"
  run attack extraction --target "$base/fraud:predict" --budget 500 --attacker-data "$W/attacker.csv" \
      --eval-data "$W/eval.csv" "${common[@]}" > "$W/extraction-pool-$i.json"
  for h in merchant_category distance_from_home_km; do
    run attack inversion --target "$base/fraud:predict" --hidden "$h" --data "$W/eval.csv" \
        --attacker-data "$W/attacker.csv" --records 200 --budget 10000 "${common[@]}" > "$W/inversion-$h-$i.json"
  done
  for e in inf 8 1; do
    run attack membership --target "$base/credit-$e:predict" --split "$W/split-$e.json" --data "$CREDIT" \
        --budget 1000 "${common[@]}" > "$W/membership-$e-$i.json"
  done
  kill "$server"; wait "$server" 2>/dev/null || true; server=
done

f() { jq -r "$1" "$2"; }
echo
echo "| policy | extraction (uniform pool) | queries | fidelity on eval rows | fidelity uniform | with --attacker-data | inversion merchant_category advantage (accuracy) | inversion distance_from_home_km advantage |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
i=0
for policy in raw round:2 bins:low,0.3,medium,0.7,high label; do
  i=$((i + 1))
  e=$W/extraction-$i.json; p=$W/extraction-pool-$i.json
  c=$W/inversion-merchant_category-$i.json; d=$W/inversion-distance_from_home_km-$i.json
  printf '| `%s` | %s | %s | %.4f | %.4f | %.4f (%s queries) | %.3f (%.3f vs %.3f) | %.3f |\n' "$policy" \
    "$(f .method "$e")" "$(f .queries "$e")" "$(f .fidelity "$e")" "$(f .fidelity_uniform "$e")" \
    "$(f .fidelity "$p")" "$(f .queries "$p")" "$(f .advantage "$c")" "$(f .accuracy "$c")" \
    "$(f .baseline_accuracy "$c")" "$(f .advantage "$d")"
done
echo
echo "| credit-g MLP | validation accuracy | membership AUC, raw (95 % CI) | round:2 | bins | label |"
echo "| --- | --- | --- | --- | --- | --- |"
for e in inf 8 1; do
  acc=$(jq -r .metrics.accuracy "$W/credit-$e/model-card.json")
  row="| epsilon $e | $(printf '%.3f' "$acc") |"
  for i in 1 2 3 4; do
    m=$W/membership-$e-$i.json
    if [ "$i" = 1 ]; then
      row="$row $(printf '%.3f (%.3f-%.3f), %s' "$(f .auc "$m")" "$(f '.auc_ci[0]' "$m")" "$(f '.auc_ci[1]' "$m")" "$(f .method "$m")") |"
    else
      row="$row $(printf '%.3f' "$(f .auc "$m")") |"
    fi
  done
  echo "$row"
done
