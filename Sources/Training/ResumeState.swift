// What `--resume` restores beside the model and optimizer: the step, the data cursor, the RNG and
// the running totals. Saved as JSON in `state/step-N/resume.json`.
import JSON
import Seeded

public struct ResumeState: Codable, Sendable, Equatable {
  /// Optimizer steps finished.
  public var step: Int
  /// Epoch and step within the epoch of the next batch.
  public var epoch: Int
  public var stepInEpoch: Int
  /// The run's generator (sampling for periodic evaluation, shuffling streams are derived from the seed).
  public var rng: SeededRNG
  public var tokensSeen: Int
  /// Hash of the resolved config: a resume under a changed config is refused.
  public var configHash: String

  public init(step: Int, epoch: Int, stepInEpoch: Int, rng: SeededRNG, tokensSeen: Int, configHash: String) {
    self.step = step; self.epoch = epoch; self.stepInEpoch = stepInEpoch; self.rng = rng
    self.tokensSeen = tokensSeen; self.configHash = configHash
  }

  public static let fileName = "resume.json"

  // The RNG words are written as hex strings: JSON numbers above 2^63 would come back as doubles.
  enum CodingKeys: String, CodingKey { case step, epoch, stepInEpoch, rng, tokensSeen, configHash }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    step = try c.decode(Int.self, forKey: .step)
    epoch = try c.decode(Int.self, forKey: .epoch)
    stepInEpoch = try c.decode(Int.self, forKey: .stepInEpoch)
    let words = try c.decode([String].self, forKey: .rng)
    let parsed = words.compactMap { UInt64($0, radix: 16) }
    guard parsed.count == 4 else {
      throw DecodingError.dataCorruptedError(forKey: .rng, in: c, debugDescription: "expected 4 hex words, got \(words)")
    }
    rng = SeededRNG(seed: 0)
    rng.state = parsed
    tokensSeen = try c.decode(Int.self, forKey: .tokensSeen)
    configHash = try c.decode(String.self, forKey: .configHash)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(step, forKey: .step)
    try c.encode(epoch, forKey: .epoch)
    try c.encode(stepInEpoch, forKey: .stepInEpoch)
    try c.encode(rng.state.map { String($0, radix: 16) }, forKey: .rng)
    try c.encode(tokensSeen, forKey: .tokensSeen)
    try c.encode(configHash, forKey: .configHash)
  }

  public func write(into dir: String) throws {
    try FS.makeDirectories(dir)
    try JSON(encoding: self).write(file: dir + "/" + ResumeState.fileName)
  }

  public static func read(from dir: String) throws -> ResumeState {
    let path = dir + "/" + fileName
    return try JSON.read(file: path).decode(ResumeState.self, source: path)
  }
}

/// FNV-1a 64 of a string, hex: a cheap, stable fingerprint (configs, data files).
public func fnv1a64(_ s: String) -> String { FNV1a64.hash(s.utf8).hex }

/// FNV-1a 64 of a file's bytes.
public func fnv1a64(fileAt path: String) throws -> String { FNV1a64.hash(try FileBytes(path: path).bytes).hex }
