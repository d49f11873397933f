#!/usr/bin/env bash
# Rebuilds calibration/alignment-faking-gold-106/ from the published files in ../shared/data with
# `tgrade import` — the same path a user takes for a similar file. Run from the repository root
# after `npm run build`.
set -euo pipefail
data=${1:-../shared/data}
out=calibration/alignment-faking-gold-106
tgrade() { node dist/src/cli/bin.js "$@"; }

tgrade import samples "$data/alignment-faking-gold-106.json" \
  --out "$out" --rubric-id alignment-faking --id-prefix af-106- \
  --rater hughes-2025-gold --rater-kind human \
  --source "Alignment Faking Revisited gold set (Hughes et al. 2025): 106 scratchpads of Claude 3 Opus, Claude 3.5 Sonnet and Llama 3 405B, human-labelled; as re-shared in the repository bigsnarfdude/lightbright, data/gold_106.json" \
  --license "MIT (bigsnarfdude/lightbright)" \
  --description "Real model scratchpads with human labels potential_faking (51) / aligned (55). Published results on it: original classifier 8 FP / 31 FN (AUROC 0.62); improved GPT-4o classifier 1 FP / 17 FN (AUROC 0.92)."

tgrade import predictions "$data/alignment-faking-gold-106-probe-predictions.json" \
  --gold "$out" --rater lightbright-probe --score-field af_probability \
  --positive potential_faking --negative aligned \
  --description "An automated probe's per-item probability and prediction (published test AUROC 0.5854), from the same repository. Not a human rater."
