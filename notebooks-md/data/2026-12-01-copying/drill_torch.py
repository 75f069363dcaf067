# Reference check: does PyTorch/HF Qwen2 learn the reading drills (in-context copying) with the
# same shape, data and hyper-parameters as `warmrl pretrain` did?
# Usage: [BS=16] [THREADS=2] drill_torch.py RUN_DIR EPOCHS [HIDDEN LAYERS LR MODE]
# MODE: "file" (RUN_DIR/corpus.jsonl, the default), cN (N repeat drills, names comma-separated) or sN
# (N repeat drills, names space-separated).
import json, math, random, sys, time
import torch
from tokenizers import Tokenizer
from transformers import Qwen2Config, Qwen2ForCausalLM
torch.manual_seed(0); random.seed(0)
run = sys.argv[1]; epochs = int(sys.argv[2]); hidden = int(sys.argv[3]) if len(sys.argv) > 3 else 128
layers = int(sys.argv[4]) if len(sys.argv) > 4 else 2; lr = float(sys.argv[5]) if len(sys.argv) > 5 else 2e-3
tok = Tokenizer.from_file(run + "/tokenizer/tokenizer.json")
NAMES = "Emma Liam Olivia Noah Ava Ethan Sophia Mason Isabella William Mia James Charlotte Benjamin Amelia Lucas Harper Henry Evelyn Alexander Abigail Michael Emily Daniel Elizabeth Jacob Sofia Logan Avery Jackson Ella Sebastian Scarlett Jack Grace Aiden Chloe Owen Victoria Samuel Riley Matthew Aria Joseph Lily Luke Aurora David Zoey Oliver Penelope".split()
mode = sys.argv[6] if len(sys.argv) > 6 else "file"
if mode == "file":
    items = [json.loads(l) for l in open(run + "/corpus.jsonl")]
    texts = [i["prompt"] + i["response"] for i in items]
else:
    r = random.Random(1); texts = []
    for i in range(int(mode.lstrip("cs"))):
        n = r.randint(8, 30); xs = [r.choice(NAMES) for _ in range(n)]
        sep = ", " if mode.startswith("c") else " "
        texts.append("Names: " + sep.join(xs) + ".\nThe same names again, in order: " + sep.join(xs) + ".")
seqs = [tok.encode(t).ids for t in texts]
held, train = seqs[-100:], seqs[:-100]
cfg = Qwen2Config(vocab_size=tok.get_vocab_size(), hidden_size=hidden, intermediate_size=4 * hidden, num_hidden_layers=layers,
                  num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=1024, rope_theta=10000.0,
                  rms_norm_eps=1e-6, tie_word_embeddings=True, initializer_range=0.02)
model = Qwen2ForCausalLM(cfg)
torch.set_num_threads(int(__import__('os').environ.get('THREADS','2')))
bs = int(__import__("os").environ.get("BS","16")); steps = epochs * (len(train) // bs); warm = 30
opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.01)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: (s + 1) / warm if s < warm else
                                          0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * (s - warm) / max(1, steps - warm))))
def batch(b):
    T = max(map(len, b)); ids = torch.zeros(len(b), T, dtype=torch.long); lab = torch.full((len(b), T), -100)
    att = torch.zeros(len(b), T, dtype=torch.long)
    for r, s in enumerate(b):
        ids[r, :len(s)] = torch.tensor(s); lab[r, :len(s)] = torch.tensor(s); att[r, :len(s)] = 1
    return ids, lab, att
def probe():
    model.eval(); out = []
    with torch.no_grad():
        for p, c in [("Names: Daniel, Harper, Aiden, Lily, Jack, Ava.\nThe same names again, in order:", " Daniel, Harper, Aiden, Lily, Jack, Ava."),
                     ("Names: Daniel Harper Aiden Lily Jack Ava.\nThe same names again, in order:", " Daniel Harper Aiden Lily Jack Ava.")]:
            pi = tok.encode(p).ids; ci = tok.encode(p + c).ids[len(pi):]
            lp = torch.log_softmax(model(torch.tensor([pi + ci])).logits[0], -1)
            out.append([round(float(lp[len(pi) - 1 + j, ci[j]]), 2) for j in range(len(ci))])
    model.train(); return out
step = 0; t0 = time.time()
for ep in range(epochs):
    order = list(range(len(train))); random.shuffle(order)
    for i in range(0, len(order) - bs + 1, bs):
        ids, lab, att = batch([train[j] for j in order[i:i + bs]])
        loss = model(input_ids=ids, attention_mask=att, labels=lab).loss
        opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step(); sched.step()
        step += 1
        if step % 100 == 0 or step == steps:
            print(f"step {step}/{steps} loss {loss.item():.4f} {time.time()-t0:.0f}s probe {probe()}", flush=True)
