// The PyTorch peer run in the same process tree as our figures: `bench_torch.py --worker SIZE MODE`
// (../shared/reference/scripts, the script that measured perf.md) under the Python the user names
// (`--torch PYTHON`), its `RESULT {json}` line read back. Without a Python, the benches print
// perf.md's figures (PeerFigures) with their date and machine instead.
import Foundation
import JSON

public enum TorchPeer {
  /// Default location of the reference script, relative to the repository root.
  public static let defaultScript = "../shared/reference/scripts/bench_torch.py"

  public struct Figures: Sendable {
    public var best: Double, median: Double, min: Double, max: Double
  }

  /// Training tokens/s of PyTorch at `size` (1M, 10M, 50M: batch 8 x 256, vocabulary 4096, 2 threads),
  /// fp32 (`autocast` false) or bf16 autocast: `repeats` timed steps after two warm-up steps (the first
  /// timed steps after one were up to 2x slower: oneDNN creates its primitives).
  public static func train(python: String, script: String, size: String, autocast: Bool, repeats: Int,
                           threads: Int = 2) throws -> Figures {
    let r = try worker(python: python, script: script, size: size, mode: autocast ? "train_bf16" : "train_fp32",
                       repeats: repeats, threads: threads)
    let toks = r["tokens_per_step"]?.double ?? 2048
    let s = r["step_s"]
    guard let best = r["tok_per_s_best"]?.double, let median = r["tok_per_s_median"]?.double,
          let lo = s?["min"]?.double, let hi = s?["max"]?.double else {
      throw BenchError.peer("bench_torch.py \(size): no tok_per_s_best/median in its RESULT line")
    }
    return Figures(best: best, median: median, min: toks / hi, max: toks / lo)
  }

  static func worker(python: String, script: String, size: String, mode: String, repeats: Int,
                     threads: Int) throws -> JSON {
    guard FileManager.default.fileExists(atPath: script) else {
      throw BenchError.peer("--torch: reference script \(script) not found (pass --torch-script)")
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: python)
    p.arguments = [script, "--worker", size, mode, "--repeats", String(repeats), "--warmup", "2",
                   "--threads", String(threads)]
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    do { try p.run() } catch { throw BenchError.peer("--torch: cannot run \(python): \(error)") }
    // Read before waiting: a full pipe would block the child.
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard p.terminationStatus == 0,
          let line = text.split(separator: "\n").last(where: { $0.hasPrefix("RESULT ") }) else {
      let tail = String(decoding: errData, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: " | ")
      throw BenchError.peer("bench_torch.py \(size) \(mode) failed (status \(p.terminationStatus)): \(tail)")
    }
    return try JSON.parse(String(line.dropFirst(7)))
  }
}

public enum BenchError: Error, CustomStringConvertible {
  case peer(String)
  public var description: String {
    switch self {
    case .peer(let m): return m
    }
  }
}
