// swift-tools-version:6.0
// WarmRL: two-stage reasoning training (long-CoT warmup SFT, then GRPO/RLVR) for small Qwen2-family models on CPU.
import PackageDescription

// Numeric targets are always optimised, even in debug test builds: naive Swift loops run 10-100x
// slower at -Onone, and the kernels' correctness tests would otherwise dominate the suite's time.
// AVX2+FMA+F16C ("haswell" level; Zen 3 here) is the machine class this project targets (see README).
let numeric: [SwiftSetting] = [
  .unsafeFlags(["-Ounchecked"]),
  .unsafeFlags(["-target-cpu", "haswell"], .when(platforms: [.linux])),
]

let package = Package(
  name: "WarmRL",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "warmrl", targets: ["warmrl"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
    // System-library shims.
    .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                   providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CJSONC", path: "Sources/CJSONC", pkgConfig: "json-c",
                   providers: [.apt(["libjson-c-dev"])]),

    // Layers, bottom to top (each imports only what is below it).
    .target(name: "JSON", dependencies: ["CJSONC"], swiftSettings: [.unsafeFlags(["-O"])]),
    .target(name: "Seeded"),
    // AVX-512 kernels chosen at run time (Kernels falls back to its AVX2 Swift code): only the kernel
    // functions carry target("avx512f,...") attributes, so the target builds for any x86_64 or aarch64.
    .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),
    .target(name: "Kernels", dependencies: ["CBLAS", "CKernels", "Seeded"], swiftSettings: numeric),
    .target(name: "Tokenizer", dependencies: ["JSON"], swiftSettings: numeric),
    .target(name: "Model", dependencies: ["Kernels", "Tokenizer", "JSON", "Seeded"], swiftSettings: numeric),
    .target(name: "Puzzles", dependencies: ["JSON", "Seeded"]),
    .target(name: "Eval", dependencies: ["Model", "Puzzles", "JSON", "Seeded"]),
    .target(name: "Training", dependencies: ["Kernels", "Model", "Tokenizer", "Puzzles", "Eval", "JSON", "Seeded"]),
    // The stages, siblings on Training: pretraining builds the base model, warmup SFTs it, RLVR runs GRPO.
    .target(name: "Pretrain", dependencies: ["Training", "Kernels", "Model", "Tokenizer", "Puzzles", "JSON", "Seeded"]),
    .target(name: "Warmup", dependencies: ["Training", "Model", "Puzzles", "Eval", "JSON"]),
    .target(name: "RLVR", dependencies: ["Training", "Model", "Puzzles", "Eval", "JSON"]),
    .target(name: "Ablate", dependencies: ["Warmup", "RLVR", "Training", "Model", "Eval", "Puzzles", "JSON"]),
    // Benchmarks beside their peers (in-process baselines, PyTorch/TRL figures): a library so that the
    // CLI only parses arguments and a benchmark can be tested.
    .target(name: "Bench", dependencies: ["Kernels", "CBLAS", "Model", "Tokenizer", "Training", "RLVR", "JSON", "Seeded"]),
    .executableTarget(name: "warmrl", dependencies: [
      "JSON", "Seeded", "Kernels", "Tokenizer", "Model", "Puzzles", "Eval", "Training", "Pretrain", "Warmup", "RLVR", "Ablate", "Bench",
      .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ]),

    // Tests, one target per module, on one support target (fixture locator, temp folders, test doubles).
    .target(name: "TestSupport", dependencies: ["Training", "JSON", "Seeded"], path: "Tests/TestSupport"),
    .testTarget(name: "JSONTests", dependencies: ["JSON"]),
    .testTarget(name: "SeededTests", dependencies: ["Seeded"]),
    .testTarget(name: "KernelsTests", dependencies: ["Kernels"], swiftSettings: numeric),
    .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer", "JSON", "TestSupport"], exclude: ["Resources"]),
    .testTarget(name: "ModelTests", dependencies: ["Model", "Kernels", "Tokenizer", "JSON", "TestSupport"]),
    .testTarget(name: "PuzzlesTests", dependencies: ["Puzzles", "JSON", "TestSupport"]),
    .testTarget(name: "EvalTests", dependencies: ["Eval", "Model", "Puzzles", "JSON", "TestSupport"]),
    .testTarget(name: "TrainingTests", dependencies: ["Training", "Model", "JSON", "Seeded", "TestSupport"]),
    .testTarget(name: "PretrainTests", dependencies: ["Pretrain", "Training", "Puzzles", "JSON", "TestSupport"]),
    .testTarget(name: "WarmupTests", dependencies: ["Warmup", "Pretrain", "Training", "Model", "Puzzles", "JSON", "TestSupport"]),
    .testTarget(name: "CLITests", dependencies: [
      "warmrl", "Training", "Model", "JSON", "TestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ]),
    .testTarget(name: "RLVRTests", dependencies: ["RLVR", "Training", "Model", "Puzzles", "JSON", "TestSupport"]),
    .testTarget(name: "AblateTests", dependencies: ["Ablate", "Training", "Warmup", "JSON"]),
    .testTarget(name: "BenchTests", dependencies: ["Bench", "Model", "Training", "JSON"]),
  ]
)
