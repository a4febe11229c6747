// swift-tools-version: 6.0
import PackageDescription

// The toolchain's lld with packed relative relocations (DT_RELR, glibc 2.36+): a process start no longer
// reads 2.6 MB of relocation records, 4.5 MB less peak memory for a cold render (README, Benchmark).
let compactRelocations: [LinkerSetting] = [
    .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(platforms: [.linux]))
]

// A release build puts the functions that rendering runs (Build/hot-functions.txt, written by
// scripts/hot-functions.sh from callgrind) first in the code, so that a process touches few pages of it: a batch
// job's resident code went from 13.9 to 9.3 MB (docs/performance.md, Memory). The Swift library's and Foundation's
// Swift code come with a section per function, which lld moves one by one; our library targets are compiled without (with
// `-function-sections` on them too, 8.7 MB), since a package that depends on EvalSheet by version may not have
// unsafe flags in them. Names no longer in the program are ignored.
let functionSections: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-function-sections"], .when(platforms: [.linux], configuration: .release))
]
let hotFunctionsFirst: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Build/hot-functions.txt",
            "-Xlinker", "--no-warn-symbol-ordering"
        ], .when(platforms: [.linux], configuration: .release))
]

let package = Package(
    name: "EvalSheet",
    products: [
        .library(name: "EvalSheet", targets: ["EvalSheet"]),
        .executable(name: "evalsheet", targets: ["evalsheet"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.17.0")
    ],
    targets: [
        // The C libraries, wrapped once: cairo, pango, pangocairo, pangoft2 and fontconfig.
        .systemLibrary(
            name: "CPangoCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev", "libfontconfig-dev"])]
        ),
        // zlib's inflate, for the parts of a workbook (ZipEntries).
        .systemLibrary(name: "CInflate", providers: [.apt(["zlib1g-dev"])]),
        // HarfBuzz's font subsetter (hb-subset), for the fonts an OFD embeds.
        .systemLibrary(
            name: "CHarfBuzzSubset",
            pkgConfig: "harfbuzz-subset",
            providers: [.apt(["libharfbuzz-dev"])]
        ),
        // Forms, evaluations, loading with positions, exact scoring, validation. No rendering.
        // ICU's word break iterator (WordSegmentation) from the ICU the toolchain's Foundation is built on.
        .target(
            name: "EvalSheetModel", dependencies: [.product(name: "Yams", package: "Yams")],
            linkerSettings: [.linkedLibrary("_FoundationICU")]),
        // The sheet as printed, apart from the scoring model: its text in a language (SheetText) and the logical
        // tables the form's template expands into for a scored sheet (SheetStructure), which every backend renders.
        .target(name: "EvalSheetTables", dependencies: ["EvalSheetModel"]),
        // Pages of positioned boxes from a scored sheet; knows nothing of Cairo.
        .target(name: "EvalSheetLayout", dependencies: ["EvalSheetModel", "EvalSheetTables"]),
        // Pango text shaping and Cairo painting of the display list; fontconfig set-up.
        .target(name: "EvalSheetCairo", dependencies: ["EvalSheetLayout", "EvalSheetTables", "CPangoCairo"]),
        // Semantic HTML of a scored sheet, from the same logical tables as the PDF.
        .target(name: "EvalSheetHTML", dependencies: ["EvalSheetModel", "EvalSheetTables"]),
        // Editable Word/WPS documents (DOCX) of a scored sheet, from the same logical tables.
        .target(
            name: "EvalSheetDOCX",
            dependencies: ["EvalSheetModel", "EvalSheetTables", "EvalSheetLayout", "EvalSheetPackaging"]),
        // OFD (GB/T 33190) packages painted from the display list: glyph runs as text objects, rules as paths.
        .target(
            name: "EvalSheetOFD",
            dependencies: [
                "EvalSheetModel", "EvalSheetTables", "EvalSheetLayout", "EvalSheetPackaging", "CHarfBuzzSubset"
            ]),
        // ZIP packages of document parts (XLSX, DOCX, OFD), deterministic and written atomically.
        .target(
            name: "EvalSheetPackaging",
            dependencies: ["EvalSheetModel", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // The library a caller embeds: load, validate, render.
        .target(
            name: "EvalSheet",
            dependencies: [
                "EvalSheetModel", "EvalSheetTables", "EvalSheetLayout", "EvalSheetCairo", "EvalSheetHTML",
                "EvalSheetDOCX", "EvalSheetOFD",
                "EvalSheetImport"
            ]),
        // Import from text exports of existing sheets and from spreadsheets; export to spreadsheets.
        .target(
            name: "EvalSheetImport",
            dependencies: [
                "EvalSheetModel", "EvalSheetPackaging", "CInflate", .product(name: "XMLCoder", package: "XMLCoder")
            ]),
        // The live preview server (Hummingbird).
        .target(
            name: "EvalSheetPreview",
            dependencies: [
                "EvalSheet", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log")
            ]),
        .executableTarget(
            name: "evalsheet",
            dependencies: [
                "EvalSheet", "EvalSheetPreview", .product(name: "ArgumentParser", package: "swift-argument-parser")
            ], swiftSettings: functionSections, linkerSettings: compactRelocations + hotFunctionsFirst),
        .executableTarget(
            name: "evalsheet-bench", dependencies: ["EvalSheet"], swiftSettings: functionSections,
            linkerSettings: compactRelocations + hotFunctionsFirst),
        // Built with libFuzzer by scripts/fuzz.sh (gold cannot link a -sanitize=fuzzer build; lld can).
        .executableTarget(
            name: "evalsheet-fuzz", dependencies: ["EvalSheetModel", "EvalSheetImport"],
            linkerSettings: compactRelocations),
        .testTarget(
            name: "EvalSheetTests",
            dependencies: ["EvalSheet", "EvalSheetPreview", .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures"]
        )
    ],
    swiftLanguageModes: [.v6]
)
