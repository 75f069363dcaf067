#!/usr/bin/env python3
"""Turns warmrl eval's per-sample lines (--samples-out) into one small file per eval: for each question, one
letter per sample: c correct, w wrong (answer read, not right), f anything else (format error, truncated,
unparseable). Usage: compact.py SAMPLES.jsonl OUT.json"""
import json, sys

per_q = {}
for l in open(sys.argv[1]):
    r = json.loads(l)
    s = r["status"]
    per_q.setdefault(r["question"], {})[r["sample"]] = "c" if s == "correct" else "w" if s == "wrong" else "f"
qs = ["".join(v[k] for k in sorted(v)) for _, v in sorted(per_q.items())]
json.dump({"source": "warmrl eval --samples-out, compacted: c correct, w wrong, f format error / unparseable / truncated",
           "questions": qs}, open(sys.argv[2], "w"))
