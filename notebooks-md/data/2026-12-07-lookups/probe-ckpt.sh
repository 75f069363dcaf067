#!/bin/bash
# probe-ckpt.sh CKPT TAG (notebooks-md/2026-12-07-lookups.md, sections 7-9): one checkpoint's teacher-forced probes,
# ~20 s on one thread. Inputs (see probes.py's header for how they are made):
#   /tmp/gold-val-old-fit.jsonl   gold kk-val enumerate traces (kk-lookup-tf.py --make-input; the ones within 1,536 positions)
#   /tmp/drills-recall-atoms.jsonl  warmrl tasks drills --kinds recall-atoms --count 300 --seed 777 --out ...
# Prints forms.py's table for the gold traces (roles read, yes/no, claim value, verdict) and probes.py's recall table.
set -e
cd "$(dirname "$0")/../../.."
C=$1; T=$2; D=notebooks-md/data/2026-12-07-lookups
.build/release/warmrl score --model "$C" --threads 1 --input /tmp/gold-val-old-fit.jsonl --output /tmp/ps-gold-$T.jsonl > /dev/null 2>&1
.build/release/warmrl score --model "$C" --threads 1 --input /tmp/drills-recall-atoms.jsonl --output /tmp/ps-rec-$T.jsonl > /dev/null 2>&1
echo "== $T ($C)"
python3 $D/forms.py probe a /tmp/gold-val-old-fit.jsonl /tmp/ps-gold-$T.jsonl
python3 $D/probes.py recall /tmp/drills-recall-atoms.jsonl /tmp/ps-rec-$T.jsonl
