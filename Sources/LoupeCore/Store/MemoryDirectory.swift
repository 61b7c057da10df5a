import Foundation

/// An index's directory held in memory: files live as long as the directory does, nothing touches
/// the disk. What tests run the engine on, and an index an app builds and searches without saving:
/// `IndexWriter(directory:schema:)`, then `Searcher(directory:)`, `SharedSearcher(directory:)` or
/// `IndexReader(directory:)` on the same `MemoryDirectory`.
///
/// Keeps `Directory`'s contract: a file's bytes never change once stored (a write builds new bytes,
/// stored whole at the sink's `sync`), so a view `openFile` handed out stays valid and unchanged
/// whatever happens to the name later, as a mapped file does on disk. Names may hold one `/` for a
/// file in a folder made by `makeFolder`. Thread-safe.
///
/// `@unchecked Sendable`: `entries` and `locked` are read and written only under `mutex`; the
/// bytes they point to are immutable (`MemoryBytes`).
public final class MemoryDirectory: Directory, @unchecked Sendable {
    package let path: String
    private let mutex = NSLock()
    private var entries: [String: Entry] = [:]
    private var locked = false

    private enum Entry {
        case file(MemoryBytes, modified: Double)
        case folder
    }

    private static let counter = NSLock()
    /// Directories made so far, for their names; read and written only under `counter`.
    nonisolated(unsafe) private static var made = 0

    /// An empty directory, named `memory:<n>` in messages (`n` counts the directories made).
    public init() {
        let n = Self.counter.withLock { () -> Int in
            Self.made += 1
            return Self.made
        }
        path = "memory:\(n)"
    }

    package var exists: Bool { true }

    package func create() throws {}

    package func list() throws -> [String] {
        mutex.withLock { entries.keys.filter { !$0.contains("/") } }.sorted()
    }

    package func contains(_ name: String) -> Bool {
        mutex.withLock { entries[name] != nil }
    }

    package func size(of name: String) -> Int {
        mutex.withLock {
            guard case let .file(bytes, _) = entries[name] else { return 0 }
            return bytes.count
        }
    }

    package func modificationTime(of name: String) -> Double {
        mutex.withLock {
            guard case let .file(_, modified) = entries[name] else { return 0 }
            return modified
        }
    }

    package func openFile(_ name: String) throws -> MappedFile {
        let entry = mutex.withLock { entries[name] }
        switch entry {
        case let .file(bytes, _):
            return MappedFile(name: name, bytes: UnsafeRawBufferPointer(start: bytes.base, count: bytes.count), owner: bytes)
        case .folder:
            throw LoupeError.corrupt(file: name, reason: "is not a regular file (a FIFO, device, folder or socket)")
        case nil:
            throw LoupeError.io(path: file(name), reason: "open: No such file or directory")
        }
    }

    package func createFile(_ name: String) throws -> any FileSink {
        let empty = MemoryBytes([])
        try mutex.withLock {
            try checkParent(of: name)
            if case .folder = entries[name] { throw LoupeError.io(path: file(name), reason: "open: Is a directory") }
            entries[name] = .file(empty, modified: Date().timeIntervalSince1970)
        }
        return MemorySink(directory: self, name: name, stored: empty)
    }

    /// Stores `bytes` as the file `name` if the name still holds `previous` (the sink's file): a
    /// sink whose file was renamed, deleted or replaced since writes to a file no one can open.
    fileprivate func replace(_ name: String, _ previous: MemoryBytes, with bytes: MemoryBytes) {
        mutex.withLock {
            guard case let .file(current, _) = entries[name], current === previous else { return }
            entries[name] = .file(bytes, modified: Date().timeIntervalSince1970)
        }
    }

    /// Renames a file (a folder is not moved: the engine never renames one).
    package func rename(_ from: String, to: String) throws {
        try mutex.withLock {
            guard case .file = entries[from] else {
                throw LoupeError.io(path: file(to), reason: "rename \(file(from)) to: no such file")
            }
            let entry = entries[from]
            try checkParent(of: to)
            if case .folder = entries[to] { throw LoupeError.io(path: file(to), reason: "rename \(file(from)) to: Is a directory") }
            entries[from] = nil
            entries[to] = entry
        }
    }

    package func delete(_ name: String) throws {
        try mutex.withLock {
            if case .folder = entries[name] { throw LoupeError.io(path: file(name), reason: "unlink: Is a directory") }
            entries[name] = nil
        }
    }

    package func makeFolder(_ name: String) throws -> Bool {
        try mutex.withLock {
            guard entries[name] == nil else { return false }
            guard !name.contains("/") else { throw LoupeError.io(path: file(name), reason: "mkdir: only folders of the directory itself") }
            entries[name] = .folder
            return true
        }
    }

    /// Nothing to do: a rename is visible, and as durable as the directory, when it returns.
    package func sync() throws {}

    package func lock() throws -> any DirectoryLock {
        try mutex.withLock {
            if locked { throw LoupeError.locked(path: path, holder: "another writer of this process") }
            locked = true
        }
        return MemoryLock(directory: self)
    }

    fileprivate func unlock() {
        mutex.withLock { locked = false }
    }

    /// Throws unless `name` is in the directory itself or in one of its folders. Call under `mutex`.
    private func checkParent(of name: String) throws {
        guard let slash = name.firstIndex(of: "/") else { return }
        guard case .folder = entries[String(name[..<slash])], !name[name.index(after: slash)...].contains("/") else {
            throw LoupeError.io(path: file(name), reason: "open: No such file or directory")
        }
    }
}

/// The bytes of one memory file: allocated once, never changed, freed with the last view of them.
///
/// `@unchecked Sendable`: the memory is written only in `init` and read-only afterwards.
private final class MemoryBytes: @unchecked Sendable {
    let base: UnsafeMutableRawPointer?
    let count: Int

    init(_ bytes: [UInt8]) {
        count = bytes.count
        guard !bytes.isEmpty else {
            base = nil
            return
        }
        let p = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 16)
        bytes.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        base = p
    }

    deinit { base?.deallocate() }
}

/// A memory file being written: the bytes so far, stored in the directory at each `sync` (a file
/// never synced holds what its last `sync` stored, as a disk's does after a crash).
private final class MemorySink: FileSink {
    private let directory: MemoryDirectory
    private let name: String
    private var bytes: [UInt8] = []
    /// What the directory holds under `name` from this sink.
    private var stored: MemoryBytes
    private var closed = false

    init(directory: MemoryDirectory, name: String, stored: MemoryBytes) {
        self.directory = directory
        self.name = name
        self.stored = stored
    }

    func write(_ raw: UnsafeRawBufferPointer) throws {
        guard !closed else { throw LoupeError.io(path: directory.file(name), reason: "write: the file is closed") }
        bytes.append(contentsOf: raw)
    }

    func sync() throws {
        guard !closed else { throw LoupeError.io(path: directory.file(name), reason: "fsync: the file is closed") }
        let next = MemoryBytes(bytes)
        directory.replace(name, stored, with: next)
        stored = next
    }

    func close() throws { closed = true }
}

/// A memory directory's write lock, released when freed.
private final class MemoryLock: DirectoryLock {
    private var directory: MemoryDirectory?

    init(directory: MemoryDirectory) { self.directory = directory }

    func release() {
        directory?.unlock()
        directory = nil
    }

    deinit { release() }
}
