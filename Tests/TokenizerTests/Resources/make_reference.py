"""Builds qwen25_reference.json: strings and the ids HF `tokenizers` gives them with the real
Qwen2.5 tokenizer. Run once with a throwaway venv (the project's tests do not need Python):
    python3 -m venv /tmp/tokvenv && /tmp/tokvenv/bin/pip install tokenizers
    /tmp/tokvenv/bin/python make_reference.py /work/shared/fixtures/qwen2.5-tokenizer/tokenizer.json
"""
import json, random, sys
from tokenizers import Tokenizer

tok = Tokenizer.from_file(sys.argv[1])
rng = random.Random(20261123)

fixed = [
    "", " ", "  ", "\n", "\r\n", "\t", "a", "Hello world", "Hello, world!", " leading space", "trailing space ",
    "multiple   spaces   here", "tabs\tand\t\ttabs", "line1\nline2\r\nline3\rline4", "\n\n\n", "  \n  \n  x",
    "x \n", "x  \n\t y", "end with spaces   ", "   ", "\u00a0nbsp\u00a0here\u3000ideographic\u3000space",
    "don't can't won't I'm you're we've they'll she'd IT'S 'S 'sa x'ſ 'RE 'Ll 'D '",
    "The quick brown fox jumps over the lazy dog. 1234567890",
    "3.14159 + 2.71828 = 5.85987; 1,000,000 and 1e-9 and 0x1F",
    "naïve café résumé coöperate — “quotes” ‘single’ … ellipsis",
    "Ünïcödé: Straße, Łódź, Ærøskøbing, Ça va? ¿Qué tal? ¡Hola!",
    "中文测试：你好，世界！这是一个句子。", "日本語のテキスト、カタカナとひらがな。", "한국어 텍스트입니다.",
    "Русский текст с цифрами 123 и знаками!", "Ελληνικά κείμενα", "עברית מימין לשמאל", "العربية ١٢٣ نص",
    "हिन्दी पाठ देवनागरी", "ภาษาไทยไม่มีช่องว่าง", "Tiếng Việt có dấu",
    "emoji 🙂😀👍🏽 👨‍👩‍👧‍👦 🇯🇵 ❤️ ✨", "🙂🙂🙂", "a🙂b", "math ∑∫√∞≠≤≥ ½ ² ³ Ⅻ ⅷ", "① ② ③ ⑴ ⒈",
    "decomposed: e\u0301 a\u0300 o\u0308 n\u0303 (NFC should compose)", "Kelvin \u212a and Angstrom \u212b",
    "ﬁ ligature ﬀ ﬃ", "zero\u200bwidth\u200djoiner\u2060", "\u0085next line\u2028line sep\u2029para sep",
    "def f(x):\n    return x ** 2  # square\n\nprint(f(3))\n",
    "for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}\r\n",
    "if __name__ == '__main__':\n    main()\n", "SELECT * FROM t WHERE id=42;", "<html><body class=\"x\">hi</body></html>",
    "{\"key\": [1, 2, 3], \"nested\": {\"a\": null}}", "$ ls -la | grep '\\.swift$' && echo done",
    "\\frac{1}{2} + \\sqrt{x^2 + y^2} = \\int_0^\\infty e^{-x}\\,dx", "$$\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}$$",
    "\\boxed{\\dfrac{3}{4}}", "Let $x \\in \\mathbb{R}$ such that $x^2 - 5x + 6 = 0$.",
    "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n",
    "<|endoftext|>", "<|im_end|><|im_end|>", "text<|im_start|>text", "<|im_start", "|im_end|>", "<<|im_end|>>",
    "<tool_call>\n{\"name\": \"f\"}\n</tool_call>", "<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>",
    "A conversation between User and Assistant. User: What is 2+2?\nAssistant: <think>",
    "<think>\nLet me check each person.\n</think>\n<answer>\n(1) Zoey is a knight\n(2) Oliver is a knave\n</answer>",
    "A very special island is inhabited only by knights and knaves. Knights always tell the truth, and knaves always lie.",
    "=" * 200, "-" * 1000, " " * 300 + "x", "\n" * 50, "a" * 500, "ab" * 300, "1" * 100, "!?" * 150,
    # Found by fuzzing: Tibetan composites whose marks need canonical reordering after decomposition.
    '\U0003bfba\U0004bea0-\U0001afa0\xa0\ue660\ue660\U00084490\U00084490\U00084490\U00084490\U00084490  Vttttt\u0f81\u0f81\r', 'YY\r\r\U0001008c\u08e2\u08e2b;\U000b8f0dY\uc6d3\uc6d3\u74e0\U0007f119\uab2d\U000b01b8\U000b01b8\U000b01b8\U000b01b8\U000b01b8GGGGG\U0009ef3c\u0f73\u0f73\U00087c20z\u2e47\U0006e6ad\U0006e6ad77777\xa0\xa0n\u557d\u7aad\U000d6100', "t\u0f81\u0f81", "a\u0f75\u0f71\u0f72x",
    # HF normalizes with pre-Unicode-13 tables: newer marks stay put, newer compositions do not happen.
    "C\u212b\u1ab8\uac0d\u0b3c a\U0001d165\uf90d\u212b\u302b\u1abf\U0001d166\u1e1d", "\U00011935\U00011930", "\U000113c2\U000113c9 \U00016d63\U00016d67", "a\u0301\u1ac0\u0316",
    "😀" * 40, "中" * 100, "\t" * 20 + "tabbed",
]

