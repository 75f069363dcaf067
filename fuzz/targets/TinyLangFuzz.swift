// libFuzzer target: the TinyLang lexer, parser and interpreter. Any source parses or throws a
// syntax error; every function of a program that parses runs under small limits with ints and
// lists as arguments, and ends with a value or a TinyLangError.
import Puzzles

let argSets: [[TLValue]] = [[], [.int(3)], [.int(-7), .int(2)], [.list(TLList([.int(1), .int(9223372036854775807), .bool(true)]))],
                            [.int(Int.max), .int(Int.min), .none]]

func copy(_ v: TLValue) -> TLValue {
  if case .list(let l) = v { return .list(TLList(l.items.map(copy))) }
  return v
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTinyLang(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let source = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
  guard let program = try? TinyLangProgram(source: source) else { return 0 }
  for name in program.functionNames.prefix(4) {
    for args in argSets {
      // Fresh argument lists per call: releaseLists() empties the ones a call received.
      let vm = TinyLangInterpreter(program: program, limits: TinyLangLimits(steps: 20_000, cells: 20_000, depth: 30))
      if let v = try? vm.call(name, args.map(copy)) { _ = v.description }
      vm.releaseLists()  // frees the cycles a program built; leak detection checks the rest
    }
  }
  return 0
}
