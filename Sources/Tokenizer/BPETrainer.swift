// Byte-level BPE training, the algorithm of HF tokenizers' BpeTrainer:
//  - words: the corpus NFC-normalized, added/special tokens cut out, split by the Qwen2 scanner,
//    counted; each word starts as its bytes;
//  - alphabet: all 256 byte-level symbols, ids 0-255 in code-point order of their symbol;
//  - loop: merge the adjacent pair with the highest count over all words (each word weighted by
//    its count). Ties go to the smallest (left id, right id), so the result is deterministic and
//    equals HF's on the same corpus. The merged token takes the next id unless its bytes are
//    already a token. Stops at the vocabulary size or when the best count < minFrequency.

struct BPETrainer {
  var words: [[Int32]] = []
  var wordCounts: [Int] = []
  var tokens: [[UInt8]] = []  // id -> bytes
  var tokenIds: [ByteKey: Int32] = [:]
  var merges: [(Int32, Int32, Int32)] = []

  init(wordCounts counts: [String: Int]) {
    let alphabet = ByteLevel.sortedAlphabet
    var byteId = [Int32](repeating: 0, count: 256)
    for (i, a) in alphabet.enumerated() {
      byteId[Int(a.byte)] = Int32(i)
      tokens.append([a.byte])
      tokenIds[ByteKey([a.byte])] = Int32(i)
    }
    // Sorted so the word order (and with it everything downstream) never depends on hashing.
    for (w, c) in counts.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
      words.append(w.utf8.map { byteId[Int($0)] })
      wordCounts.append(c)
    }
  }

  @inline(__always) static func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)) }

  /// Runs merges until `tokens.count` reaches `targetTokens`; `progress(merges, target)`.
  mutating func train(targetTokens: Int, minFrequency: Int, progress: ((Int, Int) -> Void)? = nil) {
    var pairCounts: [UInt64: Int] = [:]
    var whereIs: [UInt64: [Int32]] = [:]
    for (wi, w) in words.enumerated() where w.count >= 2 {
      for i in 0..<(w.count - 1) {
        let k = Self.key(w[i], w[i + 1])
        pairCounts[k, default: 0] += wordCounts[wi]
        whereIs[k, default: []].append(Int32(wi))
      }
    }
    var heap = PairHeap()
    for (k, c) in pairCounts where c > 0 { heap.push(count: c, pair: k) }
    var stamp = [Int](repeating: -1, count: words.count)
    var lastReport = 0
    while tokens.count < targetTokens, let top = heap.pop() {
      let current = pairCounts[top.pair] ?? 0
      if current != top.count {
        // Lazily corrected: counts only fall between pushes (rises are pushed anew below).
        if current > 0 { heap.push(count: current, pair: top.pair) }
        continue
      }
      if current < 1 || current < minFrequency { break }
      let a = Int32(truncatingIfNeeded: top.pair >> 32), b = Int32(truncatingIfNeeded: top.pair & 0xFFFF_FFFF)
      let bytes = tokens[Int(a)] + tokens[Int(b)]
      let newId: Int32
      if let existing = tokenIds[ByteKey(bytes)] { newId = existing } else {
        newId = Int32(tokens.count)
        tokens.append(bytes)
        tokenIds[ByteKey(bytes)] = newId
      }
      merges.append((a, b, newId))
      var rising: [UInt64: Bool] = [:]
      let iteration = merges.count
      for wi32 in whereIs[top.pair] ?? [] {
        let wi = Int(wi32)
        if stamp[wi] == iteration { continue }
        stamp[wi] = iteration
        let weight = wordCounts[wi]
        Self.mergeWord(&words[wi], a, b, newId) { pair, delta in
          pairCounts[pair, default: 0] += delta * weight
          if delta > 0 {
            whereIs[pair, default: []].append(wi32)
            rising[pair] = true
          }
        }
      }
      whereIs[top.pair] = nil
      // Sorted for determinism of the heap's internal order (the pop order is total anyway).
      for k in rising.keys.sorted() {
        if let c = pairCounts[k], c > 0 { heap.push(count: c, pair: k) }
      }
      if let progress, merges.count - lastReport >= 500 { lastReport = merges.count; progress(tokens.count, targetTokens) }
    }
  }

  /// Replaces each non-overlapping (a, b) in `w`, left to right, by `c`, reporting the pair
  /// count changes as HF's Word::merge does (the merged pair's own count is left alone).
  private static func mergeWord(_ w: inout [Int32], _ a: Int32, _ b: Int32, _ c: Int32, _ change: (UInt64, Int) -> Void) {
    var i = 0
    while i < w.count {
      if w[i] == a && i + 1 < w.count && w[i + 1] == b {
        if i > 0 {
          change(Self.key(w[i - 1], a), -1)
          change(Self.key(w[i - 1], c), 1)
        }
        w[i] = c
        w.remove(at: i + 1)
        if i < w.count - 1 {
          change(Self.key(b, w[i + 1]), -1)
          change(Self.key(c, w[i + 1]), 1)
        }
      }
      i += 1
    }
  }
}

/// Max-heap of (count, pair): highest count first, then the smallest pair.
struct PairHeap {
  private var a: [(count: Int, pair: UInt64)] = []

  @inline(__always) private static func before(_ x: (count: Int, pair: UInt64), _ y: (count: Int, pair: UInt64)) -> Bool {
    x.count > y.count || (x.count == y.count && x.pair < y.pair)
  }

  mutating func push(count: Int, pair: UInt64) {
    a.append((count, pair))
    var i = a.count - 1
    while i > 0 {
      let p = (i - 1) / 2
      if !Self.before(a[i], a[p]) { break }
      a.swapAt(p, i); i = p
    }
  }

  mutating func pop() -> (count: Int, pair: UInt64)? {
    guard let top = a.first else { return nil }
    let last = a.removeLast()
    if a.isEmpty { return top }
    a[0] = last
    var i = 0
    while true {
      let l = 2 * i + 1, r = l + 1
      var m = i
      if l < a.count && Self.before(a[l], a[m]) { m = l }
      if r < a.count && Self.before(a[r], a[m]) { m = r }
      if m == i { break }
      a.swapAt(i, m); i = m
    }
    return top
  }
}
