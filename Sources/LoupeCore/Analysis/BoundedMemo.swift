/// Values remembered by byte key, forgotten all at once when `limit` are held: the analysis caches
/// (a word's entry, a term's folding, the entries shared between threads). Keys live in a
/// `TermTable` (no `String` hashed: a `String` key hashes its NFC form, a normalization per lookup
/// of a non-ASCII word). Not thread-safe.
struct BoundedMemo<Value> {
    private var ids = TermTable()
    private var values: [Value] = []

    /// The value stored under `key`, or nil.
    func value(_ key: UnsafeRawBufferPointer) -> Value? { ids.find(key).map { values[Int($0)] } }

    /// The value stored under `key`, or `make()`'s, stored (after forgetting everything, when
    /// `limit` values are held). `make` runs inside this call: it must not use the same memo.
    mutating func value(_ key: UnsafeRawBufferPointer, limit: Int, orMake make: () -> Value) -> Value {
        forgetIfFull(limit)
        let (id, isNew) = ids.id(of: key)
        if !isNew { return values[Int(id)] }
        let v = make()
        values.append(v)
        return v
    }

    /// Stores `value` under `key` unless a value is there (after forgetting everything, when `limit`
    /// values are held).
    mutating func add(_ key: UnsafeRawBufferPointer, _ value: Value, limit: Int) {
        forgetIfFull(limit)
        if ids.id(of: key).isNew { values.append(value) }
    }

    private mutating func forgetIfFull(_ limit: Int) {
        guard values.count >= limit else { return }
        ids = TermTable()
        values.removeAll(keepingCapacity: true)
    }
}
