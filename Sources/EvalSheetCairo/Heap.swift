import CPangoCairo

/// The C heap (glibc's malloc).
public enum Heap {
    /// Hands memory freed but kept by the allocator back to the system (`malloc_trim`): the arenas of a batch's
    /// ended renderer threads keep what they held.
    public static func returnFreedMemory() { _ = malloc_trim(0) }
}
