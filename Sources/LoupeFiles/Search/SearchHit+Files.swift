import LoupeCore

/// A hit's fields of the files schema (`Schema.files`).
extension SearchHit {
    /// The file's path under the indexed folder (`archive.mbox#3` for a message of a mail archive).
    package var path: String? { self[field: "path"] }
    /// The title the file declares (a PDF's or an office file's metadata, a page's `<title>`, a
    /// man page's name), nil when it declares none.
    package var title: String? { self[field: "title"] }
}
