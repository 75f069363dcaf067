"""Reference for the BPE trainer. Writes
  trainer_corpus.jsonl     a small corpus ({"text": ...} lines: K&K puzzles and solutions, MATH
                           problems, multilingual and emoji lines, text with special tokens);
  trainer_reference.json   the merges HF tokenizers' BpeTrainer learns from it with the Qwen2
                           pipeline (NFC, Qwen2 split, byte level), vocab 700, min_frequency 2;
and, given our trained folder as a second argument, adds the ids HF gives with OUR tokenizer.json
for probe strings (so the test checks that HF loads our file and agrees with us):
    /tmp/tokvenv/bin/python make_trainer_reference.py
    warmrl tokenizer train --input trainer_corpus.jsonl --vocab-size 700 --out /tmp/ours
    /tmp/tokvenv/bin/python make_trainer_reference.py /tmp/ours
"""
import json, re, sys
from tokenizers import Tokenizer, Regex, models, normalizers, pre_tokenizers, decoders, trainers

QWEN2 = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
VOCAB, MINF = 700, 2

if len(sys.argv) == 1:
    texts = []
    with open("/work/shared/data/kk/logic-rl/3ppl/train.jsonl") as f:
        for i, line in enumerate(f):
            if i >= 60: break
            r = json.loads(line)
            texts += [r["quiz"], r["solution_text_format"]]
    with open("/work/shared/data/math/math500.jsonl") as f:
        for i, line in enumerate(f):
            if i >= 20: break
            texts.append(json.loads(line)["problem"])
    texts += ["<|im_start|>user\nWho is a knight?<|im_end|>\n<|im_start|>assistant\n<think>\n", "naïve café e\u0301 — 中文测试 中文 🙂🙂 👍🏽",
              "don't won't I'll WE'RE it's", "    indented\n\tcode();\r\n", "1234567890 3.14159 x^2 + y^2"] * 3
    with open("trainer_corpus.jsonl", "w") as f:
        for t in texts: f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")

    tok = Tokenizer(models.BPE())
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Split(Regex(QWEN2), "isolated"),
                                                 pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=VOCAB, min_frequency=MINF, special_tokens=SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    # We cut special tokens out of the corpus before counting words (HF's trainer counts
    # "<|im_start|>" as the text "<|", "im", "_start", "|>"): give HF the pieces between them.
    pieces = [p for t in texts for p in re.split("|".join(re.escape(x) for x in SPECIALS), t) if p]
    tok.train_from_iterator(pieces, trainer)
    model = json.loads(tok.to_str())["model"]
    json.dump({"generator": "HF tokenizers " + __import__("tokenizers").__version__ + " BpeTrainer, make_trainer_reference.py",
               "vocab_size": VOCAB, "min_frequency": MINF, "special_tokens": SPECIALS,
               "hf_vocab_count": tok.get_vocab_size(), "merges": model["merges"]},
              open("trainer_reference.json", "w"), ensure_ascii=False, indent=0)
    print(len(model["merges"]), "merges")
else:
    ours = Tokenizer.from_file(sys.argv[1] + "/tokenizer.json")
    ref = json.load(open("trainer_reference.json"))
    probes = ["Zoey says that Oliver is a knight.", "<|im_start|>user\nhi<|im_end|>", "naïve café 中文 🙂",
              "  two  spaces\tand\ttabs\n\nnewlines\r\n", "Step 42: 12 + 30 = 42.", "don't I'll WE'RE",
              "unseen words: zyxwvut quokka Ωmega", "<think>\n</think>\n<answer>\n(1) Ava is a knight\n</answer>"]
    ref["probes"] = [{"text": p, "ids": ours.encode(p, add_special_tokens=False).ids} for p in probes]
    ref["probes_generator"] = "HF tokenizers loading the tokenizer.json written by `warmrl tokenizer train` on trainer_corpus.jsonl"
    json.dump(ref, open("trainer_reference.json", "w"), ensure_ascii=False, indent=0)
    print("probes added")
