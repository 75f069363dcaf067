import Testing
@testable import Kernels

@Test func alignedBufferIs64ByteAligned() {
  for n in [1, 3, 64, 1000] {
    let b = AlignedBuffer(byteCount: n)
    #expect(Int(bitPattern: b.raw) % 64 == 0)
    #expect(UnsafeBufferPointer(start: b.raw.assumingMemoryBound(to: UInt8.self), count: n).allSatisfy { $0 == 0 })
  }
}

@Test func tensorViewsShareStorageWithoutCopy() {
  let t = Tensor((0..<24).map(Float.init), shape: [2, 3, 4])
  let row = t[1]
  #expect(row.shape == [3, 4])
  #expect(row.storage === t.storage)
  #expect(row.floats == t.floats + 12)
  let mid = t.reshaped([6, 4]).rows(2..<5)
  #expect(mid.shape == [3, 4])
  #expect(mid.toArray() == (8..<20).map(Float.init))
  mid.floats[0] = -1  // a write through the view is seen by the parent
  #expect(t.floats[8] == -1)
}

@Test func tensorConvertsBetweenDtypes() {
  let v: [Float] = [1, -2.5, 3.140625, 1e-3, 65504]
  let h = Tensor(v, shape: [5], dtype: .f16)
  let b = Tensor(v, shape: [5], dtype: .bf16)
  #expect(h.byteCount == 10 && b.byteCount == 10)
  for (i, x) in h.toArray().enumerated() { #expect(x == Half.f16ToFloat(Half.floatToF16(v[i]))) }
  for (i, x) in b.converted(to: .f16).toArray().enumerated() {
    #expect(x == Half.f16ToFloat(Half.floatToF16(Half.bf16ToFloat(Half.floatToBF16(v[i])))))
  }
}
