#!/usr/bin/env python3
"""Tables and tests of notebooks-md/2026-12-06-base-choice-scan.md (section 7), from the files beside this script.

Usage: python3 notebooks-md/data/2026-12-06-base-choice-scan/kk-analyze.py   (from the repository root)
Reads samples-<model>-<set>.jsonl (warmrl eval --samples-out, greedy) and eval-<model>-<set>.json
(warmrl eval --out, with its baselines); the puzzle files are named in SETS. Prints markdown.
Mixed-role = the solution has at least one knight and one knave. The random mixed pick draws one of
the 2^n - 2 mixed assignments uniformly: it is right with probability 1/(2^n - 2) (1/6 at 3 people,
1/14 at 4), the strongest answer-free baseline on mixed-role puzzles (all-knights and all-knaves score 0 there).
"""
import json, math, os, sys

D = os.environ.get("OUT") or os.path.dirname(os.path.abspath(__file__))  # OUT=DIR: another notebook's data folder
SETS = {
    "kk-val-34": "/tmp/kk-val-34.jsonl",     # made by make_sets() from puzzles/kk-val.jsonl
    "kk-test-34": "/tmp/kk-test-34.jsonl",   # and puzzles/kk-test.jsonl
    "logicrl-3ppl": "../shared/data/kk/logic-rl/3ppl/test.jsonl",
    "logicrl-4ppl": "../shared/data/kk/logic-rl/4ppl/test.jsonl",
}
if len(sys.argv) > 1 and sys.argv[1] == "--make-sets":
    MODELS = []
else:
    MODELS = sys.argv[1:] or ["base", "warmup-kk", "warmup"]


def make_sets():
    """The 3- and 4-person puzzles of the committed val and test sets, in file order (byte-identical
    to the files `warmrl eval --input` read for this notebook)."""
    for split in ("val", "test"):
        with open(f"/tmp/kk-{split}-34.jsonl", "w") as out:
            for l in open(f"puzzles/kk-{split}.jsonl"):
                if len(json.loads(l)["names"]) in (3, 4):
                    out.write(l)


def binom_tail(k, n, p):
    """P(X >= k) for X ~ Binomial(n, p): one-sided exact test against a random pick."""
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(k, n + 1))


def mcnemar(a, b):
    n10 = sum(1 for x, y in zip(a, b) if x and not y)
    n01 = sum(1 for x, y in zip(a, b) if y and not x)
    n = n10 + n01
    if n == 0:
        return n10, n01, 1.0
    k = min(n10, n01)
    return n10, n01, min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n)


def samples(model, set_name):
    p = os.path.join(D, f"samples-{model}-{set_name}.jsonl")
    if not os.path.exists(p):
        return None
    return [json.loads(l) for l in open(p)]


def solution_of(rec, sols_by_line):
    return sols_by_line[rec["line"] - 1]


def main():
    make_sets()
    rows = {}
    print("| model | set | people | n | correct | mixed-role n | mixed correct | random mixed pick | p (one-sided, vs random pick) | all-knight answers | unparseable or badly formed |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for s in SETS:
        sols = []
        for l in open(SETS[s]):
            sols.append(json.loads(l)["solution"])
        for m in MODELS:
            xs = samples(m, s)
            if xs is None:
                continue
            rows[(m, s)] = xs
            for people in (3, 4):
                part = [x for x in xs if len(solution_of(x, sols)) == people]
                if not part:
                    continue
                mixed = [x for x in part if len(set(solution_of(x, sols))) == 2]
                ok = sum(x["status"] == "correct" for x in part)
                mok = sum(x["status"] == "correct" for x in mixed)
                p0 = 1 / (2 ** people - 2)
                allk = sum(1 for x in part if x.get("parsed") and "knave" not in x["parsed"] and "knight" in x["parsed"])
                fe = sum(x["status"] == "unparseable" or not x.get("format_ok", True) for x in part)
                print(f"| {m} | {s} | {people} | {len(part)} | {ok} ({100*ok/len(part):.0f}%) | {len(mixed)} | {mok} ({100*mok/max(1,len(mixed)):.0f}%) | "
                      f"{p0*len(mixed):.1f} ({100*p0:.1f}%) | {binom_tail(mok, len(mixed), p0):.2g} | {allk} | {fe} |")
    print()
    print("Paired (McNemar, exact, two-sided) against the model's own base (v3-* against base-v3, others against base) on the same puzzles:")
    print()
    print("| model | set | model right, base wrong | base right, model wrong | p |")
    print("|---|---|---|---|---|")
    for (m, s), xs in rows.items():
        ref = "base-v3" if m.startswith("v3") else "base"
        if m.startswith("base") or (ref, s) not in rows:
            continue
        base = {x["line"]: x["status"] == "correct" for x in rows[(ref, s)]}
        a = [x["status"] == "correct" for x in xs]
        b = [base[x["line"]] for x in xs]
        t = mcnemar(a, b)
        print(f"| {m} | {s} | {t[0]} | {t[1]} | {t[2]:.2g} |")


if __name__ == "__main__":
    if not MODELS:
        make_sets()
    else:
        main()
