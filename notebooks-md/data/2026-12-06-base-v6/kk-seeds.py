#!/usr/bin/env python3
"""Issue 16 item 3 across warmup seeds (notebooks-md/2026-12-06-base-v6.md, section 7).

Usage (repository root, after kk-eval.sh wrote samples-<model>-<set>.jsonl here; OUT=DIR reads another folder):
  python3 notebooks-md/data/2026-12-06-base-v6/kk-seeds.py warmup warmup-s1 warmup-s2

Mixed-role puzzles only, per set and people count: each seed's correct count and the seeds pooled over
(puzzle, seed) attempts, against the strongest of three answer-free baselines on the same puzzles: the random mixed
pick (1/(2^n - 2)), the train split's most frequent mixed role vector, and the seed's answers shuffled across the
mixed puzzles of its size (exact expectation). p is one-sided: binomial against a random baseline's rate, exact
McNemar against the constant pattern. Given the puzzles, the pooled count is a sum of independent Bernoulli
variables (upper tail no heavier than the binomial's of the same mean): the pooled test is conservative.
"""
import json, os, sys
from importlib import util
from collections import Counter

D = os.environ.get("OUT") or os.path.dirname(os.path.abspath(__file__))  # OUT=DIR: another notebook's samples
SETS = {
    "kk-test-34": "/tmp/kk-test-34.jsonl",   # the 3- and 4-person puzzles of puzzles/kk-test.jsonl (kk-analyze.py --make-sets)
    "logicrl-3ppl": "../shared/data/kk/logic-rl/3ppl/test.jsonl",
    "logicrl-4ppl": "../shared/data/kk/logic-rl/4ppl/test.jsonl",
}


# binom_tail and the 3-4 person sets: the base-choice-scan notebook's kk-analyze.py, which kk-eval.sh runs too.
_spec = util.spec_from_file_location("kk_analyze", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                     "../2026-12-06-base-choice-scan/kk-analyze.py"))
kk_analyze = util.module_from_spec(_spec); _spec.loader.exec_module(kk_analyze)
binom_tail = kk_analyze.binom_tail


def roles(parsed, names):
    """The parsed answer as a role tuple in the puzzle's name order (None when a name is missing)."""
    if not parsed:
        return None
    out = []
    for name in names:
        line = next((l for l in parsed.split("\n") if f" {name} is a " in f" {l}"), None)
        if line is None:
            return None
        out.append("knight" in line.split(f"{name} is a ", 1)[1])
    return tuple(out)


def train_majority_mixed():
    c = {}
    for l in open("puzzles/kk-train.jsonl"):
        s = tuple(json.loads(l)["solution"])
        if len(set(s)) == 2:
            c.setdefault(len(s), Counter())[s] += 1
    return {n: cc.most_common(1)[0] for n, cc in c.items()}


def mcnemar_one_sided(a, b):
    """P(at least n10 of the n10 + n01 discordant pairs favour the model) under a fair coin."""
    n10 = sum(1 for x, y in zip(a, b) if x and not y)
    n01 = sum(1 for x, y in zip(a, b) if y and not x)
    return binom_tail(n10, n10 + n01, 0.5) if n10 + n01 else 1.0


def main(models):
    kk_analyze.make_sets()
    maj = train_majority_mixed()
    print("| set | people | mixed n | random mixed pick | train-majority mixed pattern | shuffled (mean over seeds) | strongest | "
          + " | ".join(f"{m}: correct, p" for m in models) + " | pooled: correct / attempts, p |")
    print("|---|---|---|---|---|---|---|" + "---|" * len(models) + "---|")
    for s, path in SETS.items():
        puzzles = [json.loads(l) for l in open(path)]
        per = {m: [json.loads(l) for l in open(os.path.join(D, f"samples-{m}-{s}.jsonl"))] for m in models}
        for people in (3, 4):
            idx = [i for i, p in enumerate(puzzles) if len(p["solution"]) == people and len(set(p["solution"])) == 2]
            if not idx:
                continue
            p0 = 1 / (2 ** people - 2)
            pattern, _ = maj[people]
            pat_ok = [tuple(puzzles[i]["solution"]) == pattern for i in idx]
            pat_rate = sum(pat_ok) / len(idx)
            oks, shuf = {}, []
            for m in models:
                xs = {x["line"]: x for x in per[m]}
                oks[m] = [xs[i + 1]["status"] == "correct" for i in idx]
                answers = [roles(xs[i + 1].get("parsed"), puzzles[i]["names"]) for i in idx]
                shuf.append(sum(a == tuple(puzzles[i]["solution"]) for i in idx for a in answers) / len(idx) ** 2)
            shuf_rate = sum(shuf) / len(shuf)
            best = max([("random mixed pick", p0), ("train-majority pattern", pat_rate), ("shuffled", shuf_rate)], key=lambda t: t[1])

            def test(ok, pats):
                if best[0] == "train-majority pattern":
                    return mcnemar_one_sided(ok, pats)
                return binom_tail(sum(ok), len(ok), best[1])

            cells = [f"{sum(oks[m])} ({100 * sum(oks[m]) / len(idx):.0f}%), {test(oks[m], pat_ok):.2g}" for m in models]
            allok = [x for m in models for x in oks[m]]
            n, tot = len(allok), sum(allok)
            pat = "".join("K" if r else "N" for r in pattern)
            print(f"| {s} | {people} | {len(idx)} | {100 * p0:.1f}% | {pat}: {100 * pat_rate:.1f}% | {100 * shuf_rate:.1f}% | {best[0]} | "
                  + " | ".join(cells) + f" | {tot} / {n} ({100 * tot / n:.0f}%), {test(allok, pat_ok * len(models)):.2g} |")


if __name__ == "__main__":
    main(sys.argv[1:] or ["warmup", "warmup-s1"])
