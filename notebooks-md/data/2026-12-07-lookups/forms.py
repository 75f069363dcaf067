#!/usr/bin/env python3
"""Trace-form pilots of notebooks-md/2026-12-07-lookups.md (section 2). Form A is the committed `enumerate` line;
B moves the assignment right before the reads; C reads every person in the assignment's order:

  A:  Sam=knight Zoe=knave Dan=knave | Zoe=knave says "Dan is a knight and Zoe is a knight": Dan=knave no, Zoe=knave no. false. knave false ok
  B:  Zoe says "Dan is a knight and Zoe is a knight" | Sam=knight Zoe=knave Dan=knave | Zoe=knave: Dan=knave no, Zoe=knave no. false. knave false ok
  C:  Sam=knight Zoe=knave Dan=knave | Zoe=knave says "Dan is a knight and Zoe is a knight": Sam=knight -, Zoe=knave no, Dan=knave no. false. knave false ok

  forms.py reform b|c IN.jsonl OUT.jsonl       rewrite every form-A line ("response" or "completion")
  forms.py probe a|b|c GOLD_IN SCORES          teacher-forced on gold traces in that form: p(right) of the speaker's
                                               role, each role read after the quote, each atom's mark (yes/no/-), the
                                               claim's value and the verdict (../2026-12-06-base-v6/kk-lookup-tf.py)
"""
import json, os, re, sys
from importlib import util

# Form A and C lines (C only differs in what the atom list holds).
A = re.compile(r'^((?:\w+=(?:knight|knave) ?)+)\| (\w+)=(knight|knave) says "([^"]*)": (.*?)\. (true|false)\. (knight|knave) (true|false) (ok|contradiction)$')
B = re.compile(r'^(\w+) says "([^"]*)" \| ((?:\w+=(?:knight|knave) ?)+)\| (\w+)=(knight|knave): (.*?)\. (true|false)\. (knight|knave) (true|false) (ok|contradiction)$')
ATOM = re.compile(r'(\w+)=(knight|knave) (yes|no|-)')

_spec = util.spec_from_file_location("tf", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../2026-12-06-base-v6/kk-lookup-tf.py"))
tf = util.module_from_spec(_spec); _spec.loader.exec_module(tf)


def reform_line(line, form):
    m = A.match(line)
    if not m:
        return line
    assign, speaker, srole, quote, checks, truth, r2, t2, verdict = m.groups()
    if form == "b":
        return f'{speaker} says "{quote}" | {assign.strip()} | {speaker}={srole}: {checks}. {truth}. {r2} {t2} {verdict}'
    vals = {}
    for name, _, v in ATOM.findall(checks):
        vals.setdefault(name, []).append(v)
    entries = [f"{p} {' '.join(vals.get(p.split('=')[0], ['-']))}" for p in assign.split()]
    return f'{assign}| {speaker}={srole} says "{quote}": {", ".join(entries)}. {truth}. {r2} {t2} {verdict}'


def reform(form, src, dst):
    with open(dst, "w") as out:
        for l in open(src):
            r = json.loads(l)
            for key in ("response", "completion"):
                if key in r:
                    r[key] = "\n".join(reform_line(x, form) for x in r[key].split("\n"))
            out.write(json.dumps(r) + "\n")


def parse(form):
    """Offsets of a character inside the token that tells the words apart, per read kind, for one line."""
    rx, g = (B, dict(quote=2, srole=5, atoms=6, value=7, verdict=10)) if form == "b" else \
            (A, dict(quote=4, srole=3, atoms=5, value=6, verdict=9))

    def f(line):
        m = rx.match(line)
        if not m:
            return None
        s = m.start(g["atoms"])
        reads = [(m.start(g["srole"]), "speaker's role")]
        reads += [(s + a.start(2), "role read") for a in ATOM.finditer(m.group(g["atoms"]))]
        reads += [(s + a.start(3) - 2, "atom mark (yes/no/-)") for a in ATOM.finditer(m.group(g["atoms"]))]
        reads += [(m.start(g["value"]) - 1, "claim value (true/false)"), (m.start(g["verdict"]) - 1, "verdict (ok/contradiction)")]
        return (m.group(g["quote"]), reads)
    return f


def probe(form, gold_path, score_path):
    reads, skipped = tf.lookups(gold_path, score_path, "models/warmup", parse(form))
    rows = [((kind, f"{kind}, statement {'checked before' if before else 'not checked before'}"), p)
            for before, kind, p in tf.seen_before(reads)]
    tf.table(f"form {form.upper()}", rows, skipped)


if __name__ == "__main__":
    {"reform": reform, "probe": probe}[sys.argv[1]](*sys.argv[2:5])
