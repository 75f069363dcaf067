// The base-model stage config (`stages/base.json`): a synthetic short-answer corpus over every
// domain, a BPE tokenizer trained on it, and a small Qwen2-shaped model pretrained on it from scratch.
import Kernels
import Model
import Puzzles
import Training

public struct TokenizerTrainConfig: Codable, Sendable, Equatable {
  public var vocabSize: Int
  public var minFrequency: Int
  public init(vocabSize: Int = 4096, minFrequency: Int = 2) { self.vocabSize = vocabSize; self.minFrequency = minFrequency }
}

/// The Qwen2 shape of the embedded model: a `Qwen2Config` (its fields read through, e.g.
/// `arch.hiddenSize`) plus the init scale. The vocabulary and special ids are the trained
/// tokenizer's (`PretrainStage.qwen2Config`); the head width is hiddenSize / numAttentionHeads.
/// In the stage config the fields are flat (`arch.hiddenSize`...; HF names in the written config.json).
@dynamicMemberLookup
public struct ArchConfig: Codable, Sendable, Equatable {
  public var shape: Qwen2Config
  public var initStd: Double

  public init(hiddenSize: Int = 256, numHiddenLayers: Int = 4, numAttentionHeads: Int = 4, numKeyValueHeads: Int = 2,
              intermediateSize: Int = 768, maxPositionEmbeddings: Int = 1024, ropeTheta: Double = 10000,
              rmsNormEps: Double = 1e-6, tieWordEmbeddings: Bool = true, initStd: Double = 0.02) {
    shape = Qwen2Config(hiddenSize: hiddenSize, numHiddenLayers: numHiddenLayers, numAttentionHeads: numAttentionHeads,
                        numKeyValueHeads: numKeyValueHeads, intermediateSize: intermediateSize, vocabSize: 0,
                        ropeTheta: ropeTheta, rmsNormEps: rmsNormEps, tieWordEmbeddings: tieWordEmbeddings,
                        maxPositionEmbeddings: maxPositionEmbeddings)
    self.initStd = initStd
  }

  public subscript<T>(dynamicMember key: WritableKeyPath<Qwen2Config, T>) -> T {
    get { shape[keyPath: key] }
    set { shape[keyPath: key] = newValue }
  }

  // The stage config's keys (unchanged from when these were fields of their own), in this order.
  enum CodingKeys: String, CodingKey {
    case hiddenSize, numHiddenLayers, numAttentionHeads, numKeyValueHeads, intermediateSize, maxPositionEmbeddings
    case ropeTheta, rmsNormEps, tieWordEmbeddings, initStd
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(hiddenSize: try c.decode(Int.self, forKey: .hiddenSize), numHiddenLayers: try c.decode(Int.self, forKey: .numHiddenLayers),
              numAttentionHeads: try c.decode(Int.self, forKey: .numAttentionHeads),
              numKeyValueHeads: try c.decode(Int.self, forKey: .numKeyValueHeads),
              intermediateSize: try c.decode(Int.self, forKey: .intermediateSize),
              maxPositionEmbeddings: try c.decode(Int.self, forKey: .maxPositionEmbeddings),
              ropeTheta: try c.decode(Double.self, forKey: .ropeTheta), rmsNormEps: try c.decode(Double.self, forKey: .rmsNormEps),
              tieWordEmbeddings: try c.decode(Bool.self, forKey: .tieWordEmbeddings), initStd: try c.decode(Double.self, forKey: .initStd))
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(shape.hiddenSize, forKey: .hiddenSize)
    try c.encode(shape.numHiddenLayers, forKey: .numHiddenLayers)
    try c.encode(shape.numAttentionHeads, forKey: .numAttentionHeads)
    try c.encode(shape.numKeyValueHeads, forKey: .numKeyValueHeads)
    try c.encode(shape.intermediateSize, forKey: .intermediateSize)
    try c.encode(shape.maxPositionEmbeddings, forKey: .maxPositionEmbeddings)
    try c.encode(shape.ropeTheta, forKey: .ropeTheta)
    try c.encode(shape.rmsNormEps, forKey: .rmsNormEps)
    try c.encode(shape.tieWordEmbeddings, forKey: .tieWordEmbeddings)
    try c.encode(initStd, forKey: .initStd)
  }
}

public struct PretrainConfig: Codable, Sendable, Equatable {
  public var corpus: CorpusConfig
  public var tokenizer: TokenizerTrainConfig
  public var arch: ArchConfig
  public var train: BatchConfig
  public var optim: OptimConfig
  public var run: RunConfig
  /// Where the finished model (with its tokenizer) is written.
  public var output: String
  public var saveDType: Precision
  /// Examples held out for the held-out loss.
  public var heldOut: Int
  /// Arithmetic of the matrix products: "fp32", or "bf16" (operands rounded to bf16, fp32 accumulation;
  /// AVX512_BF16 CPUs only, fp32 with a notice elsewhere). Masters, AdamW, norms, softmax, loss: fp32.
  public var compute: ComputePrecision
  /// Continue from this model folder (HF layout: its weights and its tokenizer) instead of training a
  /// tokenizer and starting from random weights; `arch` must then equal the folder's shape. nil: from nothing.
  public var initFrom: String?

