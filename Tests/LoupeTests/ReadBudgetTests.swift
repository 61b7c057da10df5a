import Foundation
import Testing
@_spi(Benchmarks) @testable import LoupeCore
@_spi(Benchmarks) @testable import LoupeFiles

/// `--memory` (the indexer's `flushThresholdBytes`) also bounds the files the indexing threads hold.
@Suite struct ReadBudgetTests {
    /// What the threads hold at once, as they report it.
    final class Held: @unchecked Sendable {
        private let lock = NSLock()
        private var now = 0
        private(set) var peak = 0
        private(set) var peakWithBig = 0
        func add(_ n: Int, big: Bool) {
            lock.lock()
            now += n
            if big { peakWithBig = max(peakWithBig, now) } else { peak = max(peak, now) }
            lock.unlock()
        }
        func remove(_ n: Int) { lock.lock(); now -= n; lock.unlock() }
    }

    @Test func theThreadsNeverHoldMoreThanTheBudgetAndABigFileIsReadAlone() {
        let budget = ReadBudget(limit: 100)
        let held = Held()
        var random = SplitMix64(seed: 42)
        let sizes = (0..<200).map { i in i % 50 == 7 ? 250 : 1 + random.below(60) }
        DispatchQueue.concurrentPerform(iterations: 4) { t in
            for i in stride(from: t, to: sizes.count, by: 4) {
                let n = sizes[i]
                budget.acquire(n)
                held.add(n, big: n > 100)
                usleep(50)
                held.remove(n)
                budget.release(n)
            }
        }
        #expect(held.peak <= 100, "\(held.peak)")
        #expect(held.peakWithBig == 250, "a file over the budget is held alone: \(held.peakWithBig)")
    }
}
