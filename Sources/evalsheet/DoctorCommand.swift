import ArgumentParser
import EvalSheet
import Foundation

/// Checks what a render needs and says what to do about anything missing: the forms, the prepared
/// fonts, the C libraries, a writable cache. Exit code 1 when something would stop a render.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the installation: forms, prepared fonts, Cairo and Pango, cache.",
        discussion: """
            Examples:
              evalsheet doctor
              evalsheet doctor --fonts /opt/evalsheet/share/evalsheet/Fonts/build
            """)

    @OptionGroup var fontOptions: FontOptions
    @OptionGroup var layoutOptions: LayoutOptions

    @OptionGroup var interface: InterfaceOptions

    func run() throws {
        var failed = false
        func report(_ ok: Bool, _ what: String, _ detail: String) {
            print("\(ok ? "ok  " : "FAIL") \(what): \(detail)")
            if !ok { failed = true }
        }
        print("evalsheet \(EvalSheetVersion.number) at \(Locations.executable.path)")
        report(
            true, "libraries",
            "Cairo \(LibraryVersions.cairo), Pango \(LibraryVersions.pango), fontconfig \(LibraryVersions.fontconfig)")

        let forms = formsCheck()
        report(forms.ok, "forms", forms.detail)
        let fonts = fontsCheck()
        report(fonts.ok, "fonts", fonts.detail)
        fonts.notes.forEach { print($0) }

        // The cores a batch's default --jobs and render's layout helper go by: an affinity mask (taskset, a
        // container's cpuset) is counted, which Foundation's processor count is not.
        let online = ProcessInfo.processInfo.activeProcessorCount, usable = Cores.usable
        report(
            true, "cores",
            (usable < online ? "\(usable) of \(online) (this process may run on \(usable) only)" : "\(usable)")
                + ": a batch runs \(usable) job\(usable == 1 ? "" : "s") unless --jobs says otherwise")

        let cache = Locations.cache
        let writable =
            (try? FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)) != nil
            && FileManager.default.isWritableFile(atPath: cache.path)
        print(
            "\(writable ? "ok  " : "note") cache: \(cache.path)\(writable ? "" : " is not writable; fonts are rescanned at each start (slower, still correct)")"
        )
        if failed { throw ExitCode(1) }
        print("everything a render needs is here")
    }

    /// The forms of the Layouts/ folder found, each loaded: none, or a broken one, fails.
    func formsCheck() -> (ok: Bool, detail: String) {
        if let folder = Locations.layouts(explicit: layoutOptions.layouts) {
            let library = FormLibrary(directory: folder)
            let ids = library.availableIDs()
            let broken = ids.compactMap { id -> String? in
                if case let .failure(error) = library.form(id: id) {
                    return "\(id): \(error.diagnostics.first.map { "\($0)" } ?? "")"
                }
                return nil
            }
            return (
                !ids.isEmpty && broken.isEmpty,
                ids.isEmpty
                    ? "\(folder.path) holds no form (a folder with form.yaml and style.yaml)"
                    : "\(folder.path): \(ids.joined(separator: ", "))" + broken.map { "\n     broken: \($0)" }.joined()
            )
        } else {
            return (
                false,
                "no Layouts/ found; pass --layouts DIR, set EVALSHEET_LAYOUTS, or `make install PREFIX=DIR` in a checkout. Looked in:\n"
                    + Locations.searched(variable: "EVALSHEET_LAYOUTS", relative: "Layouts").map { "     \($0)" }
                    .joined(separator: "\n")
            )
        }

    }

    /// The prepared fonts found and set up, where their files are and the faces the official names resolve to.
    func fontsCheck() -> (ok: Bool, detail: String, notes: [String]) {
        guard let folder = Locations.fonts(explicit: fontOptions.fonts) else {
            return (
                false,
                "no prepared fonts found; in a checkout run `make fonts`, or pass --fonts DIR or set EVALSHEET_FONTS. Looked in:\n"
                    + Locations.searched(variable: "EVALSHEET_FONTS", relative: "Fonts/build").map { "     \($0)" }
                    .joined(separator: "\n"), []
            )
        }
        do {
            let setup = try FontSetup(directory: folder, cache: Locations.cache.appendingPathComponent("fontconfig"))
            // Where the files are (scripts/prepare-fonts.sh links them to the per-user cache, converted once per
            // machine; an install copies them).
            var sources: [String: [String]] = [:]
            for file in FontSetup.requiredFiles {
                let path = folder.appendingPathComponent(file).path
                let real =
                    (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map {
                        URL(fileURLWithPath: $0, relativeTo: folder).standardizedFileURL.deletingLastPathComponent()
                            .path
                    } ?? folder.path
                sources[real, default: []].append(file)
            }
            // The official names the forms use, and the open face that stands in for each.
            let names = ["宋体", "仿宋", "楷体", "黑体"].map { name in
                "\(name) → \(setup.resolve(family: name, bold: false).map { ($0 as NSString).lastPathComponent } ?? "nothing")"
            }
            return (
                true, "\(folder.path): \(FontSetup.requiredFiles.joined(separator: ", "))",
                [
                    "     from: "
                        + sources.keys.sorted().map { "\($0) (\(sources[$0]!.joined(separator: ", ")))" }.joined(
                            separator: "; "),
                    "     \(names.joined(separator: ", ")) (no open 仿宋 or 楷体 face is bundled: they print in the serif face)"
                ]
            )
        } catch {
            return (false, "\(error)", [])
        }
    }
}
