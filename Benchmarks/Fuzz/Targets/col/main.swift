// The `col` fuzz target: the fuzzer's bytes become the body of the index's col file.
import CFuzzDriver
import Foundation
import FuzzHarness

_ = Harness.setUp(format: .col)
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    Harness.run(UnsafeBufferPointer(start: data, count: size))
})
