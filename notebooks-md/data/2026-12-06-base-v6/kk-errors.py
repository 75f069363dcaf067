#!/usr/bin/env python3
"""Where the warmed-up model's K&K searches go wrong (notebooks-md/2026-12-06-base-v6.md, section 7).

Usage (from the repository root): python3 notebooks-md/data/2026-12-06-base-v6/kk-errors.py SAMPLES PUZZLES [SAMPLES PUZZLES ...]
  SAMPLES: the full `warmrl eval --samples-out` file (completions included; kk-eval.sh leaves it in /tmp);
  PUZZLES: the puzzle file it was made from (records with names, solution and statements).

Each line of an enumerate trace is checked against the puzzle, in this order:
  misquote  the quoted statement is not the speaker's statement in the question;
  lookup    a role written in the line (the speaker's or a checked name's) is not the one of the line's assignment;
  truth     the statement's truth value ("true." / "false.") is wrong under the line's assignment;
  verdict   "ok" / "contradiction" does not follow from the speaker's role and the written truth value.
A completion's first wrong line gives its kind; a wrong answer without a wrong line is "search" (an assignment
skipped or repeated, the answer not the assignment found, the trace cut by the length limit).
Prints, per people count (mixed-role puzzles), wrong answers by first error, and right answers with a wrong line.
On the solver's own traces (kk-test-34, Logic-RL 3ppl) it flags no line.
"""
import ast, json, re, sys
from collections import Counter

LINE = re.compile(r'^((?:\w+=(?:knight|knave) ?)+)\| (\w+)=(knight|knave) says "([^"]*)": (.*?)\. (true|false)\. (knight|knave) (true|false) (ok|contradiction)$')
CHECK = re.compile(r'(\w+)=(knight|knave) (yes|no)')


def value(expr, roles):
    op = expr[0]
    if op == "telling-truth":
        return roles[expr[1]]
    if op == "lying":
        return not roles[expr[1]]
    args = [value(e, roles) for e in expr[1:]]
    return {"not": lambda: not args[0], "and": lambda: all(args), "or": lambda: any(args),
            "->": lambda: (not args[0]) or args[1], "<=>": lambda: args[0] == args[1]}[op]()


def first_error(completion, puzzle):
    names = puzzle["names"]
    statements = ast.literal_eval(puzzle["statements"]) if isinstance(puzzle["statements"], str) else puzzle["statements"]
    quiz = puzzle["quiz"]
    for raw in completion.split("\n"):
        m = LINE.match(raw.strip())
        if not m:
            continue
        assign = dict(kv.split("=") for kv in m.group(1).split())
        if set(assign) != set(names):
            return "lookup"
        speaker, srole, quote, checks, truth, vrole, vtruth, verdict = m.group(2, 3, 4, 5, 6, 7, 8, 9)
        if speaker not in names:
            return "misquote"
        if quote not in quiz:
            return "misquote"
        if srole != assign[speaker] or vrole != srole or any(r != assign.get(n) for n, r, _ in CHECK.findall(checks)):
            return "lookup"
        roles = [assign[n] == "knight" for n in names]
        if (truth == "true") != value(statements[names.index(speaker)], roles):
            return "truth"
        if vtruth != truth or (verdict == "ok") != ((srole == "knight") == (truth == "true")):
            return "verdict"
    return "search"


def main(args):
    table, right = {}, {}
    for samples, puzzles_path in zip(args[0::2], args[1::2]):
        puzzles = [json.loads(l) for l in open(puzzles_path)]
        for l in open(samples):
            x = json.loads(l)
            p = puzzles[x["line"] - 1]
            if len(set(p["solution"])) != 2:
                continue
            kind = first_error(x["completion"], p)
            if x["status"] == "correct":
                right.setdefault(len(p["names"]), Counter())[kind != "search"] += 1
            else:
                table.setdefault(len(p["names"]), Counter())[kind] += 1
    kinds = ["misquote", "lookup", "truth", "verdict", "search"]
    print("| people | wrong answers (mixed-role) | " + " | ".join(kinds) + " |")
    print("|---|---|" + "---|" * len(kinds))
    for n in sorted(table):
        c = table[n]
        tot = sum(c.values())
        print(f"| {n} | {tot} | " + " | ".join(f"{c[k]} ({100 * c[k] / tot:.0f}%)" for k in kinds) + " |")
    for n in sorted(right):
        print(f"\n{n} people: {right[n][True]} of the {sum(right[n].values())} right answers on mixed-role puzzles have a wrong line (right by luck).", end="")
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