  public init(corpus: CorpusConfig = .init(), tokenizer: TokenizerTrainConfig = .init(), arch: ArchConfig = .init(),
              train: BatchConfig = BatchConfig(epochs: 1, batchSize: 32, microBatchTokens: 4096, maxLength: 1024, evalEvery: 100),
              optim: OptimConfig = OptimConfig(schedule: LRSchedule(kind: .cosine, peak: 2e-3, warmupSteps: 30, minRatio: 0.1),
                                               weightDecay: 0.01, beta2: 0.99, maxGradNorm: 1.0),
              run: RunConfig = RunConfig(name: "base", checkpointEvery: 100), output: String = "models/base",
              saveDType: Precision = .bf16, heldOut: Int = 200, compute: ComputePrecision = .fp32, initFrom: String? = nil) {
    self.corpus = corpus; self.tokenizer = tokenizer; self.arch = arch; self.train = train; self.optim = optim
    self.run = run; self.output = output; self.saveDType = saveDType; self.heldOut = heldOut; self.compute = compute
    self.initFrom = initFrom
  }

  enum CodingKeys: String, CodingKey { case corpus, tokenizer, arch, train, optim, run, output, saveDType, heldOut, compute, initFrom = "init" }

  /// `compute` may be absent (configs written before it existed): fp32.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    corpus = try c.decode(CorpusConfig.self, forKey: .corpus)
    tokenizer = try c.decode(TokenizerTrainConfig.self, forKey: .tokenizer)
    arch = try c.decode(ArchConfig.self, forKey: .arch)
    train = try c.decode(BatchConfig.self, forKey: .train)
    optim = try c.decode(OptimConfig.self, forKey: .optim)
    run = try c.decode(RunConfig.self, forKey: .run)
    output = try c.decode(String.self, forKey: .output)
    saveDType = try c.decode(Precision.self, forKey: .saveDType)
    heldOut = try c.decode(Int.self, forKey: .heldOut)
    compute = try c.decodeIfPresent(ComputePrecision.self, forKey: .compute) ?? .fp32
    initFrom = try c.decodeIfPresent(String.self, forKey: .initFrom)
  }

  /// `init`'s shape against `arch`: each differing field named with both values.
  public func checkInit(_ loaded: Qwen2Config) throws {
    guard let dir = initFrom else { return }
    let pairs: [(String, Int, Int)] = [
      ("hiddenSize", arch.hiddenSize, loaded.hiddenSize), ("numHiddenLayers", arch.numHiddenLayers, loaded.numHiddenLayers),
      ("numAttentionHeads", arch.numAttentionHeads, loaded.numAttentionHeads),
      ("numKeyValueHeads", arch.numKeyValueHeads, loaded.numKeyValueHeads),
      ("intermediateSize", arch.intermediateSize, loaded.intermediateSize),
      ("maxPositionEmbeddings", arch.maxPositionEmbeddings, loaded.maxPositionEmbeddings)]
    let diff = pairs.filter { $0.1 != $0.2 }.map { "arch.\($0.0) is \($0.1) but \(dir)/config.json has \($0.2)" }
    if !diff.isEmpty { throw TrainingError.badConfig("init \"\(dir)\": " + diff.joined(separator: "; ")) }
  }

  public func validate() throws {
    try train.validate(prefix: "train")
    try optim.validate()
    try run.validate()
    if arch.hiddenSize % arch.numAttentionHeads != 0 || arch.numAttentionHeads % arch.numKeyValueHeads != 0 {
      throw TrainingError.badConfig("arch: hiddenSize must divide by numAttentionHeads, and numAttentionHeads by numKeyValueHeads")
    }
    if train.maxLength > arch.maxPositionEmbeddings {
      throw TrainingError.badConfig("train.maxLength \(train.maxLength) exceeds arch.maxPositionEmbeddings \(arch.maxPositionEmbeddings)")
    }
    if tokenizer.vocabSize < 300 { throw TrainingError.badConfig("tokenizer.vocabSize must be >= 300 (256 bytes + specials + merges)") }
    if corpus.kkPeople.isEmpty || corpus.kkPeople.contains(where: { $0 < 2 }) {
      throw TrainingError.badConfig("corpus.kkPeople must list people counts >= 2")
    }
    try corpus.validate(prefix: "corpus")
  }
}
