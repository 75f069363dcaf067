"""Checks WarmRL checkpoints against HF transformers (run in a throwaway venv with torch + transformers).

1. A checkpoint written by `warmrl model init` (f32 and bf16) loads in HF with no missing/unexpected keys,
   and HF's log-probs of a completion equal `warmrl score`'s (max abs diff printed).
2. HF `save_pretrained` of the tiny fixture, sharded, is loaded by `warmrl score` with the same numbers.

usage: python scripts/hf_roundtrip_check.py WARMRL_BINARY SHARED_DIR WORK_DIR
"""
import json, os, subprocess, sys
import torch
from transformers import AutoModelForCausalLM

warmrl, shared, work = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(work, exist_ok=True)
tiny = os.path.join(shared, "fixtures/tiny-qwen2")
prompt, completion = [381, 32, 302, 17, 9, 44], [301, 20, 11, 5, 400]
inp = os.path.join(work, "score.jsonl")
with open(inp, "w") as f:
    f.write(json.dumps({"prompt": prompt, "completion": completion}) + "\n")

def ours(model_dir):
    out = subprocess.run([warmrl, "score", "--model", model_dir, "--input", inp], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.splitlines()[0])["logprobs"]

def hf(model_dir, dtype=torch.float32):
    m, info = AutoModelForCausalLM.from_pretrained(model_dir, dtype=dtype, output_loading_info=True)
    bad = {k: v for k, v in info.items() if v and k != "mismatched_keys" or (k == "mismatched_keys" and v)}
    assert not bad, f"{model_dir}: HF loading problems {bad}"
    ids = torch.tensor([prompt + completion])
    with torch.no_grad():
        logits = m(ids).logits.float()[0]
    lp = torch.log_softmax(logits, -1)
    return [lp[len(prompt) - 1 + i, t].item() for i, t in enumerate(completion)]

ok = True
for dtype in ["f32", "bf16"]:
    d = os.path.join(work, f"init-{dtype}")
    subprocess.run([warmrl, "model", "init", "--config", os.path.join(tiny, "config.json"), "--out", d,
                    "--seed", "7", "--dtype", dtype, "--tokenizer", tiny], check=True, capture_output=True)
    a, b = ours(d), hf(d)  # HF computes in fp32 on the upcast weights, as we do
    diff = max(abs(x - y) for x, y in zip(a, b))
    print(f"warmrl init {dtype} -> HF: loads cleanly; completion log-prob max abs diff {diff:.2e}")
    ok &= diff <= 1e-4

m = AutoModelForCausalLM.from_pretrained(tiny, dtype=torch.float32)
sharded = os.path.join(work, "hf-sharded")
m.save_pretrained(sharded, max_shard_size="200KB")
print("HF sharded files:", sorted(f for f in os.listdir(sharded) if "safetensors" in f))
a, b = ours(sharded), hf(tiny)
diff = max(abs(x - y) for x, y in zip(a, b))
print(f"HF save_pretrained (sharded) -> warmrl: completion log-prob max abs diff {diff:.2e}")
ok &= diff <= 1e-4
print("OK" if ok else "FAILED")
sys.exit(0 if ok else 1)
