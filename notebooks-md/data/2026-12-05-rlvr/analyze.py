#!/usr/bin/env python3
"""Tables and paired tests of notebooks-md/2026-12-05-rlvr.md, from the files beside this script.

Usage: python3 notebooks-md/data/2026-12-05-rlvr/analyze.py   (from the repository root)
Reads eval-<start>[-rlvr]-<domain>.json (warmrl eval, with its baselines), correct-*.txt (per-question
0/1, greedy) and metrics-<start>-<domain>.jsonl (the RLVR runs). Prints markdown.
"""
import json, math, os, sys

D = os.path.dirname(os.path.abspath(__file__))
DOMAINS = ["kk", "arith", "code", "choice"]


def mcnemar(a, b):
    """Exact two-sided McNemar on paired 0/1 strings: (a better, b better, p)."""
    n10 = sum(1 for x, y in zip(a, b) if x == "1" and y == "0")
    n01 = sum(1 for x, y in zip(a, b) if x == "0" and y == "1")
    n = n10 + n01
    if n == 0:
        return n10, n01, 1.0
    k = min(n10, n01)
    p = 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return n10, n01, min(1.0, p)


def load(name):
    p = os.path.join(D, name)
    return json.load(open(p)) if os.path.exists(p) else None


def correct(name):
    p = os.path.join(D, name)
    return open(p).read().strip() if os.path.exists(p) else None


def main():
    starts = [s for s in ["base", "warmup"] if load(f"eval-{s}-kk.json")]
    print("| start | domain | before pass@1 | after RLVR pass@1 | McNemar (after better / worse, p) | strongest trivial baseline | format errors before -> after |")
    print("|---|---|---|---|---|---|---|")
    for s in starts:
        for d in DOMAINS:
            e0, e1 = load(f"eval-{s}-{d}.json"), load(f"eval-{s}-rlvr-{d}.json")
            if not e0 or not e1:
                continue
            o0, o1 = e0["domains"][0]["overall"], e1["domains"][0]["overall"]
            b = e0["domains"][0].get("baselines") or {}
            c0, c1 = correct(f"correct-{s}-{d}.txt"), correct(f"correct-{s}-rlvr-{d}.txt")
            t = mcnemar(c1, c0) if c0 and c1 else None
            ts = f"{t[0]} / {t[1]}, p = {t[2]:.3f}" if t else "-"
            print(f"| {s} | {d} | {100*o0['pass@1']:.1f} | {100*o1['pass@1']:.1f} | {ts} | "
                  f"{100*b.get('strongest_accuracy', float('nan')):.1f} ({b.get('strongest', '-')}) | "
                  f"{100*o0['format_error_rate']:.1f} -> {100*o1['format_error_rate']:.1f} |")
    print()
    print("| start | domain | steps | updates | zero-signal groups | reward first 10 / last 10 steps | accuracy first 10 / last 10 | mean length first / last 10 | truncated |")
    print("|---|---|---|---|---|---|---|---|---|")
    for s in starts:
        for d in DOMAINS:
            p = os.path.join(D, f"metrics-{s}-{d}.jsonl")
            if not os.path.exists(p):
                continue
            rows = [json.loads(l) for l in open(p)]
            def m(key, part):
                xs = [r[key] for r in part if r.get(key) is not None]
                return sum(xs) / len(xs) if xs else float("nan")
            f, l = rows[:10], rows[-10:]
            print(f"| {s} | {d} | {len(rows)} | {sum(1 for r in rows if not r['skipped_update'])} | "
                  f"{100*m('frac_reward_zero_std', rows):.0f}% | {m('reward', f):.3f} / {m('reward', l):.3f} | "
                  f"{m('accuracy', f):.3f} / {m('accuracy', l):.3f} | {m('completions/mean_length', f):.0f} / {m('completions/mean_length', l):.0f} | "
                  f"{100*m('completions/clipped_ratio', rows):.0f}% |")
    if len(starts) == 2:
        print()
        print("| domain | warmup+RLVR vs base+RLVR (warmup better / worse, p) |")
        print("|---|---|")
        for d in DOMAINS:
            a, b = correct(f"correct-warmup-rlvr-{d}.txt"), correct(f"correct-base-rlvr-{d}.txt")
            if a and b:
                t = mcnemar(a, b)
                print(f"| {d} | {t[0]} / {t[1]}, p = {t[2]:.3f} |")


if __name__ == "__main__":
    sys.exit(main())
