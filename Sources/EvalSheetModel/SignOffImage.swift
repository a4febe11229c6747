import Foundation

/// A seal or signature image an evaluation gives for a sign-off field (`seal: {image: seal.png}`): a PNG
/// file, read when the evaluation is loaded so that every backend paints the same bytes and a batch's
/// content hash covers them.
public struct SignOffImage: Sendable, Hashable {
    /// The path as the evaluation wrote it (relative to the evaluation's folder, or absolute).
    public var path: String
    /// The PNG file's bytes, unchanged.
    public var data: Data
    public var pixelWidth: Int
    public var pixelHeight: Int

    public init(path: String, data: Data, pixelWidth: Int, pixelHeight: Int) {
        self.path = path; self.data = data; self.pixelWidth = pixelWidth; self.pixelHeight = pixelHeight
    }

    /// A seal scan is a few hundred kilobytes; anything past this is a mistake (a photo of the whole page).
    public static let largestFile = 8 << 20
    public static let largestSide = 8000

    /// Reads `path` (relative to `folder`) and checks that it is a whole PNG file: the signature, a header
    /// with a size, every chunk's CRC, image data and the end chunk. Cairo (libpng) would otherwise fail
    /// at painting time, after the layout, on a truncated or renamed file. The message says what is wrong.
    public static func read(_ path: String, relativeTo folder: URL) -> Result<SignOffImage, ImageProblem> {
        let url = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path))
            .resolvingSymlinksInPath()
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            let size = (attributes[.size] as? NSNumber)?.intValue
        else {
            return .failure(
                ImageProblem(
                    Message(
                        "image-not-found",
                        en:
                            "cannot read \(path): no such file (looked in \(url.deletingLastPathComponent().standardizedFileURL.path))",
                        zh: "无法读取 \(path)：文件不存在（在 \(url.deletingLastPathComponent().standardizedFileURL.path) 中查找）")
                ))
        }
        // A device or a pipe (/dev/zero, /dev/stdin) would be read without end.
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            return .failure(ImageProblem(Message("image-not-a-file", en: "\(path) is not a file", zh: "\(path) 不是文件")))
        }
        guard size <= largestFile else {
            return .failure(
                ImageProblem(
                    Message(
                        "image-too-large",
                        en:
                            "\(path) is \(size >> 20) MB; a seal or signature image must be under \(largestFile >> 20) MB",
                        zh: "\(path) 有 \(size >> 20) MB；印章或签名图片要小于 \(largestFile >> 20) MB")))
        }
        guard let data = try? Data(contentsOf: url) else {
            return .failure(ImageProblem(Message("cannot-read-image", en: "cannot read \(path)", zh: "无法读取 \(path)")))
        }
        return decodeHeader(data).map {
            SignOffImage(path: path, data: data, pixelWidth: $0.width, pixelHeight: $0.height)
        }
        .mapError { ImageProblem($0.message.prefixed("\(path) ")) }

    }

    /// The PNG's size in pixels after checking its chunks (PNG specification §5).
    static func decodeHeader(_ data: Data) -> Result<(width: Int, height: Int), ImageProblem> {
        let bytes = [UInt8](data)
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 8, Array(bytes[0..<8]) == signature else {
            return .failure(
                ImageProblem(
                    bytes.starts(with: [0xFF, 0xD8])
                        ? Message(
                            "image-jpeg", en: "is a JPEG file; save the image as PNG", zh: "是 JPEG 文件；请把图片另存为 PNG")
                        : Message(
                            "image-not-png-file", en: "is not a PNG file; save the image as PNG",
                            zh: "不是 PNG 文件；请把图片另存为 PNG")))

        }
        func word(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        var offset = 8
        var size: (width: Int, height: Int)?
        var hasData = false
        while offset + 12 <= bytes.count {
            let length = word(offset)
            guard length <= bytes.count - offset - 12 else { break }
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let stored = UInt32(word(offset + 8 + length))
            guard CRC32.of(bytes[(offset + 4)..<(offset + 8 + length)]) == stored else {
                return .failure(
                    ImageProblem(
                        Message(
                            "image-damaged", en: "is damaged (the \(type) chunk's checksum is wrong)",
                            zh: "已损坏（\(type) 块的校验和不对）")))
            }
            switch type {
            case "IHDR" where offset == 8 && length == 13:
                size = (word(offset + 8), word(offset + 12))
            case "IDAT": hasData = true
            case "IEND":
                guard let size, size.width > 0, size.height > 0 else {
                    return .failure(ImageProblem(Message("image-no-size", en: "has no image size", zh: "没有图片尺寸")))
                }
                guard hasData else {
                    return .failure(ImageProblem(Message("image-no-data", en: "has no image data", zh: "没有图片数据")))
                }
                guard size.width <= largestSide, size.height <= largestSide else {
                    return .failure(
                        ImageProblem(
                            Message(
                                "image-too-many-pixels",
                                en: "is \(size.width) × \(size.height) pixels; at most \(largestSide) a side",
                                zh: "是 \(size.width) × \(size.height) 像素；每边最多 \(largestSide)")))
                }
                return .success(size)
            default: break
            }
            if offset == 8 && type != "IHDR" {
                return .failure(
                    ImageProblem(
                        Message("image-not-png", en: "does not start with a PNG header chunk", zh: "开头不是 PNG 文件头")))
            }
            offset += 12 + length
        }
        return .failure(
            ImageProblem(
                Message(
                    "image-cut-short", en: "is cut short (no end chunk): copy the file again",
                    zh: "文件不完整（没有结束块）：请重新复制文件")))
    }
}

public struct ImageProblem: Error, Sendable {
    public var message: Message
    init(_ message: Message) { self.message = message }
}

/// The CRC-32 of PNG chunks (and ZIP entries): polynomial 0xEDB88320, one table.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func of<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
