extension StoredFields {
    /// Reads the stored values of documents in increasing doc order, as a scan of a whole segment
    /// does (the incremental indexer's catalog): each block is decompressed once, with the
    /// scanner's own zstd context (no lock, no cache), and the key column is decoded entry after
    /// entry instead of from its group's start for every document.
    ///
    /// - Complexity: O(documents + stored bytes) for a whole scan; `forEachValue` of a document
    ///   before the last one asked for throws.
    package struct Scanner {
        let stored: StoredFields
        private let decompressor = ZstdDecompressor()
        private var block = -1, blockFirst = 0, nextBlockFirst = 0
        private var raw: [UInt8] = []
        /// The key column: the last document decoded, where the next entry starts, its value.
        private var keyDoc = -1, keyPosition: Int
        private var key: [UInt8] = [], keyPresent = false

        package init(_ stored: StoredFields) {
            self.stored = stored
            keyPosition = stored.columnStart
        }

        /// Calls `body(field, utf8Bytes)` for the wanted stored values of `doc` (the key first), as
        /// `StoredFields.forEachValue` does. The bytes must not escape `body`.
        package mutating func forEachValue(_ doc: Int32, fields: [Bool], _ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
            let d = Int(doc)
            guard d > keyDoc, d < stored.docCount else {
                throw LoupeError.invalidArgument("scanner: document \(doc) after \(keyDoc)")
            }
            if let k = stored.keyField {
                while keyDoc < d {
                    keyDoc += 1
                    if keyDoc % StoredFields.groupSize == 0 {
                        // A group's first entry shares nothing; its start is checked against the table.
                        let start = stored.columnStart + Int(try stored.file.u32(stored.groupsStart + 4 * (keyDoc / StoredFields.groupSize)))
                        guard start == keyPosition else {
                            throw LoupeError.corrupt(file: stored.file.name, reason: "key column group \(keyDoc / StoredFields.groupSize) starts at \(start), not \(keyPosition)")
                        }
                    }
                    keyPresent = try stored.nextKey(&keyPosition, &key)
                }
                if k < fields.count, fields[k], keyPresent { try key.withUnsafeBytes { try body(k, $0) } }
            } else {
                keyDoc = d
            }
            guard stored.blockCount > 0, fields.indices.contains(where: { fields[$0] && $0 != stored.keyField }) else { return }
            while block < 0 || d >= nextBlockFirst {
                block += 1
                guard block < stored.blockCount else {
                    throw LoupeError.corrupt(file: stored.file.name, reason: "no block holds document \(doc)")
                }
                blockFirst = try stored.firstDoc(ofBlock: block)
                nextBlockFirst = block + 1 < stored.blockCount ? try stored.firstDoc(ofBlock: block + 1) : stored.docCount
                if d < nextBlockFirst { raw = try stored.decompressBlock(block, with: decompressor) }
            }
            try StoredFields.withDocument(d - blockFirst, inBlock: raw, block, file: stored.file.name) { c in
                try StoredFields.forEachBlockValue(&c, fields: fields, body)
            }
        }
    }
}
