import Foundation

/// The machine-readable form of `evalsheet validate --format json`.
public enum ValidationReport {
    /// `extra`: what was found beyond scoring (characters without a glyph, a block taller than a page).
    public static func json(_ sheet: ScoredSheet, extra: [Diagnostic] = []) -> [String: Any] {
        var groups: [String: String] = [:]
        for group in sheet.form.indicators {
            groups[group.id] = ExactDecimal.format(sheet.indicatorTotals[group.id] ?? 0)
        }
        return [
            "file": sheet.evaluation.file,
            "form": sheet.form.id,
            "code": sheet.codeValue ?? "",
            "project": sheet.header("project"),
            "groups": groups,
            "subtotal": ExactDecimal.format(sheet.subtotal),
            "deductions": ExactDecimal.format(sheet.deductionTotal),
            "total": ExactDecimal.format(sheet.total),
            "grade": sheet.grade?.name.zh ?? "",
            "summary": sheet.summaryLine(),
            "valid": !sheet.hasErrors && !extra.contains { $0.severity == .error },
            "diagnostics": (sheet.diagnostics + extra).map(json)
        ]
    }

    public static func json(_ diagnostic: Diagnostic) -> [String: Any] {
        var entry: [String: Any] = [
            "severity": diagnostic.severity.rawValue, "file": diagnostic.file,
            "field": diagnostic.field, "message": diagnostic.message.description
        ]
        // Stable across versions and languages: what a script matches on rather than the words.
        if !diagnostic.message.code.isEmpty { entry["code"] = diagnostic.message.code }

        if let position = diagnostic.position {
            entry["line"] = position.line
            entry["column"] = position.column
        }
        return entry
    }
}
