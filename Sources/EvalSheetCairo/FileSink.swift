import CPangoCairo
import Foundation

/// A file Cairo writes through a stream callback, buffered, keeping the first write error.
///
/// Cairo 1.16's own file output loses write errors: with a full disk (measured with a file-size limit)
/// `cairo_surface_finish` reports success on a truncated PDF. Here every `write(2)` and the final
/// `close(2)` are checked, and the caller renames the file into place only when nothing failed.
final class FileSink {
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var failure: String?

    init(path: String) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw RenderError("cannot write here (\(String(cString: strerror(errno))))") }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    static let bufferSize = 1 << 16

    /// The callback and its closure argument for `cairo_*_create_for_stream` and `write_to_png_stream`.
    var callback: cairo_write_func_t {
        { closure, data, length in
            let sink = Unmanaged<FileSink>.fromOpaque(closure!).takeUnretainedValue()
            sink.append(UnsafeBufferPointer(start: data, count: Int(length)))
            return sink.failure == nil ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR
        }
    }
    var closure: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard failure == nil else { return }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferSize { flush() }
    }

    private func flush() {
        guard failure == nil else { return }
        var written = 0
        buffer.withUnsafeBytes { raw in
            while written < raw.count {
                let result = write(descriptor, raw.baseAddress! + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                written += result
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and closes the file; throws the first error of the whole write.
    func close() throws {
        flush()
        let result = Glibc.close(descriptor)
        descriptor = -1
        if result != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if let failure { throw RenderError(failure) }
    }
}
