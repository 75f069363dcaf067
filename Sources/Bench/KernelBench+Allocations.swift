// Heap allocations per call of the hot kernels, counted by glibc's mtrace in a child process started
// with LD_PRELOAD=libc_malloc_debug.so.0 (glibc >= 2.34 keeps mtrace there). Each kernel is called 30
// times to warm up, then 10 times while tracing; every malloc/calloc/realloc/memalign in the process during
// the window (our worker threads and OpenBLAS's included) is one "+" line in the trace.
#if canImport(Glibc)
import Glibc
#endif
import CBLAS
import Foundation
import Kernels

@_silgen_name("mtrace") private func c_mtrace()
@_silgen_name("muntrace") private func c_muntrace()

public enum AllocationCount {
  static let preload = "/lib/x86_64-linux-gnu/libc_malloc_debug.so.0"

  /// Parent side: runs `warmrl bench kernels --allocation-child` and turns its lines into rows.
  /// ours = allocations per call; baseline = those of the raw OpenBLAS calls inside the kernel (or 0);
  /// ratio = (baseline+1)/(ours+1), so 1.0 means "no allocation of our own".
  /// The child is this process's executable (`warmrl`) with `bench kernels --allocation-child`.
  public static func runChild(threads: Int, log: (String) -> Void) -> [BenchRow] {
    guard FileManager.default.fileExists(atPath: preload) else {
      log("allocations: \(preload) not found; skipped")
      return []
    }
    let trace = FileManager.default.temporaryDirectory.appendingPathComponent("warmrl-mtrace-\(getpid())").path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    p.arguments = ["bench", "kernels", "--allocation-child", "--threads", "\(threads)"]
    var env = ProcessInfo.processInfo.environment
    env["LD_PRELOAD"] = preload
    env["MALLOC_TRACE"] = trace
    p.environment = env
    let pipe = Pipe()
    p.standardOutput = pipe
    do { try p.run() } catch {
      log("allocations: could not start child: \(error)")
      return []
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    try? FileManager.default.removeItem(atPath: trace)
    return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
      let f = line.split(separator: "\t")
      guard f.count == 4, let ours = Double(f[2]), let base = Double(f[3]) else { return nil }
      var row = BenchRow(kernel: "allocs_" + f[0], shape: String(f[1]), ours: ours, baseline: base,
                         unit: "allocs/call (ratio = (base+1)/(ours+1))")
      row.overrideRatio = (base + 1) / (ours + 1)
      return row
    }
  }

  /// Allocations per call of `body` over 10 traced calls after 30 warm-up calls (per-thread
  /// workspaces grow on the first call a thread takes part in: a worker that was asleep may miss the
  /// first few calls entirely, the caller claiming every chunk before it wakes; measured: with 3
  /// warm-up calls the bf16 GEMV's worker sometimes made its one-time scratch allocation in the window).
  static func count(_ body: () -> Void) -> Double {
    for _ in 0..<30 { body() }
    c_mtrace()
    for _ in 0..<10 { body() }
    c_muntrace()
    guard let path = getenv("MALLOC_TRACE"), let f = fopen(path, "r") else { return -1 }
    defer { fclose(f) }
    var n = 0
    var line = [CChar](repeating: 0, count: 1024)
    while fgets(&line, 1024, f) != nil { if strstr(line, " + 0x") != nil { n += 1 } }
    return Double(n) / 10
  }

