import CPangoCairo
import EvalSheetModel
import Foundation

public struct FontSetupError: MessageError {
    public var message: Message
}

/// A Pango font map that sees only EvalSheet's prepared fonts, through a fontconfig configuration
/// loaded from memory (`Fonts/fonts.conf`). One per thread: Pango objects do not cross threads.
public final class FontSetup {
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    let config: OpaquePointer
    public let directory: URL

    /// The four faces the sheets use, and the fallback for characters of CJK Extensions B–F that they lack
    /// (HanaMinB, a serif face, which fontconfig offers Pango only for characters the others cannot draw);
    /// a missing or broken one is an error, never a PDF with blanks.
    public static let requiredFiles =
        [
            "NotoSerifCJKsc-Regular.ttf", "NotoSerifCJKsc-Bold.ttf", "NotoSansCJKsc-Regular.ttf",
            "NotoSansCJKsc-Bold.ttf"
        ] + [fallbackFile]

    /// Rare characters of people's and places' names (𡒄 U+21484, 𪚥 U+2A6A5): HanaMinB covers 60,317 of
    /// Extensions B–F, BabelStone Han 25,940 of B–G (measured, docs/fonts.md).
    public static let fallbackFile = "HanaMinB.ttf"
    public static let fallbackFamily = "HanaMinB"

    /// `directory` holds the prepared fonts (`Fonts/build`); the configuration is `fonts.conf` beside it.
    /// fontconfig keeps its cache in `cache` (the user's cache folder; never the install tree, which may be
    /// read-only or shared); nil: a folder in the temporary directory.
    public init(directory: URL, cache: URL? = nil) throws {
        self.directory = directory
        for file in Self.requiredFiles {
            let path = directory.appendingPathComponent(file).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw FontSetupError(
                    message: Message(
                        "font-missing", en: "font \(path) is missing; run `make fonts` (scripts/prepare-fonts.sh)",
                        zh: "缺少字体 \(path)；请运行 `make fonts`（scripts/prepare-fonts.sh）"))
            }
        }
        let template = directory.deletingLastPathComponent().appendingPathComponent("fonts.conf")
        guard let xml = try? String(contentsOf: template, encoding: .utf8) else {
            throw FontSetupError(
                message: Message(
                    "font-config-unreadable", en: "cannot read the font configuration \(template.path)",
                    zh: "无法读取字体配置 \(template.path)"))
        }
        let cache =
            cache ?? FileManager.default.temporaryDirectory.appendingPathComponent("evalsheet-fontconfig-\(getuid())")
        // A cache that cannot be written only costs a rescan of four files at start-up.
        try? FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        func escaped(_ path: String) -> String {
            path.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        }
        let filled = xml.replacingOccurrences(of: "@FONTDIR@", with: escaped(directory.path))
            .replacingOccurrences(of: "@CACHEDIR@", with: escaped(cache.path))

        guard let config = FcConfigCreate() else {
            throw FontSetupError(
                message: Message(
                    "fontconfig-failed", en: "fontconfig: cannot create a configuration", zh: "fontconfig：无法建立配置"))
        }
        let parsed = filled.withCString { text in
            text.withMemoryRebound(to: UInt8.self, capacity: filled.utf8.count + 1) {
                FcConfigParseAndLoadFromMemory(config, $0, 1)
            }
        }
        guard parsed != 0, FcConfigBuildFonts(config) != 0 else {
            FcConfigDestroy(config)
            throw FontSetupError(
                message: Message(
                    "fontconfig-load-failed", en: "fontconfig: cannot load \(template.path)",
                    zh: "fontconfig：无法载入 \(template.path)"))
        }
        do { try Self.checkFaces(config, directory: directory) } catch {
            FcConfigDestroy(config)
            throw error
        }
        self.config = config
        Self.makeDefault(config)
        guard let map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT) else {
            FcConfigDestroy(config)
            throw FontSetupError(
                message: Message("pango-font-map", en: "pango: cannot create a font map", zh: "pango：无法建立字体映射"))
        }
        fontMap = map
        pango_fc_font_map_set_config(OpaquePointer(map), config)
        // Pango–Cairo defaults to 96 dpi; sizes in this project are points.
        pango_cairo_font_map_set_resolution(OpaquePointer(map), 72)
    }

    /// Pango's first font map starts fontconfig's default configuration (/etc/fonts and every system font)
    /// on a thread of its own, and the first font a layout loads waits for it, though no font map here
    /// uses it. Once a configuration is the default, that start has nothing to do: the first one made is,
    /// for the whole process (fontconfig keeps a reference). A cold `render` took 141 ms of CPU before and
    /// 117 after (`perf stat`, 30 runs): 0.86 of the time on one core, the same on two (the start ran beside).
    private static func makeDefault(_ config: OpaquePointer) {
        defaultLock.lock()
        defer { defaultLock.unlock() }
        guard !hasDefault else { return }
        hasDefault = FcConfigSetCurrent(config) != 0
    }
    private static let defaultLock = NSLock()
    nonisolated(unsafe) private static var hasDefault = false

    deinit {
        g_object_unref(fontMap)
        FcConfigDestroy(config)
    }

    /// Every prepared face must load as a font with Chinese glyphs (a file that is not a font fails here),
    /// before the configuration becomes the process's default.
    static func checkFaces(_ config: OpaquePointer, directory: URL) throws {
        for family in ["Noto Serif CJK SC", "Noto Sans CJK SC", fallbackFamily] {
            for bold in family == fallbackFamily ? [false] : [false, true] {
                let resolved = resolve(family: family, bold: bold, in: config)
                guard let file = resolved, Self.requiredFiles.contains((file as NSString).lastPathComponent) else {
                    throw FontSetupError(
                        message:
                            Message(
                                "font-not-prepared",
                                en:
                                    "\(family)\(bold ? " Bold" : "") does not resolve to a prepared font in \(directory.path) (found \(resolved ?? "nothing")); run `make fonts`",
                                zh:
                                    "\(family)\(bold ? " Bold" : "") 在 \(directory.path) 中找不到准备好的字体（找到的是 \(resolved ?? "无")）；请运行 `make fonts`"
                            )
                    )
                }
            }
        }
    }

    /// The file fontconfig picks for a family name (an alias such as 宋体 included).
    public func resolve(family: String, bold: Bool) -> String? {
        Self.resolve(family: family, bold: bold, in: config)
    }

    static func resolve(family: String, bold: Bool, in config: OpaquePointer) -> String? {
        guard let pattern = FcPatternCreate() else { return nil }
        defer { FcPatternDestroy(pattern) }
        family.withCString { name in
            name.withMemoryRebound(to: UInt8.self, capacity: family.utf8.count + 1) {
                _ = FcPatternAddString(pattern, FC_FAMILY, $0)
            }
        }
        FcPatternAddInteger(pattern, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR)
        FcConfigSubstitute(config, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        var result = FcResultNoMatch
        guard let match = FcFontMatch(config, pattern, &result) else { return nil }
        defer { FcPatternDestroy(match) }
        var file: UnsafeMutablePointer<UInt8>?
        guard FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch, let file else { return nil }
        return String(cString: file)
    }
}

/// The versions of the C libraries this process runs with (for `evalsheet doctor`).
public enum LibraryVersions {
    public static var cairo: String { String(cString: cairo_version_string()) }
    public static var pango: String { String(cString: pango_version_string()) }
    public static var fontconfig: String {
        let version = FcGetVersion()
        return "\(version / 10000).\(version / 100 % 100).\(version % 100)"
    }
}
