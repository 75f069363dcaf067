#!/usr/bin/env python3
"""Pilot of section 7 (notebooks-md/2026-12-06-base-v6.md): the enumerate trace with each line's look-ups moved
after the line's assignment, before the quote ("A=.. B=.. | B=knave C=knight A=knight | B says "...": no, yes. ...").

  pilot-reform.py reform IN.jsonl OUT.jsonl          rewrite every trace line
  pilot-reform.py probe GOLD_IN SCORES MODEL old|new  kk-lookup-tf.py's probe on gold traces in either form
"""
import json, re, sys

OLD = re.compile(r'^((?:\w+=(?:knight|knave) ?)+)\| (\w+)=(knight|knave) says "([^"]*)": (.*?)\. (true|false)\. (.*)$')
NEW = re.compile(r'^((?:\w+=(?:knight|knave) ?)+)\| (\w+)=(knight|knave) ((?:\w+=(?:knight|knave) ?)*)\| (\w+) says "([^"]*)": (.*?)\. (true|false)\.')
CHECK = re.compile(r'(\w+)=(knight|knave) (yes|no)')


def reform_line(line):
    m = OLD.match(line)
    if not m:
        return line
    assign, speaker, srole, quote, checks, truth, rest = m.groups()
    cs = CHECK.findall(checks)
    looks = " ".join(f"{n}={r}" for n, r, _ in cs)
    return f'{assign}| {speaker}={srole} {looks} | {speaker} says "{quote}": {", ".join(v for _, _, v in cs)}. {truth}. {rest}'


def reform(src, dst):
    with open(dst, "w") as out:
        for l in open(src):
            r = json.loads(l)
            key = "response" if "response" in r else "completion"
            r[key] = "\n".join(reform_line(x) for x in r[key].split("\n"))
            out.write(json.dumps(r) + "\n")


def probe(gold_path, score_path, model, form):
    from importlib import util
    spec = util.spec_from_file_location("tf", __file__.rsplit("/", 1)[0] + "/kk-lookup-tf.py")
    tf = util.module_from_spec(spec); spec.loader.exec_module(tf)

    def new_form(line):
        m = NEW.match(line)
        return m and (m.group(6), [(m.start(4) + c.start(2), c.group(2)) for c in re.finditer(r"(\w+)=(knight|knave)", m.group(4))])

    reads, skipped = tf.lookups(gold_path, score_path, model, tf.old_form if form == "old" else new_form)
    rows = [(("statement checked before" if before else "statement not checked before", f"role: {role}"), p)
            for before, role, p in tf.seen_before(reads)]
    tf.table(f"{model} ({form} form)", rows, skipped)


if __name__ == "__main__":
    if sys.argv[1] == "reform":
        reform(sys.argv[2], sys.argv[3])
    else:
        probe(*sys.argv[2:6])
