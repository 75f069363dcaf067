#!/usr/bin/env python3
"""Tables for notebooks-md/2026-12-06-warmup-replay.md, from the eval-*.json and samples-*.jsonl files beside
this script (written by eval.sh). Usage: python3 analyze.py [MODEL ...]  (default: base warmup-kk warmup replay-only)."""
import json, math, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = sys.argv[1:] or ["base", "warmup-kk", "warmup", "replay-only"]
DOMAINS = ["arith", "code", "choice"]


def load(model, domain, mode):
    p = os.path.join(HERE, f"eval-{model}-{domain}-{mode}.json")
    if not os.path.exists(p):
        return None, None
    e = json.load(open(p))["domains"][0]
    qs = json.load(open(os.path.join(HERE, f"status-{model}-{domain}-{mode}.json")))["questions"]
    return e, [q.count("c") / len(q) for q in qs]


def sign_test(diffs):
    """Two-sided exact sign test (McNemar's exact test when the diffs are 0/1 pairs)."""
    pos = sum(1 for d in diffs if d > 0); neg = sum(1 for d in diffs if d < 0); n = pos + neg
    if n == 0:
        return pos, neg, 1.0
    k = min(pos, neg)
    p = sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n * 2
    return pos, neg, min(1.0, p)


def pct(x):
    return f"{100 * x:.1f}"


print("| model | domain | greedy pass@1 | format errors (greedy) | avg@4, T 0.7 | strongest trivial baseline | greedy vs base: better / worse, p (McNemar) | avg@4 vs base: better / worse, p (sign) |")
print("|---|---|---|---|---|---|---|---|")
for m in MODELS:
    for d in DOMAINS:
        g, gq = load(m, d, "greedy")
        t, tq = load(m, d, "t07")
        if g is None:
            continue
        b = g["baselines"]
        base_line = f"{pct(b['strongest_accuracy'])} ({b['strongest']})" if b and b.get("strongest") else "-"
        cmp_g = cmp_t = "-"
        if m != "base":
            _, bq = load("base", d, "greedy")
            _, btq = load("base", d, "t07")
            if bq:
                p, n, pv = sign_test([x - y for x, y in zip(gq, bq)]); cmp_g = f"{p} / {n}, p = {pv:.2g}"
            if btq and tq:
                p, n, pv = sign_test([x - y for x, y in zip(tq, btq)]); cmp_t = f"{p} / {n}, p = {pv:.2g}"
        tv = pct(t["overall"]["pass@1"]) if t else "-"
        print(f"| {m} | {d} | {pct(g['overall']['pass@1'])} | {pct(g['overall']['format_error_rate'])} | {tv} | {base_line} | {cmp_g} | {cmp_t} |")
