import CPangoCairo

/// Owns one GObject reference and releases it when the Swift object goes away.
final class GObjectRef {
    let pointer: UnsafeMutableRawPointer

    init?(_ raw: UnsafeMutableRawPointer?) {
        guard let raw else { return nil }
        pointer = raw
    }

    convenience init?(_ opaque: OpaquePointer?) {
        self.init(opaque.map { UnsafeMutableRawPointer($0) })
    }

    var opaque: OpaquePointer { OpaquePointer(pointer) }

    deinit { g_object_unref(pointer) }
}
