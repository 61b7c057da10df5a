import Glibc

/// The one seam between the engine and where an index's files live: every file an index reads or
/// writes is listed, opened, created, renamed, synced, deleted and locked through a `Directory`, and
/// nothing above Store makes a system call on an index file. `FileSystemDirectory` is a folder on
/// disk; `MemoryDirectory` keeps the files in memory (tests, an index that is never saved).
///
/// Layer: Store depends on nothing above it.
///
/// The contract the commit protocol relies on (each implementation keeps it):
/// - `createFile` makes a new, empty file (replacing one of that name), never writing through a
///   symbolic link; what `FileSink.sync` returned from is durable.
/// - `rename` replaces its target atomically: a crash leaves the old or the new file, never a mix;
///   `sync` makes the renames and new names before it durable.
/// - `openFile` gives a read-only view of the file's bytes as they are at the open; the view stays
///   readable and unchanged after the file is deleted or replaced by a rename (an open reader keeps
///   its snapshot). A file is never written again in place once written: on disk, `createFile` on
///   the name of a mapped file would change what the view reads. Only a regular file is opened:
///   anything else is `LoupeError.corrupt` naming the file.
/// - `lock` gives one writer at a time the directory; a second is `LoupeError.locked`.
/// - Failures are `LoupeError`s naming the file (`.io` for the system's refusals), never traps.
package protocol Directory: Sendable {
    /// Where the directory is, as error messages name it: a folder's path, or `memory:<n>`.
    var path: String { get }
    /// Whether the directory itself is there.
    var exists: Bool { get }
    /// Makes the directory (and its parents) if missing.
    func create() throws
    /// The names in the directory, sorted (files and folders; no `.` or `..`).
    func list() throws -> [String]
    /// Whether there is an entry `name` (a symbolic link counts, even one that leads nowhere).
    func contains(_ name: String) -> Bool
    /// The size of the file `name` in bytes; 0 when it cannot be read.
    func size(of name: String) -> Int
    /// The file's modification time in seconds since 1970; 0 when it cannot be read.
    func modificationTime(of name: String) -> Double
    /// A read-only view of the bytes of the regular file `name`.
    func openFile(_ name: String) throws -> MappedFile
    /// Creates (or truncates) the file `name` for writing.
    func createFile(_ name: String) throws -> any FileSink
    /// Renames `from` to `to`, replacing `to` atomically. Either may name a file in a folder
    /// (`folder/name`) made with `makeFolder`.
    func rename(_ from: String, to: String) throws
    /// Removes the file `name`; a name already gone is not an error.
    func delete(_ name: String) throws
    /// Makes the folder `name` in the directory; false when something of that name is there.
    func makeFolder(_ name: String) throws -> Bool
    /// Makes the renames and new names so far durable (fsync of the folder on disk).
    func sync() throws
    /// Takes the writer's exclusive lock, held until the lock is released or freed.
    func lock() throws -> any DirectoryLock
}

/// The sequential writer of one new file (`Directory.createFile`). `FileOutput` buffers and
/// checksums in front of it.
package protocol FileSink: AnyObject {
    /// Appends all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Makes what was written durable.
    func sync() throws
    /// Closes the file; later calls do nothing. Freeing the sink closes it too.
    func close() throws
}

/// A directory's write lock (`Directory.lock`); released by `release()` or when freed.
package protocol DirectoryLock: AnyObject {
    func release()
}

extension Directory {
    /// The file `name` as error messages name it.
    package func file(_ name: String) -> String { path + "/" + name }

    /// Makes `temp` (already written and synced) visible as `name` atomically, then makes the rename
    /// durable: after this returns, a crash leaves either the old or the new `name`, never a mix.
    package func publish(_ temp: String, as name: String) throws {
        try rename(temp, to: name)
        try sync()
    }

    /// Moves the files `names` into a new folder `damaged-<UTC time>` of the directory (never
    /// deleting anything) and returns the folder's path.
    package func moveAside(_ names: [String]) throws -> String {
        var t = time(nil), parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let stamp = "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))-\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))"
        var folder = "damaged-" + stamp
        var n = 1
        while try !makeFolder(folder) {
            guard n < 1000 else { throw LoupeError.io(path: file(folder), reason: "mkdir: 1000 folders of that name are there") }
            n += 1
            folder = "damaged-\(stamp)-\(n)"
        }
        for name in names { try rename(name, to: folder + "/" + name) }
        try sync()
        return file(folder)
    }
}
