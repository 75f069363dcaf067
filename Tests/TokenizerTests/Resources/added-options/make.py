"""tokenizer.json = tiny-qwen2's plus added tokens with lstrip / rstrip / single_word /
normalized options; reference.jsonl = HF tokenizers' ids for strings exercising them.
    cd this folder && /tmp/tokvenv/bin/python make.py
"""
import json
from tokenizers import Tokenizer, AddedToken
t = Tokenizer.from_file('/work/shared/fixtures/tiny-qwen2/tokenizer.json')
t.add_tokens([AddedToken('<L>', lstrip=True, normalized=False), AddedToken('<R>', rstrip=True, normalized=False),
              AddedToken('<B>', lstrip=True, rstrip=True, normalized=False), AddedToken('w', single_word=True, normalized=False),
              AddedToken('café', normalized=True), AddedToken('<N>', normalized=True, special=True)])
t.save('tokenizer.json')
tests = ["a <L> b", "a   <L>b", "a<R>   b", "x \t<B>\n y", "w wow w. (w) xw", "cafe\u0301 café", "<N>x", "  <L><R>  <B>  ", "a\u00a0<L>"]
with open('reference.jsonl', 'w') as f:
    for s in tests: f.write(json.dumps({"text": s, "ids": t.encode(s, add_special_tokens=False).ids}) + "\n")
