#!/usr/bin/env python3
"""Teacher-forced look-up probes of notebooks-md/2026-12-07-lookups.md (warmrl score output; 20-60 s a model).

  probes.py lines DRILLS_OR_GOLD SCORES     roles read on check lines: the speaker's ("| Zoe=knave says") and the
                                            claim's atoms' ("Dan=knave no"), split by the first line of a try and later
                                            lines, and the speaker's by place in the assignment
  probes.py shuffle IN OUT                  the same texts with each line's assignment pairs in a random order
                                            (seed 1): a place-based read of the speaker's role then fails
  probes.py recall DRILLS SCORES            the roles of "recall" drills, by query number

DRILLS: `warmrl tasks drills --kinds tries|recall --count N --seed S --out F`; GOLD: kk-lookup-tf.py --make-input.
SCORES: `warmrl score --model M --input DRILLS_OR_GOLD --output SCORES`. The token spelling is read from
models/warmup/tokenizer.json (every committed model shares it).
"""
import json, os, random, re, sys
from importlib import util

_spec = util.spec_from_file_location("tf", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../2026-12-06-base-v6/kk-lookup-tf.py"))
tf = util.module_from_spec(_spec); _spec.loader.exec_module(tf)
TOK = "models/warmup"
PAIR = re.compile(r'(\w+)=(knight|knave)')


def lines_probe(gold, scores):
    last = {"a": None}

    def parse(line):
        m = tf.LINE.match(line)
        if not m:
            return None
        a = m.group(1)
        first = "first line of a try" if a != last["a"] else "later line"
        last["a"] = a
        place = [x.split("=")[0] for x in a.split()].index(m.group(2))
        reads = [(m.start(3), ("speaker", first, f"speaker at place {place}"))]
        reads += [(m.start(5) + c.start(2), ("atom", first, None)) for c in tf.CHECK.finditer(m.group(5))]
        return (m.group(4), reads)

    reads, skipped = tf.lookups(gold, scores, TOK, parse)
    rows = [((f"{k}: all", f"{k}: {f}") + ((s,) if s else ()), p) for _, _, l in reads for (k, f, s), p in l]
    tf.table("role read", rows, skipped)


def shuffle(src, dst):
    rng = random.Random(1)
    with open(dst, "w") as out:
        for l in open(src):
            r = json.loads(l)
            new = []
            for x in r["completion"].split("\n"):
                m = re.match(r'^((?:\w+=(?:knight|knave) ?)+)(\|.*)$', x)
                if m:
                    pairs = m.group(1).split()
                    rng.shuffle(pairs)
                    x = " ".join(pairs) + " " + m.group(2)
                new.append(x)
            r["completion"] = "\n".join(new)
            if "response" in r:
                r["response"] = r["completion"]
            out.write(json.dumps(r) + "\n")


def recall_probe(drills, scores):
    def parse(line):
        ms = list(PAIR.finditer(line))
        return ms and ("", [(m.start(2), f"query {k + 1}") for k, m in enumerate(ms)])

    reads, skipped = tf.lookups(drills, scores, TOK, parse)
    tf.table("recall read", [((k, "all"), p) for _, _, l in reads for k, p in l], skipped)


if __name__ == "__main__":
    {"lines": lines_probe, "shuffle": shuffle, "recall": recall_probe}[sys.argv[1]](*sys.argv[2:4])
