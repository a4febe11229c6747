import Foundation

/// A thread with a text shaper of its own, that lays out the later tables of a sheet while the caller
/// lays out the earlier ones (`SheetLayout.layout(_:helper:)`): one sheet rendered on a machine with a
/// core to spare. The two tables of the reference sheet took 17–23 and 18–23 ms one after the other in a
/// cold render (measured with `--timings` around each), most of a cold layout.
///
/// Shapers are not shared between threads (Pango's objects are used by one thread at a time), so the
/// helper makes its shaper on its own thread as soon as it starts, while the caller reads and scores the
/// evaluation. Fonts are the same files, so what is shaped is the same glyphs at the same places
/// (tested: the PDFs are byte-identical with and without a helper). Jobs run one at a time, in order.
public final class LayoutHelper: @unchecked Sendable {
    private final class Jobs: @unchecked Sendable {
        let condition = NSCondition()
        var waiting: [(TextShaper?) -> Void] = []
        var stopping = false

        func add(_ job: @escaping (TextShaper?) -> Void) {
            condition.lock()
            waiting.append(job)
            condition.signal()
            condition.unlock()
        }

        /// The next job, or nil once the helper is released and nothing waits.
        func next() -> ((TextShaper?) -> Void)? {
            condition.lock()
            defer { condition.unlock() }
            while waiting.isEmpty && !stopping { condition.wait() }
            return waiting.isEmpty ? nil : waiting.removeFirst()
        }

        func stop() {
            condition.lock()
            stopping = true
            condition.signal()
            condition.unlock()
        }
    }

    private let jobs = Jobs()

    /// `makeShaper` runs on the helper's thread; nil leaves every job to its caller.
    public init(makeShaper: @escaping @Sendable () -> TextShaper?) {
        let jobs = self.jobs
        let thread = Thread {
            let shaper = makeShaper()
            while let job = jobs.next() { job(shaper) }
        }
        thread.name = "evalsheet layout helper"
        thread.start()
    }

    deinit { jobs.stop() }

    /// Runs `work` on the helper's thread with its shaper, after the jobs started before it. Its `wait()` is
    /// nil when the helper has no shaper (its fonts failed to load): the caller then does the work itself.
    public func start<Value>(_ work: @escaping (TextShaper) -> Value) -> Pending<Value> {
        let pending = Pending<Value>()
        jobs.add { shaper in pending.finish(shaper.map(work)) }
        return pending
    }
}
