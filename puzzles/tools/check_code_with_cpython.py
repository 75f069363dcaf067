#!/usr/bin/env python3
"""Runs every `code` record's TinyLang reference `solution` in CPython 3 on the record's hidden tests
and compares with `expected` (which the generator computed in Swift). TinyLang is a Python subset, so
CPython is an outside reference for both the references and the expected values.
Usage: python3 puzzles/tools/check_code_with_cpython.py puzzles/code-train.jsonl puzzles/code-test.jsonl"""
import json, sys

total = bad = 0
for path in sys.argv[1:]:
    for n, line in enumerate(open(path), 1):
        r = json.loads(line)
        env = {}
        exec(r["solution"], env)
        f = env[r["entry"]]
        for t in r["tests"]:
            total += 1
            got = f(*json.loads(json.dumps(t["input"])))  # fresh copies of list inputs
            if got != t["expected"] or type(got) is not type(t["expected"]):
                bad += 1
                print(f"{path}:{n}: {r['entry']}{tuple(t['input'])} = {got!r}, expected {t['expected']!r}")
print(json.dumps({"tests": total, "mismatches": bad}))
sys.exit(1 if bad else 0)
