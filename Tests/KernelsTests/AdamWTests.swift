import Testing
import Foundation
@testable import Kernels

/// PyTorch AdamW step in fp64 (decoupled decay, bias correction), the twin of AdamW.step.
private func naiveAdamW(_ p: inout [Double], _ m: inout [Double], _ v: inout [Double], _ g: [Double],
                        t: Int, lr: Double, b1: Double, b2: Double, eps: Double, wd: Double) {
  for i in 0..<p.count {
    p[i] *= 1 - lr * wd
    m[i] = b1 * m[i] + (1 - b1) * g[i]
    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
    let mh = m[i] / (1 - Foundation.pow(b1, Double(t))), vh = v[i] / (1 - Foundation.pow(b2, Double(t)))
    p[i] -= lr * mh / (vh.squareRoot() + eps)
  }
}

@Test(arguments: [1, 7, 33, 257])
func adamWMatchesTwinOverStepsAndWritesRoundedWorkingCopy(count: Int) {
  var rng = TestRNG(71)
  let hyper = AdamWHyper(lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1)
  var master = rng.floats(count), m = [Float](repeating: 0, count: count), v = m
  var working = [UInt16](repeating: 0, count: count)
  var pd = doubles(master), md = [Double](repeating: 0, count: count), vd = md
  for t in 1...5 {
    let g = rng.floats(count)
    AdamW.step(master: &master, working: &working, workingDType: .bf16, grad: g, m: &m, v: &v, count: count, t: t, hyper: hyper)
    naiveAdamW(&pd, &md, &vd, doubles(g), t: t, lr: 1e-2, b1: 0.9, b2: 0.95, eps: 1e-8, wd: 0.1)
  }
  // Five fp32 updates of size ~lr: abs 1e-6 + rel 1e-5 covers their rounding (~1e-7 each).
  expectClose(master, pd, abs: 1e-6, rel: 1e-5, "adamw master")
  expectClose(m, md, abs: 1e-6, rel: 1e-5, "adamw m")
  expectClose(v, vd, abs: 1e-6, rel: 1e-5, "adamw v")
  #expect(working == master.map(Half.floatToBF16))  // working copy = master rounded to nearest even
}

@Test func gradClipReturnsPreClipNormAndScalesAllBuffers() {
  var rng = TestRNG(72)
  var a = rng.floats(70_001), b = rng.floats(3)  // a spans two fixed-size chunks plus a tail
  let ref = (doubles(a) + doubles(b)).reduce(0) { $0 + $1 * $1 }.squareRoot()
  let a0 = a, b0 = b
  let norm = a.withUnsafeMutableBufferPointer { pa in
    b.withUnsafeMutableBufferPointer { pb in
      GradClip.clip([(pa.baseAddress!, pa.count), (pb.baseAddress!, pb.count)], maxNorm: 1)
    }
  }
  #expect(abs(Double(norm) - ref) <= 1e-5 * ref)  // fp32 squares summed in fp64 blocks: rel 1e-5
  let coef = 1 / (ref + 1e-6)
  expectClose(a, doubles(a0).map { $0 * coef }, abs: 1e-7, rel: 1e-5, "clipped a")
  expectClose(b, doubles(b0).map { $0 * coef }, abs: 1e-7, rel: 1e-5, "clipped b")
  // Below the threshold nothing changes.
  let clipped = b
  let n2 = b.withUnsafeMutableBufferPointer { GradClip.clip([($0.baseAddress!, 3)], maxNorm: 100) }
  #expect(n2 > 0 && b == clipped)
}

@Test func gradNormIsBitwiseIdenticalWithOneOrTwoThreads() {
  var rng = TestRNG(73)
  let g = rng.floats(300_000)
  let n1 = withThreads(1) { g.withUnsafeBufferPointer { GradClip.globalNorm([($0.baseAddress!, $0.count)]) } }
  let n2 = withThreads(2) { g.withUnsafeBufferPointer { GradClip.globalNorm([($0.baseAddress!, $0.count)]) } }
  #expect(n1.bitPattern == n2.bitPattern)
}

@Test func gradClipSingleBufferMatchesMultiBufferForm() {
  var rng = TestRNG(74)
  var a = rng.floats(140_000, scale: 0.01)
  var b = a
  let n1 = a.withUnsafeMutableBufferPointer { GradClip.clip($0.baseAddress!, count: $0.count, maxNorm: 0.5) }
  let n2 = b.withUnsafeMutableBufferPointer { GradClip.clip([($0.baseAddress!, $0.count)], maxNorm: 0.5) }
  #expect(n1.bitPattern == n2.bitPattern && n1 > 0.5)  // norm ~ 0.01 * sqrt(140000 / 3) ~ 2.2, so it clips
  #expect(bits(a) == bits(b))
}
