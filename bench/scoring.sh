#!/usr/bin/env bash
# The scoring job at scale: N closed leads (default 100,000) and M open ones (default 20,000), their
# conversion following their meetings; then the scoring.train job's work: read the history, train
# and judge the model (XGBoost), score every open lead with its factors (tree SHAP). Prints each
# phase's time, open leads scored per second and the peak resident memory.
# Writes bench/results/scoring-<engine>.md.
# Usage: bash bench/scoring.sh [--engine sqlite|postgres] [--closed N] [--open M]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
engine=sqlite; closed=100000; open=20000
bench_args "engine closed open" "$@"
case $engine in sqlite|postgres) ;; *) echo "--engine is sqlite or postgres" >&2; exit 2 ;; esac
bash scripts/build.sh --target rapport_scoring_bench >/dev/null
work=$(mktemp -d /tmp/rapport-scoring-XXXXXX)
chmod 755 "$work"
cleanup() {
  [ "$engine" = postgres ] && bash scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
if [ "$engine" = postgres ]; then
  url=$(bash scripts/pg-cluster.sh start "$work/pg")
  target=(--postgres "$url")
else
  target=(--sqlite "$work/data")
fi
res=$(build/rapport_scoring_bench "${target[@]}" --closed "$closed" --open "$open")
get() { field "$res" "$1"; }
{
  echo "# Lead scoring: training and scoring, $engine"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| closed leads read / open leads scored | $(get closed) / $(get open) (seeded in $(get seed_s) s) |"
  echo "| read the history | $(get read_ms) ms |"
  echo "| train and judge (XGBoost, 120 rounds, depth 3, 1 thread) | $(get train_ms) ms |"
  echo "| score the open leads with their factors | $(get score_ms) ms ($(get scored_per_s) leads/s) |"
  echo "| peak resident memory (after seeding / after the run) | $(get peak_rss_mb_before) MB / $(get peak_rss_mb) MB |"
  echo "| model AUC / rate per source AUC, features | $(get auc) / $(get baseline_auc), $(get features) |"
  echo
  echo "- 2 cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "bench/results/scoring-$engine.md"
