import CPangoCairo
import EvalSheetModel
import Foundation

/// A file Cairo writes through a stream callback, buffered, keeping the first write error: written to a
/// temporary name beside `target` and renamed into place by `commit` only when nothing failed.
///
/// Cairo 1.16's own file output loses write errors: with a full disk (measured with a file-size limit)
/// `cairo_surface_finish` reports success on a truncated PDF. Here every `write(2)` and the final
/// `close(2)` are checked.
final class FileSink {
    let target: URL
    private let temporary: URL
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var failure: String?

    init(for target: URL) throws {
        self.target = target
        temporary = AtomicFile.temporaryURL(for: target)
        descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RenderError(
                Message(
                    "cannot-write-here", en: "\(target.path): cannot write here (\(String(cString: strerror(errno))))",
                    zh: "\(target.path)：无法在这里写入（\(String(cString: strerror(errno)))）"))
        }
        buffer.reserveCapacity(Self.bufferSize)
    }

    /// A sink that was not committed leaves nothing behind.
    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
        try? FileManager.default.removeItem(at: temporary)
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

    /// Writes what is buffered, closes the file and renames it into place; throws the first error of the
    /// whole write, ours or Cairo's (`status`), naming what was written (`kind`: "PDF", "PNG").
    func commit(_ status: cairo_status_t, kind: String) throws {
        flush()
        let result = Glibc.close(descriptor)
        descriptor = -1
        if result != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil && status != CAIRO_STATUS_SUCCESS {
            failure = String(cString: cairo_status_to_string(status))
        }
        if let failure {
            throw RenderError(
                Message(
                    "writing-failed", en: "\(target.path): writing the \(kind) failed (\(failure))",
                    zh: "\(target.path)：写出\(kind)失败（\(failure)）"))
        }
        try AtomicFile.commit(temporary, to: target)
    }
}
