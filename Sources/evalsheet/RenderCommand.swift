import ArgumentParser
import EvalSheet
import Foundation

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render evaluation files as print-ready sheets.",
        discussion: """
            Writes each file atomically: a failing render leaves no partial file and does not touch an \
            existing output. With several inputs, -o names a folder.

            Examples:
              evalsheet render Samples/zhongshan-2020/202008367.yaml -o out/202008367.pdf
              evalsheet render Samples/zhongshan-2020/ -o out/ --format png --dpi 100
              evalsheet render sheet.yaml --format docx -o sheet.docx      # editable in Word or WPS
              evalsheet render sheet.yaml --format ofd -o sheet.ofd        # GB/T 33190, for archives
              evalsheet render sheet.yaml --lang zh-en -o sheet-bilingual.pdf
            """)

    @Argument(help: "Evaluation files (YAML or JSON), or folders of them.")
    var files: [String]

    @Option(name: .shortAndLong, help: "Output file, or folder for several inputs (default: beside each input).")
    var output: String?

    // `--formats` as `batch` spells it is accepted too.
    @Option(
        name: [.customLong("format"), .customLong("formats")],
        help: ArgumentHelp(OutputFormat.allCases.map(\.purpose).joined(separator: ", ") + "."))
    var format: OutputFormat = .pdf

    @Option(help: "Resolution of PNG pages.")
    var dpi: Double = 150

    @Option(help: "Language of the sheet: zh, en or zh-en (each label in Chinese with the English beneath).")
    var lang: Language = .zh

    @Flag(help: "Render characters without a glyph as boxes with a warning instead of failing.")
    var allowMissingGlyphs = false

    @OptionGroup var fontOptions: FontOptions

    @Flag(help: "Print how long each phase took, to standard error.")
    var timings = false

    @OptionGroup var layoutOptions: LayoutOptions

    func validate() throws {
        guard dpi >= 10 && dpi <= 1200 else {
            throw ValidationError(
                Message("dpi-range", en: "--dpi must be between 10 and 1200", zh: "--dpi 要在 10 到 1200 之间").description)
        }
    }

    func run() throws {
        let library = try layoutOptions.library()
        let inputs = try EvaluationFiles.expand(files)
        if inputs.count > 1, let output, !output.hasSuffix("/"),
            OutputFormat.allCases.contains(where: { output.lowercased().hasSuffix("." + $0.fileExtension) })
        {
            var isFolder: ObjCBool = false
            if !(FileManager.default.fileExists(atPath: output, isDirectory: &isFolder) && isFolder.boolValue) {
                throw ValidationError(
                    Message(
                        "output-not-a-folder",
                        en:
                            "\(inputs.count) inputs make \(inputs.count) files, so -o names a folder; '\(output)' looks like a file name (render one input at a time, or give a folder, e.g. -o out/)",
                        zh:
                            "\(inputs.count) 个输入会生成 \(inputs.count) 个文件，所以 -o 应是文件夹；'\(output)' 看起来像文件名（请一次生成一个输入，或给出文件夹，例如 -o out/）"
                    ).description)
            }
        }
        let fontFolder = try fontOptions.folder()
        var clock = PhaseClock(enabled: timings)
        // The first evaluation is read and scored on a thread of its own while the fonts are set up: cold,
        // each takes 6–12 ms.
        let firstScored = inputs.first.map { input in Pending.onThread { library.scoreFile(input) } }
        let renderer: SheetRenderer
        do {
            renderer = try SheetRenderer(fontsDirectory: fontFolder, helper: Cores.usable > 1)
            clock.lap("font set-up")
        } catch {
            printFailure(error)
            throw ExitCode(1)
        }
        let language = lang
        var failed = false
        for (index, input) in inputs.enumerated() {
            let target = outputURL(for: input, count: inputs.count)
            let scored = (index == 0 ? firstScored?.wait() : nil) ?? library.scoreFile(input)
            clock.lap("load and score \(input.lastPathComponent)")
            switch scored {
            case let .failure(error):
                printError(error.diagnostics)
                failed = true
            case let .success(sheet):
                let (document, glyphProblems) = renderer.layoutChecked(
                    sheet, language: language,
                    allowMissingGlyphs: allowMissingGlyphs)
                clock.lap("layout")
                let problems = sheet.diagnostics + Scorer.languageWarnings(sheet, language: language) + glyphProblems
                printError(problems)
                if problems.contains(where: { $0.severity == .error }) {
                    printError(
                        Message("not-rendered", en: "\(input.path): not rendered", zh: "\(input.path)：未生成"))
                    failed = true
                    continue
                }
                do {
                    try OutputFolder.create(target.deletingLastPathComponent())
                    let written = try renderer.write(
                        format, sheet, layout: document, language: language, to: target, dpi: dpi)
                    // A paged document says how long it is; PNG names each page's file.
                    for file in written {
                        if format == .pdf || format == .ofd {
                            let pages = document.pages.count
                            say(
                                Message(
                                    "written-pages", en: "\(file.path) (\(pages) pages)",
                                    zh: "\(file.path)（共 \(pages) 页）"))
                        } else {
                            print(file.path)
                        }
                    }
                    clock.lap("write \(format.rawValue)")
                } catch {
                    printFailure(error)
                    failed = true
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    func outputURL(for input: URL, count: Int) -> URL {
        let name = input.deletingPathExtension().lastPathComponent + "." + format.rawValue
        guard let output else { return input.deletingLastPathComponent().appendingPathComponent(name) }
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isFolder)
        if count > 1 || (exists && isFolder.boolValue) || output.hasSuffix("/") {
            return URL(fileURLWithPath: output, isDirectory: true).appendingPathComponent(name)
        }
        return URL(fileURLWithPath: output)
    }
}

/// Prints the time since the previous lap, for `--timings`.
struct PhaseClock {
    let enabled: Bool
    var last = DispatchTime.now().uptimeNanoseconds

    init(enabled: Bool) { self.enabled = enabled }

    mutating func lap(_ phase: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        // A developer's measurement (`--timings`), not a message to the user: in one language.
        if enabled {
            FileHandle.standardError.write(
                Data(String(format: "%8.2f ms  %@\n", Double(now - last) / 1e6, phase).utf8))
        }

        last = now
    }
}
