// AdamW over a model's parameters with fp32 master weights: fp32 parameters are their own master;
// bf16/f16 parameters get an fp32 master here and their stored value is re-rounded after each step.
// The math is Kernels.AdamW (decoupled weight decay, bias-corrected moments).
import Kernels

public final class Qwen2Optimizer {
  public let model: Qwen2Model
  public var hyper: AdamWHyper
  /// Steps taken (AdamW's t).
  public private(set) var step = 0
  let m: [AlignedBuffer]
  let v: [AlignedBuffer]
  /// fp32 masters of 16-bit parameters (nil for fp32 ones).
  let masters: [AlignedBuffer?]
  /// Parameters excluded from weight decay (biases and norm weights, as is usual).
  let noDecay: [Bool]

  public init(model: Qwen2Model, hyper: AdamWHyper) {
    self.model = model
    self.hyper = hyper
    model.allocateGradients()
    m = model.parameters.map { AlignedBuffer(byteCount: $0.count * 4) }
    v = model.parameters.map { AlignedBuffer(byteCount: $0.count * 4) }
    masters = model.parameters.map { p in
      guard p.dtype != .f32 else { return nil }
      let b = AlignedBuffer(byteCount: p.count * 4)
      p.copyFloats(into: b.floats(p.count))
      return b
    }
    noDecay = model.parameters.map { $0.shape.count == 1 }
  }

  /// Scales gradients so their global L2 norm is at most `maxNorm`; returns the norm before clipping.
  @discardableResult
  public func clipGradients(maxNorm: Float) -> Float {
    GradClip.clip(model.parameters.map { ($0.grad!.floats, $0.count) }, maxNorm: maxNorm)
  }

  /// One AdamW update from the accumulated gradients (then zeroes them).
  public func update(lr: Float? = nil) {
    step += 1
    var h = hyper
    if let lr { h.lr = lr }
    for (i, p) in model.parameters.enumerated() {
      var hp = h
      if noDecay[i] { hp.weightDecay = 0 }
      let master = masters[i]?.floats(p.count) ?? p.value.floats
      AdamW.step(master: master, working: masters[i] == nil ? nil : p.value.halves, workingDType: p.dtype,
                 grad: p.grad!.floats, m: m[i].floats(p.count), v: v[i].floats(p.count), count: p.count,
                 t: step, hyper: hp)
    }
    model.zeroGradients()
  }

  /// Optimizer state as named fp32 tensors ("m/NAME", "v/NAME", "master/NAME") for resume; restoring
  /// it also restores every parameter value exactly.
  public func stateTensors() -> [SafetensorsOutput] {
    var out: [SafetensorsOutput] = []
    for (i, p) in model.parameters.enumerated() {
      let n = p.count
      out.append(SafetensorsOutput(name: "m/" + p.name, shape: p.shape, dtype: .f32) { $0.update(from: self.m[i].floats(n), count: n) })
      out.append(SafetensorsOutput(name: "v/" + p.name, shape: p.shape, dtype: .f32) { $0.update(from: self.v[i].floats(n), count: n) })
      // Every parameter's fp32 value, so a resume is exact even from a bf16 checkpoint.
      let src = masters[i]?.floats(n) ?? p.value.floats
      out.append(SafetensorsOutput(name: "master/" + p.name, shape: p.shape, dtype: .f32) { $0.update(from: src, count: n) })
    }
    return out
  }

  /// Writes the state (tensors + step) to `path` (a safetensors file; step in its metadata).
  public func save(to path: String) throws {
    try SafetensorsWriter.write(stateTensors(), to: path, metadata: ["step": String(step)])
  }

  /// Restores a state written by `save` for the same model shape.
  public func load(from path: String) throws {
    let f = try SafetensorsFile(path: path)
    guard let s = f.metadata["step"], let t = Int(s) else {
      throw ModelError(.badHeader, file: path, item: "__metadata__.step", "missing optimizer step")
    }
    for (i, p) in model.parameters.enumerated() {
      let master = masters[i]?.floats(p.count) ?? p.value.floats
      for (prefix, dst) in [("m/", m[i].floats(p.count)), ("v/", v[i].floats(p.count)), ("master/", master)] {
        let name = prefix + p.name
        guard let e = f.entries[name], e.shape == p.shape, e.dtype == .f32 else {
          throw ModelError(.missingTensor, file: path, item: name, "expected an F32 tensor of shape \(p.shape)")
        }
        SafetensorsFile.convert(dst, from: f.data(name)!, dtype: .f32, count: p.count)
      }
      if masters[i] != nil { p.setFloats(master) }
    }
    step = t
  }
}
