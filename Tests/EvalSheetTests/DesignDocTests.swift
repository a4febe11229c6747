import Foundation
import XCTest

/// docs/design.md names only what exists: every type (`SheetRenderer`), member (`SheetLayout.helperShare`) or
/// target (`EvalSheetPreview`) it writes in backticks is declared in the sources or the package.
final class DesignDocTests: XCTestCase {
    func testEveryNameInTheDesignExists() throws {
        let text = try String(contentsOf: TestSupport.root.appendingPathComponent("docs/design.md"), encoding: .utf8)
        let names = Set(
            text.matches(of: #/`([A-Z][A-Za-z0-9]*(?:\.[a-zA-Z][A-Za-z0-9]*)?)`/#).map { String($0.output.1) })
        XCTAssertGreaterThan(names.count, 80, "the design names its parts")
        var sources = ""
        for folder in ["Sources", "Tests"] {
            let walker = FileManager.default.enumerator(
                at: TestSupport.root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = walker?.nextObject() as? URL {
                if url.pathExtension == "swift" { sources += try String(contentsOf: url, encoding: .utf8) + "\n" }
            }
        }
        let package = try String(contentsOf: TestSupport.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let foundation: Set<String> = ["Decimal"]
        // What the sources declare, by kind: types, and members (functions, properties, cases) of any type.
        var types = Set<String>(), members = Set<String>()
        for match in sources.matches(
            of: #/\b(struct|class|enum|protocol|typealias|actor|func|var|let|case)\s+([A-Za-z_][A-Za-z0-9_]*)/#)
        {
            let (kind, name) = (String(match.output.1), String(match.output.2))
            if ["func", "var", "let", "case"].contains(kind) { members.insert(name) } else { types.insert(name) }
        }
        func isTarget(_ name: String) -> Bool { package.contains("name: \"\(name)\"") }
        var missing: [String] = []
        for name in names.sorted() where !foundation.contains(name) {
            let parts = name.split(separator: ".").map(String.init)
            let found: Bool
            if parts.count == 1 {
                found = types.contains(parts[0]) || isTarget(parts[0])
            } else if isTarget(parts[0]) {
                found = types.contains(parts[1])
            } else {
                found = types.contains(parts[0]) && (types.contains(parts[1]) || members.contains(parts[1]))
            }
            if !found { missing.append(name) }
        }
        XCTAssertEqual(missing, [], "docs/design.md names what the code does not declare")
    }
}
