import Foundation

/// Lists the regular files under a folder, recursively, in a stable (sorted) order. Hidden entries
/// (names starting with '.') are skipped, symbolic links are not followed (no loops), and folders that
/// cannot be read are reported as warnings, not errors.
public struct DirectoryWalker {
    public let root: String

    public init(root: String) { self.root = root }

    /// Relative paths of the files, and the warnings met on the way.
    public func files() throws -> (paths: [String], warnings: [String]) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
            throw LoupeError.io(path: root, reason: "no such directory")
        }
        var paths: [String] = []
        var warnings: [String] = []
        var stack = [""]
        while let rel = stack.popLast() {
            let abs = rel.isEmpty ? root : root + "/" + rel
            let names: [String]
            do { names = try fm.contentsOfDirectory(atPath: abs) } catch {
                warnings.append("\(abs): cannot read directory, skipped")
                continue
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let childRel = rel.isEmpty ? name : rel + "/" + name
                let childAbs = root + "/" + childRel
                guard let attrs = try? fm.attributesOfItem(atPath: childAbs), let type = attrs[.type] as? FileAttributeType else {
                    warnings.append("\(childAbs): cannot stat, skipped")
                    continue
                }
                switch type {
                case .typeDirectory: stack.append(childRel)
                case .typeRegular: paths.append(childRel)
                default: break // symlinks, devices, sockets
                }
            }
        }
        paths.sort()
        return (paths, warnings)
    }
}
