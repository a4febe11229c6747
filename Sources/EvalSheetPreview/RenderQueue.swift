import EvalSheet
import Foundation

/// Owns the one `SheetRenderer` of the server and runs every Pango/Cairo job on one serial queue:
/// Pango objects are not for concurrent use, and requests arrive on many threads.
public final class RenderQueue: @unchecked Sendable {
    private let queue = DispatchQueue(label: "evalsheet.render")
    private let renderer: SheetRenderer

    public init(fontsDirectory: URL) throws {
        renderer = try SheetRenderer(fontsDirectory: fontsDirectory)
    }

    public func run<T: Sendable>(_ job: @escaping @Sendable (SheetRenderer) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try job(self.renderer) })
            }
        }
    }
}
