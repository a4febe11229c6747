import Foundation

/// FNV-1a, 64 bits: a fast fingerprint of file contents for deciding whether a sheet must be rendered
/// again, and for splitting inputs into stable shards. Not for security.
public struct ContentHash: Sendable {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    public mutating func add(_ data: Data) {
        for byte in data {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        add(separator: UInt64(data.count))
    }

    public mutating func add(_ text: String) { add(Data(text.utf8)) }

    mutating func add(separator: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            value ^= (separator >> UInt64(shift)) & 0xFF
            value = value &* 0x0000_0100_0000_01B3
        }
    }

    public var hex: String { String(format: "%016llx", value) }

    public static func of(_ text: String) -> UInt64 {
        var hash = ContentHash()
        hash.add(text)
        return hash.value
    }
}

/// The version of the rendering engine; part of every batch hash, so that a new engine renders again.
public enum EngineVersion {
    public static let current = "evalsheet-\(EvalSheetVersion.number)"
}
