import Foundation

/// The cores this process may run on. Foundation counts the online cores (or a cgroup's CPU quota) but not
/// the scheduler's affinity mask, so under `taskset -c 0` or in a container pinned to one cpuset it says 2
/// on this machine: a batch would start two jobs and `render` a layout helper for one core.
public enum Cores {
    /// Read once per process (the mask is set before the program starts).
    public static let usable: Int = {
        let counted = max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let allowed = allowedCount(status: status)
        else { return counted }
        return max(1, min(counted, allowed))
    }()

    /// The number of cores in `/proc/self/status`'s `Cpus_allowed_list` (`0-3,8,10-11`); nil without a readable one.
    public static func allowedCount(status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else {
            return nil
        }
        var count = 0
        for part in line.dropFirst("Cpus_allowed_list:".count).split(separator: ",") {
            let bounds = part.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            switch bounds.count {
            case 1: guard bounds[0] != nil else { return nil }; count += 1
            case 2:
                guard let low = bounds[0], let high = bounds[1], high >= low else { return nil };
                count += high - low + 1
            default: return nil
            }
        }
        return count > 0 ? count : nil
    }
}
