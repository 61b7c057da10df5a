#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists the regular files under a folder, recursively, in a stable (sorted) order. Hidden entries
/// (names starting with '.') are skipped, symbolic links are not followed (so no loops), and folders
/// that cannot be read, and names that are not valid UTF-8, are reported as warnings, not errors.
/// - Complexity: one `readdir` pass per folder; `lstat` only where the file system gives no type.
public struct DirectoryWalker {
    public let root: String

    public init(root: String) { self.root = root }

    /// Relative paths of the files, and the warnings met on the way.
    public func files() throws -> (paths: [String], warnings: [String]) {
        var st = stat()
        guard stat(root, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw LoupeError.io(path: root, reason: "no such directory")
        }
        var paths: [String] = []
        var warnings: [String] = []
        var stack = [""]
        while let rel = stack.popLast() {
            let abs = rel.isEmpty ? root : root + "/" + rel
            guard let dir = opendir(abs) else {
                warnings.append("\(abs): cannot read directory (\(String(cString: strerror(errno)))), skipped")
                continue
            }
            while let entry = readdir(dir) {
                let decoded = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { (String(validatingCString: $0), String(cString: $0)) }
                }
                guard let name = decoded.0 else {
                    warnings.append("\(abs)/\(decoded.1): file name is not valid UTF-8, skipped")
                    continue
                }
                if name.hasPrefix(".") { continue }
                let childRel = rel.isEmpty ? name : rel + "/" + name
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) {
                    var cst = stat()
                    guard lstat(root + "/" + childRel, &cst) == 0 else {
                        warnings.append("\(root)/\(childRel): cannot stat, skipped")
                        continue
                    }
                    switch cst.st_mode & S_IFMT {
                    case S_IFDIR: type = Int32(DT_DIR)
                    case S_IFREG: type = Int32(DT_REG)
                    default: type = Int32(DT_LNK)
                    }
                }
                if type == Int32(DT_DIR) { stack.append(childRel) } else if type == Int32(DT_REG) { paths.append(childRel) }
            }
            closedir(dir)
        }
        paths.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return (paths, warnings)
    }
}
