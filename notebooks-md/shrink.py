"""Keeps the notebooks' raw outputs under the size limit of notebooks-md/README.md, deterministically.

python3 notebooks-md/shrink.py metrics FILE-metrics.jsonl...
    Writes FILE-metrics-sampled.jsonl beside each: every line that is not a per-step training line
    (held-out loss, in-training K&K probe), step 1, every k-th step and the last step, k the smallest of
    1, 2, 5, 10, 20, 50 that keeps at most 150 step lines. Adds the full file's totals (summed tokens,
    step time, final losses, sha256) to metrics-totals.json in the same folder. Then remove the full file.
python3 notebooks-md/shrink.py kk-samples TAG-kk-samples.jsonl...
    Writes TAG-kk-answers-3to5.jsonl (every record at 3-5 people, without prompt and completion: what
    the notebook's K&K tables are computed from) and TAG-kk-samples-3to5-first2.jsonl (the first two
    full records at each of 3, 4 and 5 people, in file order: a sample to read).
"""
import hashlib, json, os, sys

def dump(r):
    return json.dumps(r, ensure_ascii=False, separators=(',', ':'))

def metrics(path):
    raw = open(path, 'rb').read()
    rows = [json.loads(l) for l in raw.decode().splitlines() if l.strip()]
    steps = [r for r in rows if 'loss' in r]
    last = steps[-1]['step']
    k = next(k for k in (1, 2, 5, 10, 20, 50) if len({1, last} | {r['step'] for r in steps if r['step'] % k == 0}) <= 150)
    keep = [r for r in rows if 'loss' not in r or r['step'] in (1, last) or r['step'] % k == 0]
    out = path[:-len('.jsonl')] + '-sampled.jsonl'
    with open(out, 'w') as f:
        for r in keep:
            f.write(json.dumps(r) + '\n')
    held = [r for r in rows if 'held_out_loss' in r]
    tot = {
        'full_file': os.path.basename(path), 'full_bytes': len(raw), 'full_lines': len(rows),
        'full_sha256': hashlib.sha256(raw).hexdigest(), 'sampled_file': os.path.basename(out),
        'sample_every_k_steps': k, 'sampled_lines': len(keep), 'step_lines': len(steps), 'last_step': last,
        'tokens': sum(r['tokens'] for r in steps), 'loss_tokens': sum(r['loss_tokens'] for r in steps),
        'step_seconds': round(sum(r['tokens'] / r['tokens_per_s'] for r in steps), 1),
        'final_loss': steps[-1]['loss'], 'final_held_out_loss': held[-1]['held_out_loss'] if held else None,
    }
    tp = os.path.join(os.path.dirname(path), 'metrics-totals.json')
    T = json.load(open(tp)) if os.path.exists(tp) else {}
    T[os.path.basename(path)] = tot
    with open(tp, 'w') as f:
        json.dump(dict(sorted(T.items())), f, indent=1)
        f.write('\n')
    print(out, tot)

def kk_samples(path):
    S = [json.loads(l) for l in open(path)]
    base = path[:-len('-kk-samples.jsonl')]
    ans = [{k: s[k] for k in ('id', 'difficulty', 'tokens', 'finish', 'format_ok', 'status', 'parsed')}
           for s in S if 3 <= int(s['difficulty']) <= 5]
    with open(base + '-kk-answers-3to5.jsonl', 'w') as f:
        for r in ans:
            f.write(dump(r) + '\n')
    with open(base + '-kk-samples-3to5-first2.jsonl', 'w') as f:
        for p in ('3', '4', '5'):
            for s in [s for s in S if s['difficulty'] == p][:2]:
                f.write(dump(s) + '\n')
    print(base, len(ans))

if __name__ == '__main__':
    mode, files = sys.argv[1], sys.argv[2:]
    for p in files:
        {'metrics': metrics, 'kk-samples': kk_samples}[mode](p)
