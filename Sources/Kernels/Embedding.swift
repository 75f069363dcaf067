// Token embedding: out (N, C) = table[tokens] with table (V, C), tokens (N) Int32 in 0..<V.
// Backward scatters: dtable[tokens[n]] += dout[n]. Chunks own column ranges of the table and visit
// tokens in order, so repeated tokens accumulate in the same order whatever the thread count.

public enum Embedding {
  /// out (N, C) = table (V, C) rows picked by tokens (N).
  public static func forward(out: UnsafeMutablePointer<Float>, tokens: UnsafePointer<Int32>,
                             table: UnsafePointer<Float>, N: Int, C: Int, V: Int) {
    precondition(N >= 0 && C >= 1 && V >= 1, "Embedding.forward: bad shape N=\(N) C=\(C) V=\(V)")
    for n in 0..<N { precondition(tokens[n] >= 0 && Int(tokens[n]) < V, "Embedding: token \(tokens[n]) at \(n) not in 0..<\(V)") }
    Parallel.forRanges(N, grain: max(1, 8192 / C), Gather(out: out, tokens: tokens, table: table, C: C))
  }

  struct Gather: RangeTask {
    let out: UnsafeMutablePointer<Float>, tokens: UnsafePointer<Int32>, table: UnsafePointer<Float>, C: Int
    func run(_ rows: Range<Int>) { for n in rows { (out + n * C).update(from: table + Int(tokens[n]) * C, count: C) } }
  }

  /// dtable (V, C) += scatter of dout (N, C) by tokens (N).
  public static func backward(dtable: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                              tokens: UnsafePointer<Int32>, N: Int, C: Int, V: Int) {
    precondition(N >= 0 && C >= 1 && V >= 1, "Embedding.backward: bad shape N=\(N) C=\(C) V=\(V)")
    for n in 0..<N { precondition(tokens[n] >= 0 && Int(tokens[n]) < V, "Embedding: token \(tokens[n]) at \(n) not in 0..<\(V)") }
    Parallel.forRanges(C, grain: 32, maxChunks: 16, Scatter(dtable: dtable, dout: dout, tokens: tokens, N: N, C: C))
  }

  struct Scatter: RangeTask {
    let dtable: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, tokens: UnsafePointer<Int32>, N: Int, C: Int
    func run(_ cols: Range<Int>) {
      for n in 0..<N {
        let src = dout + n * C, dst = dtable + Int(tokens[n]) * C
        for c in cols { dst[c] += src[c] }
      }
    }
  }
}
