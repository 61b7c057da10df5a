import Foundation

/// One merge running on a thread of its own, so the commit that chose it does not wait for it: the
/// segments it started from (committed ones, whose files stay until a commit drops them) and, once
/// it is done, the merged segment with each source's old → new doc ids (-1: dropped), which the
/// writer needs to carry over deletions made while it ran. The merge opens its own readers and holds
/// the doc maps, the norms and the postings of one term at a time (`SegmentMerger`), so its memory is
/// bounded by the segments' document count, not their terms.
///
/// `@unchecked Sendable`: `outcome` is written once, by the merge's thread, before `group` is left,
/// and read only after `group` is waited on (which orders the two); everything else is immutable.
final class BackgroundMerge: @unchecked Sendable {
    typealias Outcome = (segment: Manifest.Segment, docMaps: [[Int32]])

    /// The segments merged, as they were when the merge started.
    let members: [Manifest.Segment]
    /// The merged segment's name; its files are being written while the merge runs.
    let name: String
    private let group = DispatchGroup()
    private var outcome: Result<Outcome, Error>?

    init(members: [Manifest.Segment], name: String, id: [UInt8], schema: Schema, directory: any Directory) {
        self.members = members
        self.name = name
        group.enter()
        DispatchQueue.global(qos: .utility).async { [self] in
            outcome = Result {
                let sources = try members.map { m in
                    let r = try SegmentReader(directory: directory, info: m, schema: schema)
                    return SegmentMerger.Source(reader: r, deleted: r.deleted)
                }
                try SegmentMerger.verify(sources)
                return try SegmentMerger.merge(sources, name: name, id: id, schema: schema, to: directory)
            }
            group.leave()
        }
    }

    /// Whether the merge has finished (successfully or not).
    var isDone: Bool { group.wait(timeout: .now()) == .success }

    /// Waits for the merge, then returns its result or throws its error.
    func result() throws -> Outcome {
        group.wait()
        return try outcome!.get()
    }

    /// Waits for the merge, ignoring its outcome (a writer going away).
    func waitQuietly() { group.wait() }

    /// The files the merge reads or writes: none of them may be removed while it runs.
    var files: Set<String> {
        Set(members.flatMap(\.files) + SegmentWriter.allExtensions.map { name + "." + $0 })
    }
}
