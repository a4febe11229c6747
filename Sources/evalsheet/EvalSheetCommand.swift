import ArgumentParser
import EvalSheet
import Foundation

@main
struct EvalSheetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evalsheet",
        abstract:
            "Turns evaluation data into the official fiscal performance-evaluation score sheet (PDF, PNG, HTML, DOCX, OFD).",
        version: EvalSheetVersion.number,
        subcommands: [
            ValidateCommand.self, RenderCommand.self, BatchCommand.self, ImportCommand.self, ExportCommand.self,
            PreviewCommand.self, SampleCommand.self, SchemaCommand.self, TemplateCommand.self, FontsCommand.self,
            DoctorCommand.self
        ]
    )

    /// Usage errors exit with 2 (ArgumentParser's default is 64); input errors with 1.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every command that reads evaluations shares.
struct LayoutOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "The folder of forms (default: $EVALSHEET_LAYOUTS, else the Layouts/ installed with or beside the program)."
    )
    var layouts: String?

    func library() throws -> FormLibrary {
        guard let folder = Locations.layouts(explicit: layouts) else {
            throw ValidationError(
                """
                no forms found (Layouts/): pass --layouts DIR, set EVALSHEET_LAYOUTS, or install the program with \
                its forms (`make install PREFIX=DIR` in a checkout). `evalsheet doctor` shows where it looked.
                """)
        }
        return FormLibrary(directory: folder)
    }
}

/// The prepared-fonts option every command that renders shares.
struct FontOptions: ParsableArguments {
    @Option(
        help:
            "The folder of prepared fonts (default: $EVALSHEET_FONTS, else those installed with or beside the program)."
    )
    var fonts: String?

    func folder() throws -> URL {
        guard let folder = Locations.fonts(explicit: fonts) else {
            throw ValidationError(
                """
                no prepared fonts found (Fonts/build): pass --fonts DIR, set EVALSHEET_FONTS, or, in a checkout, run \
                `make fonts` (and `make install PREFIX=DIR` to use the program elsewhere; the fonts, about 100 MB, \
                travel with it). `evalsheet doctor` shows where it looked.
                """)
        }
        return folder
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// `--lang zh|en|zh-en`, read once into the type (a wrong word is a usage error naming the three).
extension Language: ExpressibleByArgument {}

/// `--format` / `--formats` words are the formats' names (`OutputFormat`, declared once).
extension OutputFormat: ExpressibleByArgument {}
