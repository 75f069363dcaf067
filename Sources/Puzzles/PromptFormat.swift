// The one place that defines how a question becomes a prompt, for every domain.
//
// Convention on `<think>`: `.r1Base` ends the prompt with "Assistant: <think>", so the response the
// model writes (and every teacher trace's `response`) starts *after* it and does not repeat it;
// `.qwenChat` ends with the assistant header, so the response starts with "<think>" itself.
// `responsePrefix` says which, and `fullCompletion` re-attaches the prefilled tag before the format
// check, so `<think>` is counted exactly once either way.
import JSON

public enum PromptFormat: String, CaseIterable, Sendable, Codable {
  /// The Logic-RL / warmup-paper base prompt: R1 system text, then "User: ...\nAssistant: <think>".
  case r1Base
  /// Qwen's chat template with the same system text; the assistant turn is left open.
  case qwenChat

  public static var validNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

  /// The R1 system text: reasoning in <think> </think>, answer in <answer> </answer>. Domain
  /// specifics (how to write the answer) belong to the question text.
  public static let systemText = "The user asks a question, and the Assistant solves it. The assistant first thinks about the reasoning process in the mind and then provides the user with the answer. The reasoning process and answer are enclosed within <think> </think> and <answer> </answer> tags, respectively, i.e., <think> reasoning process here </think> <answer> answer here </answer>."

  /// The prompt for `question` (a domain's `question(record)`).
  public func render(question: String) -> String {
    switch self {
    case .r1Base:
      return Self.systemText + "\n\nUser: " + question + "\nAssistant: <think>"
    case .qwenChat:
      return "<|im_start|>system\n" + Self.systemText + "<|im_end|>\n<|im_start|>user\n" + question
        + "<|im_end|>\n<|im_start|>assistant\n"
    }
  }

  /// The text the prompt already holds of the response ("<think>" for `.r1Base`).
  public var responsePrefix: String {
    switch self {
    case .r1Base: return "<think>"
    case .qwenChat: return ""
    }
  }

  /// Whether the prompt already ends with `<think>`.
  public var prefillsThink: Bool { !responsePrefix.isEmpty }

  /// The completion as the format check sees it: the prefilled part plus what the model wrote.
  public func fullCompletion(_ completion: String) -> String { responsePrefix + completion }
}

/// The K&K answer-format instruction, worded as Logic-RL's base prompt gives it.
public enum KKInstruction {
  public static let text = "After thinking, when you finally reach a conclusion, clearly state the identity of each character within <answer> </answer> tags. List the identity of each person one by one, for example, <answer> (1) Zoey is a knight\n(2) Oliver is a knight\n(3)... </answer>."

  /// Logic-RL's `qwen-instruct` prompt exactly as stored in the public files' `prompt` field (its
  /// own system wording, the quiz as the user turn, and "<think>" prefilled): reproduced so our
  /// records match theirs field for field.
  public static func logicRLInstructPrompt(quiz: String) -> String {
    "<|im_start|>system\nYou are a helpful assistant. The assistant first thinks about the reasoning process in the mind and then provides the user with the answer. The reasoning process and answer are enclosed within <think> </think> and<answer> </answer> tags, respectively, i.e., <think> reasoning process here </think><answer> answer here </answer>.  Now the user asks you to solve a logical reasoning problem. After thinking, when you finally reach a conclusion, clearly state the identity of each character within <answer> </answer> tags. i.e., <answer> (1) Zoey is a knight\n(2) ... </answer>.\n<|im_end|>\n<|im_start|>user\n"
      + quiz + "\n<|im_end|>\n<|im_start|>assistant\n<think>"
  }
}

extension DomainSpec {
  /// The prompt of `record` in `format`.
  public func prompt(_ record: JSON, format: PromptFormat) throws -> String {
    format.render(question: try question(record))
  }

  /// `verify` for a completion generated after a prompt in `format`: the prefilled `<think>` (if
  /// any) is put back before the tag check, so a model that did not repeat it is not penalised.
  public func verify(_ record: JSON, completion: String, format: PromptFormat) throws -> Verdict {
    try verify(record, completion: format.fullCompletion(completion))
  }
}
