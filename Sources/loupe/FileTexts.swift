import Foundation
import Loupe

/// The hits' files read again from the indexed folder, each once: its body for the snippets, its
/// first line for the title of a file that declares none.
final class FileTexts: @unchecked Sendable {
    var source: String?
    private var read: [String: ExtractedText?] = [:]
    private let lock = NSLock()

    func text(of path: String) -> ExtractedText? {
        guard let source else { return nil }
        lock.lock()
        defer { lock.unlock() }
        if let hit = read[path] { return hit }
        let text = DirectoryIndexer.extractedText(source: source, path: path)
        read[path] = .some(text)
        return text
    }
}
