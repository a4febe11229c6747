import EvalSheet
import Foundation

// Benchmarks the whole pipeline on one evaluation (default: the reference sheet).
// Run through scripts/bench.sh, which builds in release mode first.
//   evalsheet-bench [--iterations N] [--cold N] [FILE | FOLDER]
// A folder (e.g. the peer benchmark's varied copies, .cache/peer-100) is taken file by file in turn, so
// that every render breaks its lines anew; the cold runs use its first file.

struct Statistics {
    var samples: [Double]
    var sorted: [Double] { samples.sorted() }
    func percentile(_ p: Double) -> Double {
        let s = sorted
        return s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))]
    }
    var median: Double { percentile(0.5) }
    var mad: Double {
        let m = median
        return Statistics(samples: samples.map { abs($0 - m) }).median
    }
    func line(_ unit: String) -> String {
        String(
            format: "median %.2f %@, p10 %.2f, p90 %.2f, min %.2f, max %.2f, MAD %.2f (n=%d)",
            median, unit, percentile(0.1), percentile(0.9), sorted.first!, sorted.last!, mad, samples.count)
    }
}

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

func peakResidentMB(_ who: __rusage_who) -> Double {
    var usage = rusage()
    getrusage(who.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func option(_ name: String, _ fallback: Int, in arguments: inout [String]) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1])
    else { return fallback }
    arguments.removeSubrange(index...(index + 1))
    return value
}
var arguments = Array(CommandLine.arguments.dropFirst())
let iterations = option("--iterations", 300, in: &arguments)
let coldRuns = option("--cold", 20, in: &arguments)
// Resident memory every K renders, for the leak check of scripts/reliability.sh.
let rssEvery = option("--rss-every", 0, in: &arguments)

/// Resident memory now (not the peak), from /proc/self/statm.
func residentMB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Double(fields[1]) ?? 0) * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576 : 0
}
let given = URL(fileURLWithPath: arguments.first ?? "Samples/zhongshan-2020/202008367.yaml")
let inputs: [URL] = {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: given.path) else { return [given] }
    return names.filter { $0.hasSuffix(".yaml") }.sorted().map { given.appendingPathComponent($0) }
}()
guard let input = inputs.first else { print("\(given.path): no evaluations"); exit(2) }

guard let layouts = Locations.layouts(), let fonts = Locations.fonts() else {
    print("run from the repository: Layouts/ and Fonts/build are needed")
    exit(2)
}
let library = FormLibrary(directory: layouts)
let output = FileManager.default.temporaryDirectory.appendingPathComponent("evalsheet-bench-\(getpid()).pdf")
let ofdOutput = output.deletingPathExtension().appendingPathExtension("ofd")
defer { try? FileManager.default.removeItem(at: output); try? FileManager.default.removeItem(at: ofdOutput) }

// Cold: a whole process, from start to PDF written.
let cli = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("evalsheet")
var cold: [Double] = []
// posix_spawn and waitpid: Foundation's Process adds milliseconds of its own to each run.
let spawnArguments = [cli.path, "render", input.path, "-o", output.path]
for _ in 0..<coldRuns {
    var pid: pid_t = 0
    var status: Int32 = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let argv = spawnArguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) }; posix_spawn_file_actions_destroy(&actions) }
    cold.append(
        milliseconds {
            guard posix_spawn(&pid, cli.path, &actions, nil, argv, environ) == 0 else { return }
            waitpid(pid, &status, 0)
        })
    guard status == 0 else { print("render failed"); exit(1) }
}
let coldPeak = peakResidentMB(RUSAGE_CHILDREN)

// Steady state: load, score, lay out and write the PDF, many times in one process.
var renderer: SheetRenderer!
let firstDocument = try milliseconds { renderer = try SheetRenderer(fontsDirectory: fonts) }
var pages = 0
var steady: [Double] = []
var layoutOnly: [Double] = []
var scoring: [Double] = []
var writing: [Double] = []
var ofdWriting: [Double] = []
for iteration in 0..<(iterations + 10) {
    var document: LaidOutDocument!
    var layoutTime = 0.0, scoreTime = 0.0, writeTime = 0.0
    let time = try milliseconds {
        var sheet: ScoredSheet!
        scoreTime = try milliseconds { sheet = try library.scoreFile(inputs[iteration % inputs.count]).get() }
        layoutTime = milliseconds { document = renderer.layout(sheet) }
        writeTime = try milliseconds { try renderer.writePDF(document, to: output) }
    }
    // The OFD of the same layout, timed apart (not part of the PDF sheet's time).
    let ofdTime = try milliseconds { try renderer.writeOFD(document, to: ofdOutput) }
    pages = document.pages.count
    if rssEvery > 0 && (iteration + 1) % rssEvery == 0 {
        print(String(format: "renders %d: resident %.1f MB", iteration + 1, residentMB()))
    }
    if iteration >= 10 {  // the first renders warm the caches
        steady.append(time)
        layoutOnly.append(layoutTime)
        scoring.append(scoreTime)
        writing.append(writeTime)
        ofdWriting.append(ofdTime)
    }
}
let size = (try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int) ?? 0
let statistics = Statistics(samples: steady)

let described =
    inputs.count == 1 ? input.lastPathComponent : "\(inputs.count) evaluations in \(given.lastPathComponent) in turn"
print("EvalSheet benchmark: \(described), \(pages) pages, release build, one core")
if !cold.isEmpty { print("cold (process start to PDF written): " + Statistics(samples: cold).line("ms")) }
print(String(format: "font set-up in process: %.1f ms", firstDocument))
print("steady state per sheet (load+score+layout+PDF): " + statistics.line("ms"))
print("  load and score: " + Statistics(samples: scoring).line("ms"))
print("  layout:         " + Statistics(samples: layoutOnly).line("ms"))
print("  PDF writing:    " + Statistics(samples: writing).line("ms"))
print("  OFD writing:    " + Statistics(samples: ofdWriting).line("ms") + " (same layout, instead of the PDF)")
print(String(format: "pages per second (steady): %.0f", Double(pages) / statistics.median * 1000))
let ofdSize = (try FileManager.default.attributesOfItem(atPath: ofdOutput.path)[.size] as? Int) ?? 0
print(String(format: "PDF size: %.1f KB; OFD size: %.1f KB", Double(size) / 1024, Double(ofdSize) / 1024))
print(
    String(
        format: "peak memory: %.1f MB in this process after %d renders; %.1f MB for a cold render",
        peakResidentMB(RUSAGE_SELF), iterations + 10, coldPeak))
