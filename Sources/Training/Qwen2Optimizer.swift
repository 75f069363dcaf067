// AdamW over a Qwen2Model's parameters with fp32 master weights (Kernels.AdamW): for a bf16 model the
// working bf16 weights are rewritten from the masters after every update; for an fp32 model the
// masters are the weights themselves. Saves and restores everything a bitwise-exact resume needs
// (masters, moments, step) as `optimizer.safetensors` + `optimizer.json`. Shared by warmup and RLVR.
import JSON
import Kernels
import Model

public final class Qwen2Optimizer {
  public let model: Qwen2Model
  public var hyper: AdamWHyper
  /// Updates done (AdamW's t).
  public private(set) var t = 0
  /// Per parameter: fp32 master (nil when the weight itself is fp32), first and second moments.
  private var masters: [Tensor?]
  private var m: [Tensor], v: [Tensor]

  public init(model: Qwen2Model, optim: OptimConfig) {
    self.model = model
    hyper = AdamWHyper(lr: Float(optim.schedule.peak), beta1: Float(optim.beta1), beta2: Float(optim.beta2),
                       eps: Float(optim.eps), weightDecay: Float(optim.weightDecay))
    model.allocateGradients()
    masters = model.parameters.map { p in
      guard p.dtype != .f32 else { return nil }
      let t = Tensor(zeros: p.shape, dtype: .f32)
      p.copyFloats(into: t.floats)
      return t
    }
    m = model.parameters.map { Tensor(zeros: $0.shape, dtype: .f32) }
    v = model.parameters.map { Tensor(zeros: $0.shape, dtype: .f32) }
  }

  /// Global L2 norm of the gradients.
  public func gradientNorm() -> Double {
    GradClip.globalNorm(model.parameters.map { (UnsafePointer($0.grad!.floats), $0.count) })
  }

  /// One AdamW update at `lr`; gradients are multiplied by `gradScale` first (clipping).
  public func step(lr: Double, gradScale: Float) {
    t += 1
    var h = hyper
    h.lr = Float(lr)
    for (i, p) in model.parameters.enumerated() {
      if let master = masters[i] {
        AdamW.step(master: master.floats, working: p.value.halves, workingDType: p.dtype, grad: p.grad!.floats,
                   m: m[i].floats, v: v[i].floats, count: p.count, t: t, hyper: h, gradScale: gradScale)
      } else {
        AdamW.step(master: p.value.floats, working: nil, grad: p.grad!.floats,
                   m: m[i].floats, v: v[i].floats, count: p.count, t: t, hyper: h, gradScale: gradScale)
      }
    }
  }

  /// fp32 values of every parameter (the masters), for checks.
  public func parameterValues() -> [(name: String, values: [Float])] {
    model.parameters.enumerated().map { i, p in
      (p.name, masters[i].map { $0.toArray() } ?? p.floats())
    }
  }

  public func save(to dir: String) throws {
    var out: [SafetensorsOutput] = []
    for (i, p) in model.parameters.enumerated() {
      let src = masters[i]?.floats ?? p.value.floats
      let mi = m[i], vi = v[i], n = p.count
      out.append(SafetensorsOutput(name: "master." + p.name, shape: p.shape, dtype: .f32) { $0.update(from: src, count: n) })
      out.append(SafetensorsOutput(name: "m." + p.name, shape: p.shape, dtype: .f32) { $0.update(from: mi.floats, count: n) })
      out.append(SafetensorsOutput(name: "v." + p.name, shape: p.shape, dtype: .f32) { $0.update(from: vi.floats, count: n) })
    }
    try SafetensorsWriter.write(out, to: dir + "/optimizer.safetensors")
    try JSON.object(JSONObject(pairs: [("t", .int(t)), ("parameters", .int(model.parameters.count))]))
      .write(file: dir + "/optimizer.json")
  }

  /// Restores masters (and the working weights from them), moments and step; every tensor must be there.
  public func load(from dir: String) throws {
    let meta = dir + "/optimizer.json"
    guard let tt = try JSON.read(file: meta)["t"]?.int else {
      throw TrainingError.cannotResume("\(meta): missing integer 't'")
    }
    let f = try SafetensorsFile(path: dir + "/optimizer.safetensors")
    for (i, p) in model.parameters.enumerated() {
      for (prefix, dst) in [("master.", masters[i] ?? p.value), ("m.", m[i]), ("v.", v[i])] {
        let vals = try f.floats(prefix + p.name)
        guard vals.count == p.count else {
          throw TrainingError.cannotResume("\(f.path): tensor \(prefix + p.name) has \(vals.count) values, expected \(p.count)")
        }
        if dst.dtype == .f32 { vals.withUnsafeBufferPointer { dst.floats.update(from: $0.baseAddress!, count: p.count) } }
      }
      if masters[i] != nil { p.setFloats(masters[i]!.floats) }
    }
    t = tt
  }
}
