import EvalSheetImport
import EvalSheetModel
import Foundation

/// One fuzzing entry for every reader of untrusted input. The first byte of an input chooses the
/// reader, the rest is the file. Built with libFuzzer by `scripts/fuzz.sh`; built normally, it replays
/// inputs given as files (how a crash found by the fuzzer is reproduced and kept in the corpus).
enum FuzzTarget {
    static let layouts = URL(fileURLWithPath: ProcessInfo.processInfo.environment["EVALSHEET_LAYOUTS"] ?? "Layouts")
    static let library = FormLibrary(directory: layouts)
    static let zhongshan: Form? = try? library.form(id: "zhongshan-2020").get()
    /// A folder of this process's for readers that need files, holding a copy of one shipped file (`kept`,
    /// a path under Layouts/) beside the input, which is rewritten for every input.
    static func scratchFolder(_ name: String, keeping kept: String) -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evalsheet-fuzz-\(name)\(getpid())")
        let copy = folder.appendingPathComponent((kept as NSString).lastPathComponent)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: copy)
        try? FileManager.default.copyItem(at: layouts.appendingPathComponent(kept), to: copy)
        return folder
    }

    /// Where the form reader's input goes (form.yaml), beside the reference form's style.
    static let scratch = scratchFolder("", keeping: "zhongshan-2020/style.yaml")
    /// Where the style reader's input goes (style.yaml, selector 5), beside the national form, whose funds and
    /// signatures tables take their widths from the style.
    static let styleScratch = scratchFolder("style-", keeping: "mof-2020-self-evaluation/form.yaml")

    static let readers = ["evaluation", "form", "csv", "xlsx", "sheet-text", "style"]

    static func run(_ bytes: UnsafeRawBufferPointer) {
        guard let selector = bytes.first else { return }
        let data = Data(bytes.dropFirst())
        switch Int(selector) % readers.count {
        case 0:
            _ = library.scoreData(data, file: "fuzz.yaml")
        case 1:
            try? data.write(to: scratch.appendingPathComponent("form.yaml"))
            _ = try? FormLoader.load(directory: scratch)
        case 2:
            guard let form = zhongshan, let text = try? TextDecoding.decode(data) else { return }
            let importer = SpreadsheetImporter(form: form, file: scratch.appendingPathComponent("fuzz.csv"))
            var log = DiagnosticLog(file: "fuzz.csv")
            for row in importer.rows(CSVReader.read(text), year: 2020, log: &log) {
                _ = importer.validated(row, library: library)
            }
        case 3:
            let file = scratch.appendingPathComponent("fuzz.xlsx")
            try? data.write(to: file)
            // The same workbook as a drawing of a sheet (`evalsheet template`): its styles, merges and widths read too.
            if let layout = try? WorkbookLayout.read(file) {
                _ = SheetTemplateDrafter.draft(layout, source: "fuzz.xlsx")
            }
            guard let form = zhongshan, let table = try? XLSXReader.read(file) else { return }
            var log = DiagnosticLog(file: "fuzz.xlsx")
            _ = SpreadsheetImporter(form: form, file: file).rows(table, year: 2020, log: &log)
        case 5:
            try? data.write(to: styleScratch.appendingPathComponent("style.yaml"))
            _ = try? FormLoader.load(directory: styleScratch)
        default:
            _ = SheetTextImporter.importSheet(
                text: String(decoding: data, as: UTF8.self), file: "fuzz.txt",
                library: library, formID: nil)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzTarget.run(UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count))
    return 0
}

#if FUZZING
    /// libFuzzer's entry for programs with their own `main` (SwiftPM renames every executable's `main`).
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
#endif

@main
enum FuzzMain {
    static func main() {
        #if FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv) { data, count in fuzzOneInput(data, count) })
        #else
            // Replays inputs: `evalsheet-fuzz FILE...` (exit 0 when none crashed).
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("\(path): cannot read\n".utf8))
                    exit(2)
                }
                data.withUnsafeBytes { FuzzTarget.run($0) }
            }
            print("replayed \(CommandLine.arguments.count - 1) inputs")
        #endif
    }
}
