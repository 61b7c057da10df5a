import Dispatch
import Foundation

/// SIGINT and SIGTERM during a long command: the first one asks the work to stop at its next safe
/// point (the indexer polls `isRequested` between files); a second one exits at once. The signals
/// are taken off their default action and delivered to a dispatch queue, so nothing runs in a
/// signal handler.
final class Interruption: @unchecked Sendable { // its state is read and written under `lock` only
    private let lock = NSLock()
    private var received: Int32 = 0
    private var sources: [DispatchSourceSignal] = []
    private var onFirst: (@Sendable () -> Void)?

    /// Starts catching SIGINT and SIGTERM; `onFirst` runs (on a dispatch queue) at the first one.
    init(onFirst: (@Sendable () -> Void)? = nil) {
        self.onFirst = onFirst
        let queue = DispatchQueue(label: "loupe.signals")
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [weak self] in self?.receive(sig) }
            source.resume()
            sources.append(source)
        }
    }

    private func receive(_ sig: Int32) {
        lock.lock()
        let first = received == 0
        if first { received = sig }
        let callback = onFirst
        lock.unlock()
        if !first { _exit(128 + sig) } // a second signal: the user insists; the next run cleans up
        callback?()
    }

    /// Whether a signal came.
    var isRequested: Bool { lock.lock(); defer { lock.unlock() }; return received != 0 }

    /// The exit status that reports the signal (130 for SIGINT, 143 for SIGTERM), as shells do.
    var exitStatus: Int32 { lock.lock(); defer { lock.unlock() }; return 128 + received }
}
