import Testing
@testable import Kernels

// OpenBLAS falls back to generic kernels on a CPU model it does not know (a 2-core Intel Xeon with
// AVX-512 here, 2026-12-06: "Prescott", 30 GFLOP/s against 215 with SkylakeX). The fix asks for the
// best core the CPU's features allow, and only when OpenBLAS chose a generic one.
@Test func betterCoreTypeOnlyReplacesGenericCores() {
  #expect(OpenBLASCore.betterCoreType(chosen: "Prescott", avx512: true, avx2: true) == "SkylakeX")
  #expect(OpenBLASCore.betterCoreType(chosen: "Prescott", avx512: false, avx2: true) == "Haswell")
  #expect(OpenBLASCore.betterCoreType(chosen: "Core2", avx512: false, avx2: false) == nil)  // nothing better to ask for
  for known in ["Haswell", "SkylakeX", "Zen", "Cooperlake", "SapphireRapids"] {
    #expect(OpenBLASCore.betterCoreType(chosen: known, avx512: true, avx2: true) == nil, "\(known) is not generic")
  }
  #expect(!OpenBLASCore.name.isEmpty)  // the library answers
}
