#!/usr/bin/env python3
"""interp.py A B ALPHA OUT (notebooks-md/2026-12-07-lookups.md section 12): weight-space interpolation of two
checkpoints with the same shapes (WiSE-FT, Wortsman et al. 2022; model soups): OUT = (1 - ALPHA) * A + ALPHA * B,
tensor by tensor in fp32, written as bf16 (round to nearest even) like the checkpoints the stages save. OUT gets A's config, tokenizer and warmrl.json, with the
merge recorded under "merge"; written to OUT.tmp, then renamed."""
import json, os, shutil, struct, sys
import numpy as np

def load(path):
    b = open(os.path.join(path, 'model.safetensors'), 'rb').read()
    n = struct.unpack('<Q', b[:8])[0]
    header = json.loads(b[8:8 + n])
    out = {}
    for k, v in header.items():
        if k == '__metadata__':
            continue
        if v['dtype'] != 'BF16':
            sys.exit(f'{path}: tensor {k} is {v["dtype"]}, expected BF16')
        s, e = v['data_offsets']
        raw = np.frombuffer(b[8 + n + s:8 + n + e], dtype='<u2').astype(np.uint32) << 16
        out[k] = raw.view(np.float32).reshape(v['shape'])
    return out

def bf16(x):
    u = x.astype(np.float32).view(np.uint32)
    u = (u + 0x7FFF + ((u >> 16) & 1)) >> 16  # round to nearest even (no NaNs here: checked below)
    return u.astype('<u2')

if len(sys.argv) != 5:
    sys.exit(__doc__)
A, B, alpha, OUT = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
ta, tb = load(A), load(B)
if ta.keys() != tb.keys():
    sys.exit('the checkpoints name different tensors')
header, blobs, off = {'__metadata__': {'format': 'pt'}}, [], 0
for k in ta:  # A's order
    if ta[k].shape != tb[k].shape:
        sys.exit(f'{k}: shape {ta[k].shape} in {A}, {tb[k].shape} in {B}')
    x = (1 - alpha) * ta[k] + alpha * tb[k]
    if not np.all(np.isfinite(x)):
        sys.exit(f'{k}: not finite')
    data = bf16(x).tobytes()
    header[k] = {'data_offsets': [off, off + len(data)], 'dtype': 'BF16', 'shape': list(ta[k].shape)}  # warmrl's key order
    blobs.append(data); off += len(data)
h = json.dumps(header, separators=(',', ':')).encode()
h += b' ' * (-len(h) % 8)
tmp = OUT.rstrip('/') + '.tmp'
shutil.rmtree(tmp, ignore_errors=True)
shutil.copytree(A, tmp)
with open(os.path.join(tmp, 'model.safetensors'), 'wb') as f:
    f.write(struct.pack('<Q', len(h))); f.write(h)
    for d in blobs: f.write(d)
meta = json.load(open(os.path.join(tmp, 'warmrl.json')))
meta['merge'] = {'a': A, 'b': B, 'alpha': alpha}
json.dump(meta, open(os.path.join(tmp, 'warmrl.json'), 'w'), indent=2)
shutil.rmtree(OUT, ignore_errors=True)
os.rename(tmp, OUT)
print(f'{OUT}: (1 - {alpha}) * {A} + {alpha} * {B}')
