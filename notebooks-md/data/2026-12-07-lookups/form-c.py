#!/usr/bin/env python3
"""Pilot of notebooks-md/2026-12-07-lookups.md: trace form C, where a check line reads every person's role in the
assignment's own order (a positional copy, the read the models do well) and marks each with the claim's atom about
that person ("-" when the claim does not name them):

  A:  Sam=knight Zoe=knave Dan=knave | Zoe=knave says "Dan is a knight and Zoe is a knight": Dan=knave no, Zoe=knave no. false. knave false ok
  C:  Sam=knight Zoe=knave Dan=knave | Zoe=knave says "Dan is a knight and Zoe is a knight": Sam=knight -, Zoe=knave no, Dan=knave no. false. knave false ok

  form-c.py reform IN.jsonl OUT.jsonl          rewrite every form-A line ("response" or "completion")
  form-c.py probe GOLD_IN SCORES MODEL a|c     teacher-forced: p(right role) per role read, p(right token) for each
                                               atom's mark, the claim's value (true/false) and the verdict (ok/contradiction)
"""
import json, os, re, sys
from importlib import util

A = re.compile(r'^((?:\w+=(?:knight|knave) ?)+)\| (\w+)=(knight|knave) says "([^"]*)": (.*?)\. (true|false)\. (knight|knave) (true|false) (ok|contradiction)$')
ATOM = re.compile(r'(\w+)=(knight|knave) (yes|no|-)')

_spec = util.spec_from_file_location("tf", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../2026-12-06-base-v6/kk-lookup-tf.py"))
tf = util.module_from_spec(_spec); _spec.loader.exec_module(tf)


def reform_line(line):
    m = A.match(line)
    if not m:
        return line
    assign, speaker, srole, quote, checks, truth, r2, t2, verdict = m.groups()
    vals = {}
    for name, role, v in ATOM.findall(checks):
        vals.setdefault(name, []).append(v)
    entries = [f"{p} {' '.join(vals.get(p.split('=')[0], ['-']))}" for p in assign.split()]
    return f'{assign}| {speaker}={srole} says "{quote}": {", ".join(entries)}. {truth}. {r2} {t2} {verdict}'


def reform(src, dst):
    with open(dst, "w") as out:
        for l in open(src):
            r = json.loads(l)
            for key in ("response", "completion"):
                if key in r:
                    r[key] = "\n".join(reform_line(x) for x in r[key].split("\n"))
            out.write(json.dumps(r) + "\n")


def parse(line):
    """Offsets (of a character inside the token that tells the words apart) and kinds of the read roles, the atoms'
    marks, the claim value and the verdict."""
    m = A.match(line)
    if not m:
        return None
    reads = [(m.start(5) + a.start(2), "role read") for a in ATOM.finditer(m.group(5))]
    reads += [(m.start(5) + a.start(3) - 2, "atom mark (yes/no/-)") for a in ATOM.finditer(m.group(5))]
    reads += [(m.start(6) - 1, "claim value (true/false)"), (m.start(9) - 1, "verdict (ok/contradiction)")]
    return (m.group(4), reads)


def probe(gold_path, score_path, model, form):
    reads, skipped = tf.lookups(gold_path, score_path, model, parse)
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
