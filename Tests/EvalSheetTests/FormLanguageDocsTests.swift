import EvalSheet
import Foundation
import XCTest

/// docs/forms.md documents every key the form loader accepts, and nothing else.
final class FormLanguageDocsTests: XCTestCase {
    /// The places docs/forms.md documents (each "### `place`" heading) with the keys of the table under it.
    static func documented() throws -> [String: Set<String>] {
        let text = try String(contentsOf: TestSupport.root.appendingPathComponent("docs/forms.md"), encoding: .utf8)
        var places: [String: Set<String>] = [:]
        var place: String?
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("### `"), let end = line.dropFirst(5).firstIndex(of: "`") {
                place = String(line[line.index(line.startIndex, offsetBy: 5)..<end])
                places[place!] = []
            } else if line.hasPrefix("## ") {
                place = nil
            } else if let current = place, line.hasPrefix("| `"), let end = line.dropFirst(3).firstIndex(of: "`") {
                places[current]!.insert(String(line[line.index(line.startIndex, offsetBy: 3)..<end]))
            }
        }
        return places
    }

    /// The places the loader reads, with the keys it asks for there, over every shipped form and its sample
    /// material. A label's
    /// `{zh, en}` is a type documented once; so is a text style; nested indicators are `indicators[]`.
    static func accepted() throws -> [String: Set<String>] {
        let recorder = AcceptedKeys()
        try FieldReader.$acceptedKeys.withValue(recorder) {
            let library = FormLibrary(directory: TestSupport.layouts)
            for id in library.availableIDs() {
                _ = try SampleGenerator(form: try library.form(id: id).get(), layouts: TestSupport.layouts)
            }
            // The test forms reproducing published sheets (Tests/…/Fixtures/Layouts), in a library of their own:
            // the shared one keeps the forms other tests loaded, which would not be read again here.
            let fixtures = FormLibrary(directory: TestSupport.fixtures.appendingPathComponent("Layouts"))
            for id in fixtures.availableIDs() { _ = try fixtures.form(id: id).get() }
            // Keys no shipped form uses yet, on a copy of one.
            let (copy, _) = try FormLanguageTests.copy("zhongshan-2020") {
                $0.replacingOccurrences(of: "checks:\n", with: FormLanguageTests.lines + "\n")
            }
            _ = try copy.form(id: "zhongshan-2020").get()
            let (goals, _) = try FormLanguageTests.copy("mof-2020-self-evaluation") {
                FormLanguageTests.withGoalsCaption($0)
            } style: {
                FormLanguageTests.withGoalsCaptionStyle($0)
            }
            _ = try goals.form(id: "mof-2020-self-evaluation").get()
        }
        var places: [String: Set<String>] = [:]
        // (`declared`'s keys are the form's group ids, and `fields`' the keys of its field columns: data rather
        // than keys of the language.)
        for (place, keys) in recorder.places
        where !keys.isSubset(of: ["zh", "en"]) && place != "sample-text.yaml:declared"
            && !place.hasSuffix(".fields")
        {
            var keys = keys
            // A template's cell or line may be a label itself (`{zh: …, en: …}`), read at the same place.
            if place.contains(":sheet[]") { keys.subtract(["zh", "en"]) }
            var name = place.replacingOccurrences(of: ".children[]", with: "")
            // Group ids of the sample material are the form's: `declared.quantity[]` is `declared.GROUP[]`.
            name = name.replacingOccurrences(
                of: #"declared\.[a-z-]+\[\]"#, with: "declared.GROUP[]", options: .regularExpression)
            if name.hasPrefix("style.yaml:") && keys.isSubset(of: ["family", "size", "bold", "lineHeight"]) {
                name = "style.yaml:text style"
            }
            // A cell's `padding: {x, y}` is one type wherever the cell stands.
            if name.hasPrefix("form.yaml:sheet[]") && name.hasSuffix(".padding") { name = "form.yaml:cell padding" }
            places[name, default: []].formUnion(keys)
        }
        return places
    }

    func testTheDocumentedKeysAreTheKeysTheLoaderAccepts() throws {
        let documented = try Self.documented(), accepted = try Self.accepted()
        XCTAssertGreaterThan(accepted.count, 20)
        for place in Set(documented.keys).union(accepted.keys).sorted() {
            let docs = documented[place] ?? [], loader = accepted[place] ?? []
            XCTAssertTrue(
                documented[place] != nil, "docs/forms.md has no section for \(place) (keys \(loader.sorted()))")
            XCTAssertTrue(accepted[place] != nil, "docs/forms.md documents \(place), which no form has")
            XCTAssertEqual(docs.subtracting(loader).sorted(), [], "\(place): documented but not accepted")
            XCTAssertEqual(loader.subtracting(docs).sorted(), [], "\(place): accepted but not documented")
        }
    }
}
