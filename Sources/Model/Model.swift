// Model module: the Qwen2 decoder (mlx-lm models/qwen2.py shape: one model keyed by HF names, strict
// loading), HF checkpoints, training forward/backward, KV-cache generation.
//
// Public API at a glance (N = B*T tokens, V vocabulary):
//   Checkpoints
//     let bundle = try ModelBundle.load(directory: dir, dtype: nil)   // model + tokenizer (if files exist)
//     let model = try Qwen2Model.load(directory: dir, dtype: .bf16)    // or Qwen2Model(config:dtype:) + randomInit(seed:)
//     try model.save(directory: out, dtype: .bf16, tokenizerDirectory: src, extraFiles: ["warmrl.json": json])
//   Training (SFT / GRPO)
//     let batch = TokenBatch.padded(seqs) | TokenBatch.packed(seqs, T: 1024).0   // segments keep sequences apart
//     let r = model.forward(batch, targets: targets, entropy: false)   // r.logprobs (N): log p(target), 0 where target < 0
//     model.backward(dlogprobs: d, dentropy: nil)                     // d = dLoss/dlogprob per token; grads accumulate
//     (the weighted cross-entropy of SFT is Training's, on Qwen2Trainable: one copy for every stage)
//     let opt = Qwen2Optimizer(model: model, hyper: AdamWHyper(lr: 1e-5, weightDecay: 0.01))
//     opt.clipGradients(maxNorm: 1); opt.update(lr: lr)                // fp32 masters for 16-bit weights; zeroes grads
//     try opt.save(to: path) / try opt.load(from: path)                // exact resume
//   Inference
//     Generator(model:decode:).generate(prompts:params:seeds:maxNewTokens:) -> [GenerationResult]
//     model.completionLogprobs(prompts:completions:) -> [[Float]]      // teacher forcing, batched
//     model.logits(batch) -> [Float] (N, V)
// A Qwen2Model is not thread-safe (it keeps activations for backward): one per thread.
