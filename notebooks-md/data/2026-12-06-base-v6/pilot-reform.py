#!/usr/bin/env python3
"""Pilot of section 7 (notebooks-md/2026-12-06-base-v6.md): the enumerate trace with each line's look-ups moved
after the line's assignment, before the quote ("A=.. B=.. | B=knave C=knight A=knight | B says "...": no, yes. ...").

  pilot-reform.py reform IN.jsonl OUT.jsonl          rewrite every trace line
  pilot-reform.py probe GOLD_IN SCORES MODEL old|new  kk-lookup-tf.py's probe on gold traces in either form
"""
import json, math, re, sys

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
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    tok = json.load(open(f"{model}/tokenizer.json"))
    inv = {v: k for k, v in tok["model"]["vocab"].items()}
    from importlib import util
    spec = util.spec_from_file_location("tf", __file__.rsplit("/", 1)[0] + "/kk-lookup-tf.py")
    tf = util.module_from_spec(spec); spec.loader.exec_module(tf)
    dec = tf.byte_decoder()
    text_of = lambda i: bytes(dec[ch] for ch in inv[i]).decode("utf-8", "replace")
    stats = {}
    for g, s in zip(map(json.loads, open(gold_path)), map(json.loads, open(score_path))):
        text, ids, lps = g["completion"], s["completion_ids"], s["logprobs"]
        pieces = [text_of(i) for i in ids]
        assert "".join(pieces) == text
        starts, c = [], 0
        for p in pieces:
            starts.append(c); c += len(p)
        token_at = lambda ch: max(k for k, st in enumerate(starts) if st <= ch)
        pos, seen = 0, set()
        for line in text.split("\n"):
            if form == "old":
                m = OLD.match(line)
                spans = [(m.start(5) + cm.start(2), cm.group(2)) for cm in CHECK.finditer(m.group(5))] if m else []
                key = m.group(4) if m else None
            else:
                m = NEW.match(line)
                spans = [(m.start(4) + cm.start(2), cm.group(2)) for cm in re.finditer(r"(\w+)=(knight|knave)", m.group(4))] if m else []
                key = m.group(6) if m else None
            for at, role in spans:
                p = math.exp(lps[token_at(pos + at + 2)])
                k = "statement checked before" if key in seen else "statement not checked before"
                for kk in (k, f"role: {role}"):
                    st = stats.setdefault(kk, [0, 0, 0.0]); st[0] += 1; st[1] += p < 0.5; st[2] += p
            if key:
                seen.add(key)
            pos += len(line) + 1
    print(f"| {model} ({form} form) | n | p(right role) < 0.5 | mean p(right role) |")
    print("|---|---|---|---|")
    for k in sorted(stats):
        n, bad, sp = stats[k]
        print(f"| {k} | {n} | {bad} ({100 * bad / n:.1f}%) | {sp / n:.3f} |")


if __name__ == "__main__":
    if sys.argv[1] == "reform":
        reform(sys.argv[2], sys.argv[3])
    else:
        probe(*sys.argv[2:6])
