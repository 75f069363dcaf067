"""Builds scalar_classes.json: how HF's pre-tokenizer (Oniguruma running Qwen2's split regex)
classifies every Unicode scalar, as run-length ranges [first, last, class], class one of
L (\\p{L}), N (\\p{N}), S (\\s), O (anything else). Derived by probing the real pre-tokenizer:
  "x"+c is one piece iff c is a letter; c+c is two pieces iff c is a number;
  c+"." is one piece iff c is "other" (U+0020 is the one space that joins, via " ?").
    /tmp/tokvenv/bin/python make_classes.py /work/shared/fixtures/qwen2.5-tokenizer/tokenizer.json
"""
import json, sys
from tokenizers import Tokenizer

pt = Tokenizer.from_file(sys.argv[1]).pre_tokenizer
def pieces(s): return len(pt.pre_tokenize_str(s))

def cls(cp):
    if cp in (0x0A, 0x0D, 0x20): return "S"
    c = chr(cp)
    if pieces("x" + c) == 1: return "L"
    if pieces(c + c) == 2: return "N"
    return "O" if pieces(c + ".") == 1 else "S"

ranges = []
for cp in range(0x110000):
    if 0xD800 <= cp <= 0xDFFF: continue
    k = cls(cp)
    if ranges and ranges[-1][2] == k and ranges[-1][1] == cp - 1 or (ranges and ranges[-1][2] == k and cp == 0xE000 and ranges[-1][1] == 0xD7FF):
        ranges[-1][1] = cp
    else:
        ranges.append([cp, cp, k])
json.dump({"generator": "make_classes.py with HF tokenizers " + __import__("tokenizers").__version__, "ranges": ranges},
          open("scalar_classes.json", "w"), separators=(",", ":"))
print(len(ranges), "ranges")
