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

    func run() throws {
        var failed = false
        // `ok   forms: …` / `正常 表样：…`: a line a script can grep for in either language.
        func report(_ ok: Bool, _ what: Message, _ detail: Message) {
            say(
                Message(
                    "doctor-check", en: "\(ok ? "ok  " : "FAIL") \(what.en): \(detail.en)",
                    zh: "\(ok ? "正常" : "失败") \(what.zh)：\(detail.zh)"))
            if !ok { failed = true }
        }
        say(
            Message(
                "doctor-program", en: "evalsheet \(EvalSheetVersion.number) at \(Locations.executable.path)",
                zh: "evalsheet \(EvalSheetVersion.number)，位于 \(Locations.executable.path)"))
        let libraries =
            "Cairo \(LibraryVersions.cairo), Pango \(LibraryVersions.pango), fontconfig \(LibraryVersions.fontconfig)"
        report(true, Message(en: "libraries", zh: "程序库"), Message(en: libraries, zh: libraries))

        let forms = formsCheck()
        report(forms.ok, Message(en: "forms", zh: "表样"), forms.detail)
        let fonts = fontsCheck()
        report(fonts.ok, Message(en: "fonts", zh: "字体"), fonts.detail)
        fonts.notes.forEach(say)

        // The cores a batch's default --jobs and render's layout helper go by: an affinity mask (taskset, a
        // container's cpuset) is counted, which Foundation's processor count is not.
        let online = ProcessInfo.processInfo.activeProcessorCount, usable = Cores.usable
        report(
            true, Message(en: "cores", zh: "处理器核"),
            (usable < online
                ? Message(
                    en: "\(usable) of \(online) (this process may run on \(usable) only)",
                    zh: "\(online) 个中的 \(usable) 个（本进程只能用 \(usable) 个）")
                : Message(en: "\(usable)", zh: "\(usable)"))
                + Message(
                    en: ": a batch runs \(usable) job\(usable == 1 ? "" : "s") unless --jobs says otherwise",
                    zh: "：批量生成同时运行 \(usable) 个任务，除非 --jobs 另行指定"))

        let cache = Locations.cache
        let writable =
            (try? FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)) != nil
            && FileManager.default.isWritableFile(atPath: cache.path)
        say(
            writable
                ? Message("doctor-cache", en: "ok   cache: \(cache.path)", zh: "正常 缓存：\(cache.path)")
                : Message(
                    "doctor-cache-not-writable",
                    en:
                        "note cache: \(cache.path) is not writable; fonts are rescanned at each start (slower, still correct)",
                    zh: "提示 缓存：\(cache.path) 不可写；每次启动都要重新扫描字体（较慢，结果仍然正确）"))
        if failed { throw ExitCode(1) }
        say(Message("doctor-all-well", en: "everything a render needs is here", zh: "生成评分表所需的一切都已就绪"))
    }

    /// The forms of the Layouts/ folder found, each loaded: none, or a broken one, fails.
    func formsCheck() -> (ok: Bool, detail: Message) {
        if let folder = Locations.layouts(explicit: layoutOptions.layouts) {
            let library = FormLibrary(directory: folder)
            let ids = library.availableIDs()
            let broken = ids.compactMap { id -> Message? in
                guard case let .failure(error) = library.form(id: id), let first = error.diagnostics.first else {
                    return nil
                }
                return Message(en: "\n     broken: \(id): ", zh: "\n     损坏：\(id)：") + first.line
            }
            return (
                !ids.isEmpty && broken.isEmpty,
                ids.isEmpty
                    ? Message(
                        en: "\(folder.path) holds no form (a folder with form.yaml and style.yaml)",
                        zh: "\(folder.path) 中没有表样（一个含 form.yaml 和 style.yaml 的文件夹）")
                    : Message(en: "\(folder.path): ", zh: "\(folder.path)：")
                        + Message(en: ids.joined(separator: ", "), zh: ids.joined(separator: ", "))
                        + broken.reduce(.empty, +)
            )
        } else {
            let searched = looked(variable: "EVALSHEET_LAYOUTS", relative: "Layouts")
            return (
                false,
                Message(
                    en:
                        "no Layouts/ found; pass --layouts DIR, set EVALSHEET_LAYOUTS, or `make install PREFIX=DIR` in a checkout. Looked in:\n\(searched)",
                    zh:
                        "找不到 Layouts/；请用 --layouts DIR 指定，或设置 EVALSHEET_LAYOUTS，或在代码目录中运行 `make install PREFIX=DIR`。查找过：\n\(searched)"
                )

            )
        }

    }

    /// The places looked in for a folder, one an indented line.
    func looked(variable: String, relative: String) -> String {
        Locations.searched(variable: variable, relative: relative).map { "     \($0)" }.joined(separator: "\n")
    }

    /// The prepared fonts found and set up, where their files are and the faces the official names resolve to.
    func fontsCheck() -> (ok: Bool, detail: Message, notes: [Message]) {
        guard let folder = Locations.fonts(explicit: fontOptions.fonts) else {
            let searched = looked(variable: "EVALSHEET_FONTS", relative: "Fonts/build")
            return (
                false,
                Message(
                    en:
                        "no prepared fonts found; in a checkout run `make fonts`, or pass --fonts DIR or set EVALSHEET_FONTS. Looked in:\n\(searched)",
                    zh: "找不到准备好的字体；请在代码目录中运行 `make fonts`，或用 --fonts DIR 指定，或设置 EVALSHEET_FONTS。查找过：\n\(searched)"
                ), []
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
                "\(name) → \(setup.resolve(family: name, bold: false).map { ($0 as NSString).lastPathComponent } ?? "-")"
            }
            .joined(separator: ", ")
            let files = "\(folder.path): \(FontSetup.requiredFiles.joined(separator: ", "))"
            let origins = sources.keys.sorted().map { "\($0) (\(sources[$0]!.joined(separator: ", ")))" }.joined(
                separator: "; ")
            return (
                true, Message(en: files, zh: files),
                [
                    Message("doctor-fonts-from", en: "     from: \(origins)", zh: "     来自：\(origins)"),
                    Message(
                        "doctor-official-faces",
                        en: "     \(names) (no open 仿宋 or 楷体 face is bundled: they print in the serif face)",
                        zh: "     \(names)（没有随附开源的仿宋或楷体字体：它们以宋体类字体打印）")
                ]
            )
        } catch {
            return (false, Message(telling: error), [])
        }

    }
}
