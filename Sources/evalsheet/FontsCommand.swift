import ArgumentParser
import EvalSheet
import Foundation

struct FontsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fonts",
        abstract: "Show which prepared font file each family name (and official alias) resolves to.",
        discussion: """
            There is no open 仿宋 or 楷体 face: forms asking for them print in the serif face. Characters the \
            Noto faces lack (CJK Extensions B–F, rare in names) print from HanaMinB, the last line.

            Examples:
              evalsheet fonts
              evalsheet fonts --audit Samples/        # check that no glyph of the samples is lost in PDF output
            """)

    @OptionGroup var fontOptions: FontOptions

    @Flag(help: "Audit the fonts for glyphs lost in PDF output (needs pdftoppm).")
    var audit = false

    @Option(help: "Random document-sized subsets per face for --audit.")
    var subsets = 20

    @Option(help: "Seed of the random subsets.")
    var seed: UInt64 = 2020

    @Argument(help: "Evaluation files or folders whose characters --audit also checks.")
    var files: [String] = []

    func run() throws {
        let folder = try fontOptions.folder()
        let setup: FontSetup
        do {
            setup = try FontSetup(directory: folder, cache: Locations.cache.appendingPathComponent("fontconfig"))
        } catch {
            printFailure(error)

            throw ExitCode(1)
        }
        if audit {
            try runAudit(setup)
            return
        }
        say(Message("fonts-folder", en: "fonts: \(folder.path)", zh: "字体：\(folder.path)"))
        for family in [
            "宋体", "仿宋", "楷体", "黑体", "SimSun", "SimHei", "serif", "sans-serif",
            "Noto Serif CJK SC", "Noto Sans CJK SC"
        ] {
            for bold in [false, true] {
                let file = setup.resolve(family: family, bold: bold) ?? "-"
                say(
                    Message(
                        "fonts-face", en: "\(family)\(bold ? " bold" : ""): \(file)",
                        zh: "\(family)\(bold ? " 粗体" : "")：\(file)"))
            }
        }
        // The face for characters the others lack (CJK Extensions B–F, in people's and places' names).
        let fallback = setup.resolve(family: FontSetup.fallbackFamily, bold: false) ?? "-"
        say(
            Message(
                "fonts-fallback", en: "fallback for rare characters (\(FontSetup.fallbackFamily)): \(fallback)",
                zh: "生僻字的后备字体（\(FontSetup.fallbackFamily)）：\(fallback)"))
    }

    func runAudit(_ setup: FontSetup) throws {
        let texts = try EvaluationFiles.expand(files).map { try String(contentsOf: $0, encoding: .utf8) }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("evalsheet-audit-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let report = try FontAudit(fonts: setup).run(subsets: subsets, seed: seed, texts: texts, workDirectory: work)
        for loss in report.losses { say(Message("glyph-lost", en: "lost: \(loss)", zh: "丢失：\(loss)")) }
        say(
            Message(
                "glyph-audit", en: "glyph audit: \(report.rendered) glyph renders, \(report.losses.count) lost",
                zh: "字形检查：绘制 \(report.rendered) 次字形，丢失 \(report.losses.count) 个"))

        if !report.losses.isEmpty { throw ExitCode(1) }
    }
}
