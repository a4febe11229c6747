import EvalSheetModel

/// A document's properties, the same in every output (PDF info, DOCX core properties, OFD DocInfo).
public struct DocumentMetadata: Sendable, Equatable {
    public var title: String
    public var author: String
    public var subject: String
    public var keywords: String
    public var creator: String
    /// ISO 8601, used for both the creation and the modification date, so output is reproducible.
    public var date: String

    public init(title: String, author: String, subject: String, keywords: String, creator: String, date: String) {
        self.title = title; self.author = author; self.subject = subject; self.keywords = keywords
        self.creator = creator; self.date = date
    }
}

extension SheetText {
    /// Title `项目 — 表名`, the evaluating institution as author, the budget code as keyword, and the
    /// sign-off date (else the last day of the evaluated year) as the date.
    public func metadata(creator: String = "EvalSheet") -> DocumentMetadata {
        DocumentMetadata(
            title: "\(plain(compose { sheet.header("project", in: $0) })) — \(plain(title))",
            author: plain(
                compose {
                    if case let .text(value)? = sheet.signoff("institution", in: $0) { return value } else { return "" }
                }),
            subject: plain(title),
            keywords: sheet.codeValue ?? "",
            creator: creator,
            date: (sheet.signoffDate ?? SignOffDate(year: sheet.evaluation.year, month: 12, day: 31)).iso)
    }
}
