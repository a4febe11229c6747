import Foundation

/// The formats EvalSheet writes, declared once: `render --format`, `batch --formats`, the preview's links and
/// downloads and the summary's file columns all read this list, and `SheetRenderer.write` is the one place
/// that writes each. A new format is a case here and its backend there.
public enum OutputFormat: String, CaseIterable, Sendable {
    case pdf, html, png, docx, ofd

    public var fileExtension: String { rawValue }

    /// As links and column heads show it.
    public var label: String { rawValue.uppercased() }

    public var mimeType: String {
        switch self {
        case .pdf: return "application/pdf"
        case .html: return "text/html; charset=utf-8"
        case .png: return "image/png"
        case .docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .ofd: return "application/ofd"
        }
    }

    /// What it is for, as `--help` says it.
    public var purpose: String {
        switch self {
        case .pdf: return "pdf (to print)"
        case .html: return "html (one self-contained file)"
        case .png: return "png (one image per page)"
        case .docx: return "docx (editable in Word and WPS)"
        case .ofd: return "ofd (GB/T 33190, for archives)"
        }
    }

    /// Shown in the browser (PDF, PNG, HTML) rather than saved (DOCX, OFD).
    public var opensInBrowser: Bool { self == .pdf || self == .png || self == .html }

    /// One file per page (`NAME-1.png`, …) rather than one per sheet.
    public var isPerPage: Bool { self == .png }

    /// The formats a batch summary has a column and a link for: one file per sheet.
    public static var perSheet: [OutputFormat] { allCases.filter { !$0.isPerPage } }

    /// `pdf, html, png, docx, ofd`, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// A comma-separated list (`pdf,docx`), or the first word that is not a format.
    public static func list(_ text: String) -> Result<[OutputFormat], UnknownFormat> {
        var formats: [OutputFormat] = []
        for word in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !word.isEmpty {
            guard let format = OutputFormat(rawValue: word.lowercased()) else {
                return .failure(UnknownFormat(word: word))
            }
            if !formats.contains(format) { formats.append(format) }
        }
        return .success(formats)
    }

    public struct UnknownFormat: MessageError {
        public var word: String
        public var message: Message {
            Message(
                "unknown-format", en: "unknown format '\(word)' (\(OutputFormat.names))",
                zh: "未知的格式 '\(word)'（\(OutputFormat.names)）")
        }
    }
}