def from_file(path, fields, n, jsonl=True):
    out = []
    with open(path) as f:
        rows = [json.loads(l) for l in f] if jsonl else json.load(f)
    rng.shuffle(rows)
    for r in rows[:n]:
        for k in fields:
            v = r.get(k)
            if isinstance(v, str) and v:
                out.append(v[:2000])
    return out

data = "/work/shared/data"
corpus = from_file(f"{data}/kk/logic-rl/5ppl/test.jsonl", ["quiz", "solution_text_format"], 6)
corpus += from_file(f"{data}/math/math500.jsonl", ["problem", "solution"], 8)

# Random strings mixing character classes, to probe the split scanner and NFC.
pools = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", " ", "  \t", "\n", "\r\n", "\r",
    ".,;:!?'\"()[]{}<>-_=+*/\\|@#$%^&~`", "'s'S'll'LL're've'm'd'T", "éèêëàâäôöûüçñÅåØøß", "e\u0301a\u0308o\u0302",
    "中文字符测试汉语", "ひらがなカタカナ", "한국어", "Ελληνικά", "Кириллица", "العربية", "हिन्दी", "ไทย",
    "🙂😀👍🏽❤️✨🇯🇵👨‍👩‍👧", "½²³Ⅻ①٣٤", "\u00a0\u3000\u2009\u200b\u2028\u0085", "<|im_end|>", "<|im_start|>",
    "\u0300\u0301\u0327", "\U0001d400\U0001d7d8", "\ufeff\ufffd",
]
randoms = []
for i in range(400):
    n = rng.randint(1, 40)
    parts = []
    for _ in range(n):
        p = rng.choice(pools)
        k = rng.randint(1, 4)
        parts.append("".join(rng.choice(p) if len(p) > 1 and p[0] != "<" else p for _ in range(k)))
    randoms.append("".join(parts))

cases = []
for s in fixed + corpus + randoms:
    enc = tok.encode(s, add_special_tokens=False)
    cases.append({"text": s, "ids": enc.ids, "decoded": tok.decode(enc.ids, skip_special_tokens=False)})

# Decoding of id sequences that split UTF-8 characters (lossy replacement) and skip specials.
decode_cases = []
lone = [tok.token_to_id(c) for c in "äÃ¸"]  # bytes E4, C3, B8: fragments of UTF-8 characters
for ids in [[33944], lone, [220, lone[0], 220, lone[1]], [lone[0], lone[2], 151643, lone[2]],
            [151644, 872, 198, 6023, 151645], [9707, 151643, 1879]]:
    decode_cases.append({"ids": ids, "text": tok.decode(ids, skip_special_tokens=False),
                         "skip_special": tok.decode(ids, skip_special_tokens=True)})

json.dump({"tokenizer": "qwen2.5 (shared/fixtures/qwen2.5-tokenizer/tokenizer.json)",
           "generator": f"HF tokenizers {__import__('tokenizers').__version__}, make_reference.py",
           "cases": cases, "decode_cases": decode_cases},
          open("qwen25_reference.json", "w"), ensure_ascii=False, indent=0)
print(len(cases), "cases")
