import ArgumentParser
import Testing
@testable import warmrl

// The command tree as a user sees it: every stage and tool is reachable from `warmrl --help`,
// and bad arguments are refused by argument parsing with a message, before any work starts.
@Suite struct HelpTests {
  @Test func topLevelHelpListsEveryCommand() {
    let help = WarmRL.helpMessage(columns: 200)
    for name in ["puzzles", "traces", "tasks", "verify", "tokenizer", "model", "generate", "score", "eval",
                 "pretrain", "warmup", "rlvr", "bench"] {
      #expect(help.contains("\n  \(name) "), "warmrl --help does not list \(name)")
    }
  }

  @Test func everySubcommandHasAnAbstract() {
    for sub in WarmRL.configuration.subcommands {
      #expect(!sub.configuration.abstract.isEmpty, "\(sub) has no abstract")
    }
  }

  func refusal(_ args: [String]) -> String {
    do {
      _ = try WarmRL.parseAsRoot(args)
      return "<accepted>"
    } catch {
      return WarmRL.message(for: error)
    }
  }

  @Test func badEvalSettingsAreRefusedWithAMessage() {
    let samples = refusal(["eval", "--model", "m", "--domain", "kk", "--samples", "0"])
    #expect(samples.contains("--samples"), "got: \(samples)")
    let domain = refusal(["eval", "--model", "m", "--domain", "nope"])
    #expect(domain.contains("nope") && domain.contains("arith"), "got: \(domain)")  // lists the valid ones
    let temp = refusal(["eval", "--model", "m", "--domain", "kk", "--temperature", "-1"])
    #expect(temp.contains("temperature"), "got: \(temp)")
    #expect(refusal(["frobnicate"]) != "<accepted>")
  }

  @Test func drillsRefuseAnUnknownKindListingTheValidOnes() {
    let m = refusal(["tasks", "drills", "--kinds", "recite", "--out", "o.jsonl"])
    #expect(m.contains("recite") && m.contains("tries") && m.contains("judge"), "got: \(m)")
    #expect(refusal(["tasks", "drills", "--kinds", "tries", "judge", "--count", "3", "--out", "o.jsonl"]) == "<accepted>")
  }

  @Test func rlvrRefusesAnUnknownDomainListingTheValidOnes() {
    let m = refusal(["rlvr", "--config", "stages/rlvr.json", "--init", "models/base", "--domain", "poetry"])
    #expect(m.contains("poetry") && m.contains("kk") && m.contains("choice"), "got: \(m)")
  }
}
