import ArgumentParser
import EvalSheet

struct FontsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fonts",
        abstract: "Show which prepared font file each family name (and official alias) resolves to.")

    @Option(help: "The folder of prepared fonts (default: Fonts/build of this checkout, or $EVALSHEET_FONTS).")
    var fonts: String?

    func run() throws {
        guard let folder = Locations.fonts(explicit: fonts) else {
            throw ValidationError("no prepared fonts found; run `make fonts` or pass --fonts DIR")
        }
        let setup: FontSetup
        do {
            setup = try FontSetup(directory: folder)
        } catch {
            printError("evalsheet: \(error)")
            throw ExitCode(1)
        }
        print("fonts: \(folder.path)")
        for family in ["宋体", "仿宋", "楷体", "黑体", "SimSun", "SimHei", "serif", "sans-serif",
                       "Noto Serif CJK SC", "Noto Sans CJK SC"] {
            for bold in [false, true] {
                let file = setup.resolve(family: family, bold: bold) ?? "(none)"
                print("\(family)\(bold ? " bold" : ""): \(file)")
            }
        }
    }
}
