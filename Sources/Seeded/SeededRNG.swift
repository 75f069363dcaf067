// The one random generator of the project: xoshiro256** seeded through splitmix64. Its whole state
// is four words, saved for `--resume`. Same seed, same stream, on every machine.

public struct SeededRNG: RandomNumberGenerator, Sendable, Equatable, Codable {
  public var state: [UInt64]

  public init(seed: UInt64) {
    var sm = seed
    func splitmix() -> UInt64 {
      sm &+= 0x9E37_79B9_7F4A_7C15
      var z = sm
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = [splitmix(), splitmix(), splitmix(), splitmix()]
  }

  /// A generator for stream `stream` of `seed` (e.g. one per rollout row), independent of the others.
  public init(seed: UInt64, stream: UInt64) {
    self.init(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03) &+ stream)
  }

  @inline(__always)
  public mutating func next() -> UInt64 {
    let result = rotl(state[1] &* 5, 7) &* 9
    let t = state[1] << 17
    state[2] ^= state[0]
    state[3] ^= state[1]
    state[1] ^= state[2]
    state[0] ^= state[3]
    state[2] ^= t
    state[3] = rotl(state[3], 45)
    return result
  }

  @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// Uniform in [0, 1) with 24 random bits.
  public mutating func nextFloat() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }
  /// Uniform in [0, 1) with 53 random bits.
  public mutating func nextDouble() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }
  /// Uniform integer in 0..<n without modulo bias (Lemire's method, fixed here so it never
  /// depends on the standard library's implementation).
  public mutating func below(_ n: Int) -> Int {
    precondition(n > 0, "SeededRNG.below: n must be positive, got \(n)")
    let bound = UInt64(n)
    var m = next().multipliedFullWidth(by: bound)
    if m.low < bound {
      let t = (0 &- bound) % bound
      while m.low < t { m = next().multipliedFullWidth(by: bound) }
    }
    return Int(m.high)
  }
  /// Uniform integer in `range`.
  public mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }
  /// Standard normal (Box-Muller).
  public mutating func normal() -> Float {
    let u1 = max(nextDouble(), 1e-300), u2 = nextDouble()
    return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
  }
  /// A uniformly chosen element.
  public mutating func pick<C: Collection>(_ c: C) -> C.Element where C.Index == Int {
    c[c.startIndex + below(c.count)]
  }
  /// Fisher-Yates shuffle, defined here so results never depend on the stdlib's algorithm.
  public mutating func shuffle<T>(_ a: inout [T]) {
    guard a.count > 1 else { return }
    for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, below(i + 1)) }
  }
}

@inline(__always) private func _log(_ x: Double) -> Double {
  #if canImport(Glibc)
  return Glibc.log(x)
  #else
  return Darwin.log(x)
  #endif
}
@inline(__always) private func _cos(_ x: Double) -> Double {
  #if canImport(Glibc)
  return Glibc.cos(x)
  #else
  return Darwin.cos(x)
  #endif
}
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