  /// Child side: prints "kernel<TAB>shape<TAB>ours<TAB>baseline" lines.
  public static func childMain() {
    let c = BenchConfig.all[1]  // 10M shapes, 256 rows: enough to take the parallel paths
    let N = 256, C = c.C, I = c.I, V = c.V, NH = c.NH, KVH = c.KVH, HS = c.HS, B = 2, T = N / B
    let big = max(N * V, N * I, C * V)
    let a = benchFloats(big, seed: 1), b = benchFloats(big, seed: 2), d = benchFloats(big, seed: 3), e = benchFloats(big, seed: 4)
    let f = benchFloats(big, seed: 5), scratch = benchFloats(big + 4 * B * NH * T)
    let wh = benchHalves(b, C * V, .bf16)
    let tokens = UnsafeMutablePointer<Int32>.allocate(capacity: N)
    for n in 0..<N { tokens[n] = Int32(n * 31 % V) }
    let positions = UnsafeMutablePointer<Int32>.allocate(capacity: N)
    for n in 0..<N { positions[n] = Int32(n % T) }
    let shape = "10M N\(N)"
    let sgemm1 = count { cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(N), Int32(I), Int32(C), 1, a, Int32(C), b, Int32(C), 0, d, Int32(I)) }
    let sgemm2 = count {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(N), Int32(C), Int32(I), 1, a, Int32(I), f, Int32(C), 0, d, Int32(C))
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(I), Int32(C), Int32(N), 1, a, Int32(I), b, Int32(C), 1, e, Int32(C))
    }
    // Baseline: the raw OpenBLAS calls a kernel makes (OpenBLAS allocates its thread job list per
    // threaded call), else 0, the target.
    func emit(_ name: String, base: Double = 0, _ body: () -> Void) {
      print("\(name)\t\(shape) vs \(base > 0 ? "its raw sgemm calls" : "target 0")\t\(count(body))\t\(base)")
    }
    emit("linear_fwd", base: sgemm1) { Linear.forward(out: d, inp: a, weight: b, bias: e, N: N, IC: C, OC: I) }
    emit("linear_bwd", base: sgemm2) { Linear.backward(dinp: d, dweight: e, dbias: f, dout: a, inp: b, weight: f, N: N, IC: C, OC: I) }
    emit("bf16_gemv_1row") { HalfGemv.forward(out: d, x: a, w: wh, dtype: .bf16, bias: nil, M: 1, IC: C, OC: V) }
    emit("bf16_gemv_8rows") { HalfGemv.forward(out: d, x: a, w: wh, dtype: .bf16, bias: nil, M: 8, IC: C, OC: V) }
    emit("bf16_linear_fwd", base: sgemm1) { HalfLinear.forward(out: d, inp: a, weight: wh, dtype: .bf16, bias: nil, N: N, IC: C, OC: V, scratch: scratch) }
    emit("embedding_fwd") { Embedding.forward(out: d, tokens: tokens, table: a, N: N, C: C, V: V) }
    emit("embedding_bwd") { Embedding.backward(dtable: d, dout: a, tokens: tokens, N: N, C: C, V: V) }
    emit("rmsnorm_fwd") { RMSNorm.forward(out: d, rstd: e, inp: a, weight: b, N: N, C: C, eps: 1e-6) }
    emit("rmsnorm_bwd") { RMSNorm.backward(dinp: d, dweight: f, dout: a, inp: b, weight: b, rstd: e, N: N, C: C) }
    emit("rope_fwd") { Rope.forward(out: d, x: a, positions: positions, cos: b, sin: e, N: N, H: NH, HS: HS, P: T) }
    emit("swiglu_fwd") { SwiGLU.forward(out: d, gate: a, up: b, count: N * I) }
    emit("swiglu_bwd") { SwiGLU.backward(dgate: d, dup: e, dout: a, gate: b, up: f, count: N * I) }
    emit("attention_fwd") {
      Attention.forward(out: d, lse: e, q: a, k: b, v: b, segments: nil, scratch: scratch, B: B, T: T, NH: NH, KVH: KVH, HS: HS)
    }
    emit("attention_bwd") {
      Attention.backward(dq: d, dk: e, dv: f, dout: a, q: a, k: b, v: b, out: a, lse: b, segments: nil, scratch: scratch,
                         B: B, T: T, NH: NH, KVH: KVH, HS: HS)
    }
    emit("attention_decode") {
      Attention.decode(out: d, q: a, kCache: b, vCache: b, segments: nil, scratch: scratch, B: B, Tq: 1, Tk: T, S: T, NH: NH, KVH: KVH, HS: HS)
    }
    emit("cross_entropy") {
      CrossEntropy.forwardBackward(losses: e, dlogits: d, logits: a, targets: tokens, weights: nil, lossScale: 1, N: N, V: V)
    }
    emit("logprobs+entropy") {
      CrossEntropy.logProbs(logp: e, lse: f, entropy: scratch, logits: a, targets: tokens, N: N, V: V)
    }
    emit("adamw") {
      AdamW.step(master: d, working: wh, workingDType: .bf16, grad: a, m: e, v: f, count: C * V, t: 3, hyper: AdamWHyper(lr: 1e-3))
    }
    emit("grad_clip") { GradClip.clip(d, count: C * V, maxNorm: 1e9) }
  }
}
