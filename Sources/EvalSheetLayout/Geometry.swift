/// Points (1/72 inch), origin at the top left of the page, y growing downwards.
public struct Point: Sendable, Hashable {
    public var x, y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

public struct Rect: Sendable, Hashable {
    public var x, y, width, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }

    /// Whether `other` lies inside this rectangle, allowing `tolerance` points of rounding.
    public func contains(_ other: Rect, tolerance: Double = 0.01) -> Bool {
        other.x >= x - tolerance && other.y >= y - tolerance
            && other.maxX <= maxX + tolerance && other.maxY <= maxY + tolerance
    }

    /// Whether the interiors overlap (shared edges do not count).
    public func overlaps(_ other: Rect, tolerance: Double = 0.01) -> Bool {
        x < other.maxX - tolerance && other.x < maxX - tolerance
            && y < other.maxY - tolerance && other.y < maxY - tolerance
    }
}
