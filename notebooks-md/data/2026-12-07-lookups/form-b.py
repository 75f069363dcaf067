#!/usr/bin/env python3
"""Pilot of notebooks-md/2026-12-07-lookups.md: trace form B, where each check line copies the assignment right
before the roles it reads ("B says "C is a knave or A is a knight" | A=knight B=knave C=knight | B=knave: C=knight
no, A=knight yes. true. knave true contradiction"). In the committed form A the assignment opens the line and
the quote stands between it and the atoms' roles (20-35 tokens), and the models read those roles about two times in
three, while the speaker's role, a few tokens after the assignment, is read ~99% of the time.

  form-b.py reform IN.jsonl OUT.jsonl                      rewrite every trace line of form A ("response" or "completion")
  form-b.py probe GOLD_IN SCORES MODEL a|b                 the look-up probe of kk-lookup-tf.py on gold traces in form A or B
"""
import json, os, re, sys
from importlib import util

A = re.compile(r'^((?:\w+=(?:knight|knave) ?)+)\| (\w+)=(knight|knave) says "([^"]*)": (.*?)\. (true|false)\. (.*)$')
B = re.compile(r'^(\w+) says "([^"]*)" \| ((?:\w+=(?:knight|knave) ?)+)\| (\w+)=(knight|knave): (.*?)\. (true|false)\.')
CHECK = re.compile(r'(\w+)=(knight|knave) (yes|no)')

_spec = util.spec_from_file_location("tf", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../2026-12-06-base-v6/kk-lookup-tf.py"))
tf = util.module_from_spec(_spec); _spec.loader.exec_module(tf)


def reform_line(line):
    m = A.match(line)
    if not m:
        return line
    assign, speaker, srole, quote, checks, truth, rest = m.groups()
    return f'{speaker} says "{quote}" | {assign.strip()} | {speaker}={srole}: {checks}. {truth}. {rest}'


def reform(src, dst):
    with open(dst, "w") as out:
        for l in open(src):
            r = json.loads(l)
            for key in ("response", "completion"):
                if key in r:
                    r[key] = "\n".join(reform_line(x) for x in r[key].split("\n"))
            out.write(json.dumps(r) + "\n")


def parse_a(line):
    m = A.match(line)
    return m and (m.group(4), [(m.start(3), "speaker")] + [(m.start(5) + c.start(2), "atom") for c in CHECK.finditer(m.group(5))])


def parse_b(line):
    m = B.match(line)
    return m and (m.group(2), [(m.start(5), "speaker")] + [(m.start(6) + c.start(2), "atom") for c in CHECK.finditer(m.group(6))])


def probe(gold_path, score_path, model, form):
    reads, skipped = tf.lookups(gold_path, score_path, model, parse_a if form == "a" else parse_b)
    rows, seen = [], set()
    for t, quote, line in reads:
        history = "checked before" if (t, quote) in seen else "not checked before"
        seen.add((t, quote))
        rows += [((kind, f"{kind}, statement {history}"), p) for kind, p in line]
    tf.table(f"{model} (form {form.upper()})", rows, skipped)


if __name__ == "__main__":
    if sys.argv[1] == "reform":
        reform(sys.argv[2], sys.argv[3])
    else:
        probe(*sys.argv[2:6])
