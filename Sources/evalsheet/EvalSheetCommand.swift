import ArgumentParser
import EvalSheet
import Foundation

@main
struct EvalSheetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evalsheet",
        abstract: "Turns evaluation data into the official fiscal performance-evaluation score sheet (PDF, PNG, HTML).",
        subcommands: [ValidateCommand.self, RenderCommand.self, BatchCommand.self, ImportCommand.self, ExportCommand.self, PreviewCommand.self, SampleCommand.self, SchemaCommand.self, FontsCommand.self]
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
    @Option(name: .long, help: "The folder of forms (default: Layouts/ of this checkout, or $EVALSHEET_LAYOUTS).")
    var layouts: String?

    func library() throws -> FormLibrary {
        guard let folder = Locations.layouts(explicit: layouts) else {
            throw ValidationError("no Layouts/ folder found; pass --layouts DIR or set EVALSHEET_LAYOUTS")
        }
        return FormLibrary(directory: folder)
    }
}

/// The prepared-fonts option every command that renders shares.
struct FontOptions: ParsableArguments {
    @Option(help: "The folder of prepared fonts (default: Fonts/build of this checkout, or $EVALSHEET_FONTS).")
    var fonts: String?

    func folder() throws -> URL {
        guard let folder = Locations.fonts(explicit: fonts) else {
            throw ValidationError("no prepared fonts found; run `make fonts` or pass --fonts DIR")
        }
        return folder
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
