// The BPE model: vocabulary, ranked merges, and the merge loop applied to one pre-token.
// Ids are Int32 inside (the merge table packs two of them in a UInt64 key).

struct BPEModel: Sendable {
  /// Raw bytes -> id. Keyed by bytes, not by the byte-level String: Swift hashes non-ASCII
  /// Strings through NFC, which made loading Qwen's 151k tokens twice as slow.
  var bytesToId: [ByteKey: Int32]
  /// Tokens whose string is not byte-level text (none in a well-formed file), by string.
  var otherTokens: [String: Int32]
  /// id -> byte-level token string (HF's token form, e.g. "Ġthe"); "" for ids the vocabulary skips.
  var idToToken: [String]
  /// id -> raw bytes the token stands for.
  var idToBytes: [[UInt8]]
  /// byte -> id of the single-byte token, -1 when the vocabulary lacks it.
  var byteIds: [Int32]
  /// (left << 32 | right) -> (rank << 32 | merged id).
  var merges: [UInt64: UInt64] = [:]
  /// Merges in rank order (left, right, merged), for saving.
  var mergeList: [(Int32, Int32, Int32)] = []
  /// llama3-style: a pre-token that is itself in the vocabulary skips the merges.
  var ignoreMerges: Bool

  /// The vocabulary as (token string, id) pairs; merges are set with `setMerges`.
  init(vocab: [(String, Int32)], ignoreMerges: Bool = false) {
    let count = Int(vocab.map(\.1).max().map { $0 + 1 } ?? 0)
    idToToken = [String](repeating: "", count: count)
    idToBytes = [[UInt8]](repeating: [], count: count)
    byteIds = [Int32](repeating: -1, count: 256)
    bytesToId = Dictionary(minimumCapacity: vocab.count)
    otherTokens = [:]
    for (tok, id) in vocab {
      idToToken[Int(id)] = tok
      if let bytes = ByteLevel.decode(tok) {
        idToBytes[Int(id)] = bytes
        bytesToId[ByteKey(bytes)] = id
        if bytes.count == 1 { byteIds[Int(bytes[0])] = id }
      } else {
        // Not byte-level text: it can never come out of the merges; decode gives its UTF-8.
        idToBytes[Int(id)] = Array(tok.utf8)
        otherTokens[tok] = id
      }
    }
    self.ignoreMerges = ignoreMerges
  }

  /// `list` holds validated ids: (left, right, the id of left + right), in rank order.
  mutating func setMerges(_ list: [(Int32, Int32, Int32)]) {
    mergeList = list
    merges = Dictionary(minimumCapacity: list.count)
    for (rank, (a, b, merged)) in list.enumerated() {
      // A repeated merge takes its last rank, as HF's map built from the list does.
      merges[UInt64(UInt32(a)) << 32 | UInt64(UInt32(b))] = UInt64(rank) << 32 | UInt64(UInt32(merged))
    }
  }

  /// The id of a token given in HF's string form.
  func id(forToken tok: String) -> Int32? {
    if let bytes = ByteLevel.decode(tok) { return bytesToId[ByteKey(bytes)] }
    return otherTokens[tok]
  }

  var entryCount: Int { bytesToId.count + otherTokens.count }

  var count: Int { idToToken.count }

  @inline(__always) func lookup(_ a: Int32, _ b: Int32) -> (rank: UInt32, merged: Int32)? {
    guard let v = merges[UInt64(UInt32(a)) << 32 | UInt64(UInt32(b))] else { return nil }
    return (UInt32(v >> 32), Int32(truncatingIfNeeded: v & 0xFFFF_FFFF))
  }

  /// Initial symbols of a pre-token: one per byte. Bytes missing from the vocabulary are dropped
  /// (HF's BPE without an unk token does the same).
  func initialSymbols(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int32] {
    var ids: [Int32] = []
    ids.reserveCapacity(bytes.count)
    for b in bytes {
      let id = byteIds[Int(b)]
      if id >= 0 { ids.append(id) }
    }
    return ids
  }

  /// Applies the merges: repeatedly the lowest-rank adjacent pair, leftmost first.
  func merge(_ ids: inout [Int32]) {
    if ids.count <= 48 { mergeNaive(&ids) } else { mergeHeap(&ids) }
  }

  /// The specification: O(n^2) scan per merge. Fast for the short words that dominate text.
  func mergeNaive(_ ids: inout [Int32]) {
    while ids.count >= 2 {
      var best = UInt32.max, at = -1, merged: Int32 = 0
      for i in 0..<(ids.count - 1) {
        if let m = lookup(ids[i], ids[i + 1]), m.rank < best { best = m.rank; at = i; merged = m.merged }
      }
      if at < 0 { return }
      ids[at] = merged
      ids.remove(at: at + 1)
    }
  }

  /// O(n log n) for long pre-tokens (runs of spaces or punctuation): a min-heap of candidate
  /// merges keyed by (rank, position) over a linked list of symbols; stale entries are skipped.
  func mergeHeap(_ ids: inout [Int32]) {
    let n = ids.count
    var sym = ids
    var next = [Int](unsafeUninitializedCapacity: n) { b, c in for i in 0..<n { b[i] = i + 1 }; c = n }
    var prev = [Int](unsafeUninitializedCapacity: n) { b, c in for i in 0..<n { b[i] = i - 1 }; c = n }
    var alive = [Bool](repeating: true, count: n)
    var heap = MinHeap()
    for i in 0..<(n - 1) {
      if let m = lookup(sym[i], sym[i + 1]) { heap.push(UInt64(m.rank) << 32 | UInt64(i)) }
    }
    while let top = heap.pop() {
      let pos = Int(top & 0xFFFF_FFFF), rank = UInt32(top >> 32)
      guard alive[pos], next[pos] < n else { continue }
      let r = next[pos]
      guard let m = lookup(sym[pos], sym[r]), m.rank == rank else { continue }
      sym[pos] = m.merged
      alive[r] = false
      next[pos] = next[r]
      if next[r] < n { prev[next[r]] = pos }
      if prev[pos] >= 0, let m2 = lookup(sym[prev[pos]], sym[pos]) {
        heap.push(UInt64(m2.rank) << 32 | UInt64(prev[pos]))
      }
      if next[pos] < n, let m2 = lookup(sym[pos], sym[next[pos]]) {
        heap.push(UInt64(m2.rank) << 32 | UInt64(pos))
      }
    }
    ids.removeAll(keepingCapacity: true)
    var i = 0
    while i < n { ids.append(sym[i]); i = next[i] }
  }
}

/// A binary min-heap of packed (rank, position) keys.
struct MinHeap {
  private var a: [UInt64] = []

  mutating func push(_ v: UInt64) {
    a.append(v)
    var i = a.count - 1
    while i > 0 {
      let p = (i - 1) / 2
      if a[p] <= a[i] { break }
      a.swapAt(p, i); i = p
    }
  }

  mutating func pop() -> UInt64? {
    guard let top = a.first else { return nil }
    let last = a.removeLast()
    if a.isEmpty { return top }
    a[0] = last
    var i = 0
    while true {
      let l = 2 * i + 1, r = l + 1
      var m = i
      if l < a.count && a[l] < a[m] { m = l }
      if r < a.count && a[r] < a[m] { m = r }
      if m == i { break }
      a.swapAt(i, m); i = m
    }
    return top
  }
}
