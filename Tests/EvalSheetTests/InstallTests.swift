import EvalSheet
import Foundation
import XCTest

/// The program installed with `scripts/install.sh` (what `make install` runs) and used from anywhere:
/// through a symlink and a PATH entry, from a folder that is not a checkout, with nothing written into the
/// install tree.
final class InstallTests: XCTestCase {
    /// Every file below a folder with its size and modification time.
    func snapshot(_ folder: URL) throws -> [String] {
        let enumerator = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.fileSizeKey, .contentModificationDateKey])
        var result: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            let values = try url.resourceValues(forKeys: [.fileSizeKey, .contentModificationDateKey])
            result.append(
                "\(url.path) \(values.fileSize ?? -1) \(values.contentModificationDate?.timeIntervalSince1970 ?? 0)")
        }
        return result.sorted()
    }

    func testInstalledProgramRunsFromAnywhereAndWritesNothingIntoItsTree() throws {
        let root = TestSupport.temporaryDirectory()
        // The install holds a copy of the binary and the fonts (about 180 MB): not left behind.
        addTeardownBlock {
            _ = try? TestSupport.run("/bin/chmod", ["-R", "u+w", root.path])
            try? FileManager.default.removeItem(at: root)
        }
        let prefix = root.appendingPathComponent("prefix")
        let install = try TestSupport.run(
            "/bin/bash",
            [TestSupport.root.appendingPathComponent("scripts/install.sh").path, prefix.path, TestSupport.cli])
        XCTAssertEqual(install.code, 0, install.stderr)
        XCTAssertTrue(install.stdout.contains("everything a render needs is here"), install.stdout)
        for path in [
            "bin/evalsheet", "share/evalsheet/Layouts/zhongshan-2020/form.yaml", "share/evalsheet/Fonts/fonts.conf",
            "share/evalsheet/Fonts/build/NotoSerifCJKsc-Regular.ttf"
        ] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(path).path), path)
        }

        // A symlink elsewhere, run from a folder with no Layouts/ above it, with no EVALSHEET_* variables.
        let links = root.appendingPathComponent("links"), work = root.appendingPathComponent("work"),
            home = root.appendingPathComponent("home")
        for folder in [links, work, home] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try FileManager.default.createSymbolicLink(
            at: links.appendingPathComponent("evalsheet"),
            withDestinationURL: prefix.appendingPathComponent("bin/evalsheet"))
        try FileManager.default.copyItem(at: TestSupport.seedSample, to: work.appendingPathComponent("sheet.yaml"))
        let environment = ["HOME": home.path, "PATH": "\(links.path):/usr/bin:/bin", "LANG": "C.UTF-8"]
        let before = try snapshot(prefix)
        _ = try TestSupport.run("/bin/chmod", ["-R", "a-w", prefix.path])
        defer { _ = try? TestSupport.run("/bin/chmod", ["-R", "u+w", prefix.path]) }

        let render = try TestSupport.run(
            links.appendingPathComponent("evalsheet").path, ["render", "sheet.yaml", "-o", "sheet.pdf"],
            in: work, environment: environment)
        XCTAssertEqual(render.code, 0, render.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: work.appendingPathComponent("sheet.pdf").path))
        // The installed binary is stripped, and prints the same bytes as the checkout's.
        XCTAssertTrue(
            try TestSupport.run("/usr/bin/file", ["-L", prefix.appendingPathComponent("bin/evalsheet").path]).stdout
                .contains(", stripped"))
        let reference = root.appendingPathComponent("reference.pdf")
        XCTAssertEqual(
            try TestSupport.run(TestSupport.cli, ["render", TestSupport.seedSample.path, "-o", reference.path]).code, 0)
        XCTAssertEqual(try Data(contentsOf: work.appendingPathComponent("sheet.pdf")), try Data(contentsOf: reference))
        // By name through PATH, as a user types it.
        let version = try TestSupport.run(
            "/bin/sh", ["-c", "evalsheet --version && evalsheet validate sheet.yaml"], in: work,
            environment: environment)
        XCTAssertEqual(version.code, 0, version.stderr)
        XCTAssertTrue(version.stdout.hasPrefix(EvalSheetVersion.number + "\n"), version.stdout)
        XCTAssertTrue(version.stdout.contains("77 中"), version.stdout)

        XCTAssertEqual(try snapshot(prefix), before, "the install tree changed")
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: home.appendingPathComponent(".cache/evalsheet/fontconfig").path),
            "the cache goes to the user's folder")
    }

    func testDoctorSaysWhatIsMissingAndHowToFixIt() throws {
        let empty = TestSupport.temporaryDirectory()
        let result = try TestSupport.run(TestSupport.cli, ["doctor", "--fonts", empty.path])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.stdout.contains("FAIL fonts:"), result.stdout)
        XCTAssertTrue(result.stdout.contains("make fonts"), result.stdout)
        XCTAssertTrue(result.stdout.contains("ok   forms:"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Cairo 1."), result.stdout)
        let good = try TestSupport.run(TestSupport.cli, ["doctor"])
        XCTAssertEqual(good.code, 0, good.stdout + good.stderr)
        XCTAssertTrue(good.stdout.contains("仿宋 → NotoSerifCJKsc-Regular.ttf"), good.stdout)
    }

    /// A process pinned to one core (taskset, a container's cpuset) counts one, though Foundation counts the
    /// machine's: a batch then runs one job by default and `render` no layout helper.
    func testCoresCountTheAffinityMask() throws {
        let online = ProcessInfo.processInfo.activeProcessorCount
        let pinned = try TestSupport.run("/usr/bin/taskset", ["-c", "0", TestSupport.cli, "doctor"])
        XCTAssertEqual(pinned.code, 0, pinned.stdout + pinned.stderr)
        XCTAssertTrue(
            pinned.stdout.contains(online > 1 ? "ok   cores: 1 of \(online) " : "ok   cores: 1: "), pinned.stdout)
        XCTAssertTrue(pinned.stdout.contains("a batch runs 1 job unless"), pinned.stdout)
        XCTAssertEqual(Cores.allowedCount(status: "Name:\tx\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n"), 2)
        XCTAssertEqual(Cores.allowedCount(status: "Cpus_allowed_list:\t0\n"), 1)
        XCTAssertEqual(Cores.allowedCount(status: "Cpus_allowed_list:\t0-3,8,10-11\nMems_allowed:\t1\n"), 7)
        XCTAssertNil(Cores.allowedCount(status: "Cpus_allowed_list:\t3-1\n"))
        XCTAssertNil(Cores.allowedCount(status: "Cpus_allowed_list:\tx\n"))
        XCTAssertNil(Cores.allowedCount(status: "Name:\tx\n"))
    }
}
