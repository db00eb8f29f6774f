import Foundation

/// Renders an `EmailMessage` as a MIME `text/plain` message in UTF-8, ready for SMTP `DATA`.
///
/// Headers that carry user text (display name, subject) are RFC 2047 encoded words, so the message
/// stays 7-bit and no header can be injected through them; the body is base64 in 76-character lines.
/// Every line ends in CRLF.
///
/// ```swift
/// let text = MIMEText.render(mail, from: "noreply@yx.gov.cn", fromName: "回音系统",
///                            messageID: "<\(UUID())@huiyin>", date: now)
/// ```
enum MIMEText {
    static func render(_ message: EmailMessage, from: String, fromName: String?, messageID: String,
                       date: Date, timeZone: TimeZone = .current) -> String {
        var headers: [String] = []
        if let fromName, !fromName.isEmpty {
            headers.append(encodedHeader("From", fromName, trailer: "<\(from)>"))
        } else {
            headers.append("From: \(from)")
        }
        headers.append(addressHeader("To", message.to))
        headers.append(encodedHeader("Subject", message.subject))
        headers.append("Date: \(rfc5322Date(date, timeZone: timeZone))")
        headers.append("Message-ID: \(messageID)")
        headers.append("MIME-Version: 1.0")
        headers.append("Content-Type: text/plain; charset=UTF-8")
        headers.append("Content-Transfer-Encoding: base64")
        return headers.joined(separator: "\r\n") + "\r\n\r\n"
            + base64Lines(Data(canonicalLineBreaks(message.body).utf8)).joined(separator: "\r\n") + "\r\n"
    }

    /// The message as sent after `DATA`: lines starting with "." doubled (RFC 5321 §4.5.2), then "." alone.
    static func dataPayload(_ rendered: String) -> String {
        var lines = rendered.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n.\r\n"
    }

    /// `Name: =?UTF-8?B?…?=`, folded between encoded words so that every line stays within the
    /// 76 characters RFC 2047 allows; `trailer` (an address) follows the last word.
    static func encodedHeader(_ name: String, _ text: String, trailer: String? = nil) -> String {
        let words = encodedWords(text, firstLimit: 76 - (name.count + 2), limit: 75)
        var lines = [name + ":" + (words.first.map { " " + $0 } ?? "")] + words.dropFirst().map { " " + $0 }
        if let trailer {
            if lines[lines.count - 1].count + 1 + trailer.count <= 76 { lines[lines.count - 1] += " " + trailer }
            else { lines.append(" " + trailer) }
        }
        return lines.joined(separator: "\r\n")
    }

    /// `=?UTF-8?B?…?=` words of at most `limit` characters (`firstLimit` for the first), each holding
    /// whole Unicode scalars, so no UTF-8 sequence is split across two words.
    static func encodedWords(_ text: String, firstLimit: Int, limit: Int) -> [String] {
        // 12 characters of "=?UTF-8?B?" and "?="; every 4 base64 characters carry 3 bytes.
        func capacity(_ wordLimit: Int) -> Int { max(4, (wordLimit - 12) / 4 * 3) }
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk.removeAll()
        }
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > capacity(words.isEmpty ? firstLimit : limit) { flush() }
            chunk += bytes
        }
        if !chunk.isEmpty { flush() }
        return words
    }

    /// `To: a@x, b@y`, folded after a comma before a line passes 78 characters.
    static func addressHeader(_ name: String, _ addresses: [String]) -> String {
        var lines = [name + ":"]
        for (i, address) in addresses.enumerated() {
            let token = address + (i < addresses.count - 1 ? "," : "")
            if lines[lines.count - 1].count + 1 + token.count > 78 && i > 0 { lines.append(" " + token) }
            else { lines[lines.count - 1] += " " + token }
        }
        return lines.joined(separator: "\r\n")
    }

    /// `Tue, 03 Mar 2026 09:00:00 +0800`
    static func rfc5322Date(_ date: Date, timeZone: TimeZone) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = timeZone
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }

    /// MIME text in canonical form has CRLF line breaks (RFC 2046 §4.1.1), also inside base64.
    static func canonicalLineBreaks(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    static func base64Lines(_ data: Data) -> [String] {
        let encoded = data.base64EncodedString()
        var lines: [String] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[start..<end]))
            start = end
        }
        return lines
    }
}
