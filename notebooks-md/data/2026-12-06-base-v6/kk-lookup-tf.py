#!/usr/bin/env python3
"""How well a model reads roles inside the solver's own K&K traces, teacher-forced (notebooks-md/2026-12-06-base-v6.md, section 7).

Usage (from the repository root):
  warmrl traces make --input /tmp/kk-test-34.jsonl --out /tmp/gold-kk-test-34.jsonl --style enumerate
  python3 notebooks-md/data/2026-12-06-base-v6/kk-lookup-tf.py --make-input /tmp/gold-kk-test-34.jsonl /tmp/gold-in.jsonl
  warmrl score --model MODEL --threads 1 --input /tmp/gold-in.jsonl --output /tmp/gold-score-NAME.jsonl
  python3 notebooks-md/data/2026-12-06-base-v6/kk-lookup-tf.py /tmp/gold-in.jsonl /tmp/gold-score-NAME.jsonl MODEL

A role written in a check ("Lucas=knave no") is a look-up of that name in the line's own assignment.
For each, the probability of the right role at the token that tells knight from knave, teacher-forced. The look-ups are split two ways: by the role, and by what the
last check of the same quoted statement (an earlier try) wrote for the same name.
MODEL's tokenizer.json maps token ids to text; a trace its tokens do not spell is skipped.
"""
import json, math, re, sys

LINE = re.compile(r'^((?:\w+=(?:knight|knave) ?)+)\| (\w+)=(knight|knave) says "([^"]*)": (.*?)\. (true|false)\.')
CHECK = re.compile(r'(\w+)=(knight|knave) (yes|no)')


def byte_decoder():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b); cs.append(256 + n); n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


def old_form(line):
    """(quote, [(offset of the role in the line, role), ...]) of an enumerate trace line, or None."""
    m = LINE.match(line)
    return m and (m.group(4), [(m.start(5) + c.start(2), c.group(2)) for c in CHECK.finditer(m.group(5))])


def lookups(gold_path, score_path, model, parse=old_form):
    """Per trace line that `parse` reads: (trace number, quote, [(role, p(right role)), ...]), p read at the
    token that tells knight from knave ("i" / "a"). Returns them and the number of traces skipped."""
    tok = json.load(open(f"{model}/tokenizer.json"))
    inv = {v: k for k, v in tok["model"]["vocab"].items()}
    for a in tok.get("added_tokens", []):
        inv[a["id"]] = a["content"]
    dec = byte_decoder()
    text_of = lambda i: bytes(dec[ch] for ch in inv[i]).decode("utf-8", "replace") if all(ch in dec for ch in inv[i]) else inv[i]
    out, skipped = [], 0
    for t, (g, s) in enumerate(zip(map(json.loads, open(gold_path)), map(json.loads, open(score_path)))):
        text, lps = g["completion"], s["logprobs"]
        pieces = [text_of(i) for i in s["completion_ids"]]
        if "".join(pieces) != text:
            skipped += 1
            continue
        starts, c = [], 0
        for p in pieces:
            starts.append(c); c += len(p)
        token_at = lambda ch: max(k for k, st in enumerate(starts) if st <= ch)
        pos = 0
        for line in text.split("\n"):
            r = parse(line)
            if r:
                out.append((t, r[0], [(role, math.exp(lps[token_at(pos + at + 2)])) for at, role in r[1]]))
            pos += len(line) + 1
    return out, skipped


def seen_before(reads):
    """(checked before, tag, p) per read of `lookups`' output: whether the same trace already checked the same quoted statement."""
    seen = set()
    for t, quote, line in reads:
        before = (t, quote) in seen
        seen.add((t, quote))
        for tag, p in line:
            yield before, tag, p


def table(title, rows, skipped):
    """rows: (keys, p) per look-up, each counted under every key. Prints the markdown table."""
    stats = {}
    for keys, p in rows:
        for key in keys:
            st = stats.setdefault(key, [0, 0, 0.0])
            st[0] += 1; st[1] += p < 0.5; st[2] += p
    print(f"| {title} | n | p(right role) < 0.5 | mean p(right role) |")
    print("|---|---|---|---|")
    for k in sorted(stats):
        n, bad, sp = stats[k]
        print(f"| {k} | {n} | {bad} ({100 * bad / n:.1f}%) | {sp / n:.3f} |")
    if skipped:
        print(f"\n{skipped} traces skipped (tokens do not spell the trace).")


def main(gold_path, score_path, model):
    reads, skipped = lookups(gold_path, score_path, model)
    rows, last = [], {}
    for t, quote, line in reads:
        prev = last.get((t, quote))
        last[(t, quote)] = [role for role, _ in line]
        for j, (role, p) in enumerate(line):
            history = ("statement not checked before" if prev is None else
                       "its last check wrote the same role" if prev[j] == role else "its last check wrote the other role")
            rows.append(((f"role: {role}", history), p))
    table(f"{model}: look-ups", rows, skipped)


if __name__ == "__main__":
    if sys.argv[1] == "--make-input":
        with open(sys.argv[3], "w") as out:
            for l in open(sys.argv[2]):
                r = json.loads(l)
                out.write(json.dumps({"id": r["id"], "prompt": r["prompt"], "completion": r["response"]}) + "\n")
    else:
        main(*sys.argv[1:4])
