/// Every error the engine reports. Messages name the file or input at fault and say what is wrong.
public enum LoupeError: Error, CustomStringConvertible, Sendable, Equatable {
    /// An index file failed a check: wrong magic, unknown version, bad checksum, truncated, bad offset.
    case corrupt(file: String, reason: String)
    /// No index (no manifest) at this path.
    case noIndex(path: String)
    /// The filesystem refused an operation.
    case io(path: String, reason: String)
    /// Another process holds the index's write lock.
    case locked(path: String, holder: String)
    /// A query that cannot be parsed; `column` is 1-based.
    case badQuery(message: String, column: Int)
    /// A caller error (unknown field, …).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .corrupt(file, reason): return "index file \(file) is damaged: \(reason)"
        case let .noIndex(path): return "no index at \(path)"
        case let .io(path, reason): return "\(path): \(reason)"
        case let .locked(path, holder): return "index \(path) is being written by another process (\(holder))"
        case let .badQuery(message, column): return "query error at column \(column): \(message)"
        case let .invalidArgument(m): return m
        }
    }
}
