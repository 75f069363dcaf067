#!/usr/bin/env python3
"""Tables of notebooks-md/2026-12-06-base-v6.md from eval-NAME-SPLIT-DOMAIN-MODE.json and status-...json (eval.sh).
Usage (from the repository root): python3 notebooks-md/data/2026-12-06-base-v6/analyze.py SPLIT NAME [NAME ...]
The first NAME is the reference for McNemar (exact two-sided, greedy answers on the same questions).
The base's arith and choice test files are copies of notebooks-md/data/2026-12-06-base-choice-scan/eval-base-*.json
(same model, same sets, same commands; their t1x8 runs kept no per-question status)."""
import json, math, os, sys

D = os.path.dirname(os.path.abspath(__file__))
split, names = sys.argv[1], sys.argv[2:]


def load(n, d, m):
    p = os.path.join(D, f"eval-{n}-{split}-{d}-{m}.json")
    if not os.path.exists(p):
        return None, None
    e = json.load(open(p))["domains"][0]
    sp = os.path.join(D, f"status-{n}-{split}-{d}-{m}.json")
    s = json.load(open(sp))["questions"] if os.path.exists(sp) else None
    return e, s


def strongest(e):
    b = [x for x in e["baselines"]["scores"] if x["kind"] != "model"]
    best = max(b, key=lambda x: x["accuracy"])
    return f'{100*best["accuracy"]:.1f}% ({best["name"]})'


def mcnemar(a, b):
    n10 = sum(1 for x, y in zip(a, b) if x and not y)
    n01 = sum(1 for x, y in zip(a, b) if y and not x)
    n, k = n10 + n01, min(n10, n01)
    return n10, n01, (min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n) if n else 1.0)


def pct(x):
    return "-" if x is None else f"{100*x:.1f}%"


print(f"| domain ({split}) | model | greedy | format errors | avg@4 T 0.7 | pass@8 T 1.0 | format errors T 1.0 | strongest trivial baseline | McNemar vs {names[0]}: model-only / ref-only, p |")
print("|---|---|---|---|---|---|---|---|---|")
for d in ["arith", "code", "choice"]:
    ref = load(names[0], d, "greedy")[1]
    for n in names:
        g, gs = load(n, d, "greedy")
        if g is None:
            continue
        t, _ = load(n, d, "t07")
        p8, _ = load(n, d, "t1x8")
        mc = "-"
        if n != names[0] and ref is not None:
            a, b, p = mcnemar([x[0] == "c" for x in gs], [x[0] == "c" for x in ref])
            mc = f"{a} / {b}, p = {p:.2g}"
        print(f"| {d} | {n} | {pct(g['overall']['pass@1'])} | {pct(g['overall']['format_error_rate'])} | "
              f"{pct(t['overall']['pass@1']) if t else '-'} | {pct(p8['overall']['pass@k'].get('8')) if p8 else '-'} | "
              f"{pct(p8['overall']['format_error_rate']) if p8 else '-'} | {strongest(g)} | {mc} |")
print()
print(f"Code by level ({split}), greedy / pass@8:")
print()
print("| model | " + " | ".join(f"level {l}" for l in ["6", "7", "8"]) + " |")
print("|---|---|---|---|")
for n in names:
    g, _ = load(n, "code", "greedy")
    p8, _ = load(n, "code", "t1x8")
    if g is None:
        continue
    cells = []
    for l in ["6", "7", "8"]:
        a = next((b["stats"]["pass@1"] for b in g["by_difficulty"] if b["difficulty"] == l), None)
        c = next((b["stats"]["pass@k"].get("8") for b in p8["by_difficulty"] if b["difficulty"] == l), None) if p8 else None
        cells.append(f"{pct(a)} / {pct(c)}")
    print(f"| {n} | " + " | ".join(cells) + " |")
