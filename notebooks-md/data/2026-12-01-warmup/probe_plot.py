# Draws the copy-probe trajectory of the base v2 pretraining (values from probe.sh on each checkpoint).
pts = [(200, -3.953, -4.438), (400, -3.166, -3.052), (500, -2.989, -2.370), (1000, -0.900, -1.553),
       (1500, -0.385, -1.168), (2400, -0.033, -1.018), (2572, -0.032, -1.001)]
W, H, L, R, T, B = 640, 360, 60, 20, 40, 50
x = lambda s: L + (W - L - R) * s / 2600
y = lambda v: T + (H - T - B) * (-v) / 4.6
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{W/2}" y="20" text-anchor="middle" font-size="14">Copy probes during base v2 pretraining (mean log-prob, nats)</text>']
for v in [0, -1, -2, -3, -4]:
    out.append(f'<line x1="{L}" x2="{W-R}" y1="{y(v)}" y2="{y(v)}" stroke="#ddd"/><text x="{L-8}" y="{y(v)+4}" text-anchor="end">{v}</text>')
for s in [0, 500, 1000, 1500, 2000, 2500]:
    out.append(f'<text x="{x(s)}" y="{H-B+18}" text-anchor="middle">{s}</text>')
out.append(f'<text x="{(L+W-R)/2}" y="{H-10}" text-anchor="middle">optimizer step (batch 64)</text>')
u = y(-3.932)
out.append(f'<line x1="{L}" x2="{W-R}" y1="{u}" y2="{u}" stroke="#999" stroke-dasharray="4 3"/><text x="{W-R-4}" y="{u-4}" text-anchor="end" fill="#666">uniform over 51 names (-3.93)</text>')
for i, (col, name) in enumerate([("#1f77b4", "repeat a name list: per token"), ("#d62728", "K&amp;K: first person's name after '(1)'")]):
    d = " ".join(f"{'M' if j == 0 else 'L'}{x(p[0]):.1f},{y(p[1 + i]):.1f}" for j, p in enumerate(pts))
    out.append(f'<path d="{d}" fill="none" stroke="{col}" stroke-width="2"/>')
    out += [f'<circle cx="{x(p[0]):.1f}" cy="{y(p[1 + i]):.1f}" r="3" fill="{col}"/>' for p in pts]
    out.append(f'<rect x="{L+250}" y="{T+150+18*i}" width="12" height="3" fill="{col}"/><text x="{L+268}" y="{T+155+18*i}">{name}</text>')
out.append('</svg>')
open("notebooks-md/figures/2026-12-01-copy-probes.svg", "w").write("\n".join(out))
