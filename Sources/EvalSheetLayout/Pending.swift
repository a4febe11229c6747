import Foundation

/// A value made on another thread, waited for where it is needed.
public final class Pending<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: Value?

    public init() {}

    /// Makes the value on a thread of its own.
    public static func onThread(_ make: @escaping @Sendable () -> Value) -> Pending<Value> {
        let pending = Pending<Value>()
        Thread { pending.finish(make()) }.start()
        return pending
    }

    public func finish(_ value: Value?) {
        self.value = value
        done.signal()
    }

    /// Waits until the value is there (any number of times).
    public func wait() -> Value? {
        done.wait()
        done.signal()
        return value
    }
}
