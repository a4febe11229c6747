import EvalSheet
@testable import EvalSheetModel
import Foundation
import XCTest

/// Two readers written by hand so that a cold render needs no ICU (see docs/performance.md), each against
/// the Foundation reader it replaced, on many generated inputs.
final class TextScanningTests: XCTestCase {
    /// Up to `length` pieces from `alphabet`, seeded like the property tests (the same inputs on every run).
    func text(_ random: inout PropertyTests.Random, from alphabet: [String], upTo length: Int) -> String {
        (0..<random.int(0...length)).map { _ in random.pick(alphabet) }.joined()
    }

    /// Every figure the grammar accepts reads as Foundation's parser reads it (value and printed form);
    /// everything else is refused. The grammar: a sign only first, digits with at most one point, not ending in
    /// the point, at most 18 digits.
    func testDecimalsReadAsFoundationReadsThem() throws {
        let posix = Locale(identifier: "en_US_POSIX")
        var random = PropertyTests.Random(generator: SplitMix64(seed: 2020))
        var accepted = 0
        for _ in 0..<20_000 {
            let text = text(&random, from: ["0", "1", "5", "9", "0", "7", ".", "-", "+", " ", "e"], upTo: 22)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            let body = trimmed.first.map { "+-".contains($0) } == true ? String(trimmed.dropFirst()) : trimmed
            let digits = body.filter(\.isNumber).count
            let grammatical =
                !body.isEmpty && body.allSatisfy { $0.isNumber || $0 == "." }
                && body.filter { $0 == "." }.count <= 1 && digits >= 1 && digits <= 18 && !body.hasSuffix(".")
            let parsed = ExactDecimal.parse(text)
            guard grammatical else {
                XCTAssertNil(parsed, "'\(text)'")
                continue
            }
            accepted += 1
            let expected = try XCTUnwrap(Decimal(string: trimmed, locale: posix), trimmed)
            XCTAssertEqual(parsed, expected, "'\(text)'")
            XCTAssertEqual(parsed.map(ExactDecimal.format), ExactDecimal.format(expected), "'\(text)'")
            XCTAssertEqual(parsed.map { "\($0)" }, "\(expected)", "'\(text)'")
        }
        XCTAssertGreaterThan(accepted, 1_000, "the generator makes enough valid figures")
        // Foundation's reader stopped at the first character it did not expect: "1+2" was 1.
        XCTAssertNil(ExactDecimal.parse("1+2"))
        XCTAssertEqual(ExactDecimal.parse("-0"), 0)
        XCTAssertEqual(ExactDecimal.parse("-0.50"), Decimal(string: "-0.5"))
        XCTAssertEqual(ExactDecimal.parse("123456789012345678"), Decimal(string: "123456789012345678"))
    }

    /// The placeholder names found in labels are those the regular expression `\{([^{}]*)\}` finds.
    func testPlaceholdersAreWhatTheRegularExpressionFinds() throws {
        let pattern = try NSRegularExpression(pattern: "\\{([^{}]*)\\}")
        var random = PropertyTests.Random(generator: SplitMix64(seed: 33190))
        for _ in 0..<5_000 {
            let text = text(&random, from: ["{", "}", "page", "第", "页", " ", "{{", "}}", "x", "\u{301}", "共"], upTo: 12)
            let range = NSRange(text.startIndex..., in: text)
            let expected = pattern.matches(in: text, range: range).map {
                (text as NSString).substring(with: $0.range(at: 1))
            }
            XCTAssertEqual(FormLoader.placeholders(in: text), expected, "'\(text)'")
        }
        XCTAssertEqual(FormLoader.placeholders(in: "第{page}页共{pages}页"), ["page", "pages"])
        XCTAssertEqual(FormLoader.placeholders(in: "{a{b}c}{}"), ["b", ""])
    }
}
