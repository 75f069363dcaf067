#!/usr/bin/env python3
"""Section 7's target-domain table (notebooks-md/2026-12-06-base-choice-scan.md): base vs warmed-up models on the
committed arith/code/choice test sets, from eval-NAME-DOMAIN-MODE.json (warmrl eval --out, with its baselines) and
status-NAME-DOMAIN-MODE.json (compact.py: per question one letter per sample, c/w/f).
Usage (from the repository root): python3 notebooks-md/data/2026-12-06-base-choice-scan/dom-analyze.py
McNemar: exact two-sided on the greedy answers of the same questions, each model against the base."""
import json, math, os

D = os.path.dirname(os.path.abspath(__file__))
MODELS = ["base", "warmup-kk", "warmup"]


def load(n, d, m):
    p = os.path.join(D, f"eval-{n}-{d}-{m}.json")
    if not os.path.exists(p):
        return None, None
    e = json.load(open(p))["domains"][0]
    s = json.load(open(os.path.join(D, f"status-{n}-{d}-{m}.json")))["questions"]
    return e, s


def strongest(e):
    b = [x for x in e["baselines"]["scores"] if x["kind"] != "model"]
    best = max(b, key=lambda x: x["accuracy"])
    return f'{100*best["accuracy"]:.1f}% ({best["name"]})'


def mcnemar(a, b):
    n10 = sum(1 for x, y in zip(a, b) if x and not y)
    n01 = sum(1 for x, y in zip(a, b) if y and not x)
    n = n10 + n01
    k = min(n10, n01)
    return n10, n01, (min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n) if n else 1.0)


print("| domain | model | greedy | format errors (greedy) | avg@4, T 0.7 | format errors (T 0.7) | strongest trivial baseline (greedy run) | McNemar vs base: model-only / base-only, p |")
print("|---|---|---|---|---|---|---|---|")
for d in ["arith", "code", "choice"]:
    base = load("base", d, "greedy")[1]
    for n in MODELS:
        g, gs = load(n, d, "greedy")
        if g is None:
            continue
        t, ts = load(n, d, "t07")
        tcol = f'{100*t["overall"]["pass@1"]:.1f}% | {100*t["overall"]["format_error_rate"]:.1f}%' if t else "- | -"
        if n == "base":
            mc = "-"
        else:
            r = mcnemar([x == "c" for x in gs], [x == "c" for x in base])
            mc = f"{r[0]} / {r[1]}, p = {r[2]:.2g}"
        print(f'| {d} | {n} | {100*g["overall"]["pass@1"]:.1f}% | {100*g["overall"]["format_error_rate"]:.1f}% | {tcol} | {strongest(g)} | {mc} |')
