#!/usr/bin/env bash
# probe.sh CKPT: copy probes. list = mean log-prob per token of the repeated names (uniform over 51 names: -3.93);
# kkname = mean log-prob of the first person's name after "<answer> (1)" given a 3-5 people K&K test prompt.
# Run from the repository root (B overrides the binary). list.jsonl sits beside this script; kkname.jsonl is
# rebuilt from puzzles/kk-test.jsonl by make_kkname.py (byte-identical to the one used on 2026-12-01).
CK=$1; B=${B:-.build/release/warmrl}; D=$(dirname "$0")
$B score --model "$CK" --input $D/list.jsonl --threads 1 > /tmp/probe-list.jsonl 2>/dev/null
python3 $D/make_kkname.py /tmp/probe-kkname.jsonl
$B score --model "$CK" --input /tmp/probe-kkname.jsonl --threads 1 > /tmp/probe-kk.jsonl 2>/dev/null
python3 - <<'PY'
import json
L=[json.loads(l) for l in open('/tmp/probe-list.jsonl')]
lp=[v for r in L for v in r['logprobs'][:-1]]
K=[json.loads(l) for l in open('/tmp/probe-kk.jsonl')]
d=[K[i+1]['sum']-K[i]['sum'] for i in range(0,len(K),2)]
print(f"list mean logprob/token {sum(lp)/len(lp):.3f} | kk first-name logprob mean {sum(d)/len(d):.3f}, >-0.7 (p>0.5) {sum(x>-0.693 for x in d)}/{len(d)}")
PY
