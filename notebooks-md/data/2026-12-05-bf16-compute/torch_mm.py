# torch.mm GFLOP/s (oneDNN/MKL) at the bench-kernels linear shapes, fp32 and bf16 (autocast-style:
# bf16 operands, fp32 accumulation inside oneDNN, bf16 output), 2 threads: median of 7.
import statistics, time, torch
torch.set_num_threads(2)
N = 2048
shapes = [("10M q_proj", 256, 256), ("10M mlp_up", 256, 1024), ("10M mlp_down", 1024, 256), ("10M lm_head", 256, 4096),
          ("50M q_proj", 512, 512), ("50M mlp_up", 512, 2048), ("50M mlp_down", 2048, 512), ("50M lm_head", 512, 4096)]
for name, IC, OC in shapes:
    row = [name, f"{N}x{IC}->{OC}"]
    for dt in (torch.float32, torch.bfloat16):
        x = torch.randn(N, IC).to(dt); w = torch.randn(OC, IC).to(dt)
        f = lambda: torch.nn.functional.linear(x, w)
        for _ in range(3): f()
        flop = 2.0 * N * IC * OC; inner = max(1, int(3e9 / flop)); ts = []
        for _ in range(7):
            t0 = time.perf_counter()
            for _ in range(inner): f()
            ts.append((time.perf_counter() - t0) / inner)
        row.append(f"{str(dt).split('.')[-1]} {flop / statistics.median(ts) / 1e9:.0f}")
    print("  ".join(row), flush=True)
