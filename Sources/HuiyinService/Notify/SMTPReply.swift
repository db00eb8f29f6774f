import NIOCore

/// One SMTP reply: a three-digit code and its text, possibly over several lines ("250-…" then "250 …").
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    /// The text as the server wrote it, for error messages: `451 4.3.0 try again`.
    var text: String { lines.map { "\(code) \($0)" }.joined(separator: " / ") }

    /// Reads lines until the last one of a reply (a space, or nothing, after the code).
    static func read<Lines: AsyncIteratorProtocol>(from lines: inout Lines) async throws -> SMTPReply
    where Lines.Element == String {
        var code: Int?
        var texts: [String] = []
        while true {
            guard let line = try await lines.next() else {
                throw DeliveryError.transient("邮件服务器中途断开了连接")
            }
            let chars = Array(line.utf8)
            guard chars.count >= 3, chars[0...2].allSatisfy({ (0x30...0x39).contains($0) }),
                  chars.count == 3 || chars[3] == UInt8(ascii: " ") || chars[3] == UInt8(ascii: "-"),
                  let lineCode = Int(String(decoding: chars[0...2], as: UTF8.self)), code == nil || code == lineCode
            else {
                throw DeliveryError.transient("邮件服务器的回复无法识别：\(line.prefix(200))")
            }
            code = lineCode
            texts.append(chars.count > 4 ? String(decoding: chars[4...], as: UTF8.self) : "")
            if chars.count == 3 || chars[3] == UInt8(ascii: " ") { return SMTPReply(code: lineCode, lines: texts) }
        }
    }
}

/// Splits the server's byte stream into lines without their CRLF (a bare LF is accepted too).
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    /// RFC 5321 allows 512 characters a reply line; anything far longer is not an SMTP server.
    static let maximumLineLength = 8192

    struct LineTooLong: Error {}

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength { throw LineTooLong() }
            return .needMoreData
        }
        var line = buffer.readSlice(length: newline - buffer.readerIndex)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.readableBytesView.last == UInt8(ascii: "\r") { line.moveWriterIndex(to: line.writerIndex - 1) }
        context.fireChannelRead(Self.wrapInboundOut(String(buffer: line)))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer,
                             seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData  // an unterminated last line is not a reply
    }
}
