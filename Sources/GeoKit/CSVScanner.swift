import Foundation

/// Reads CSV records the way OGR's CSV driver does, for the streaming fast
/// path: comma-separated; a double-quoted field may hold commas, newlines and
/// doubled quotes; CR LF or LF line ends; blank lines are skipped; text that
/// is not valid UTF-8 is decoded as GB18030 (GBK), as `VectorSource` does.
public enum CSVScanner {
    /// The offset just past the first record (its line end outside quotes),
    /// or nil when `bytes` holds no complete record.
    public static func firstRecordEnd(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var inQuotes = false
        for index in 0..<bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""): inQuotes.toggle()
            case UInt8(ascii: "\n") where !inQuotes: return index + 1
            default: break
            }
        }
        return nil
    }

    /// The records in `bytes` (complete records only), each as its fields.
    public static func records(_ bytes: UnsafeRawBufferPointer) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var index = 0
        let count = bytes.count
        func finishField() {
            fields.append(text(field))
            field.removeAll(keepingCapacity: true)
        }
        func finishRecord() {
            finishField()
            // A blank line is one empty field: OGR skips it.
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(fields) }
            fields = []
        }
        while index < count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < count && bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inQuotes = true
                case UInt8(ascii: ","): finishField()
                case UInt8(ascii: "\n"):
                    if field.last == UInt8(ascii: "\r") { field.removeLast() }
                    finishRecord()
                default: field.append(byte)
                }
            }
            index += 1
        }
        if !field.isEmpty || !fields.isEmpty { finishRecord() }
        return records
    }

    /// The field ranges of one record, reused from record to record: a record's
    /// fields are valid until the next record is read.
    public struct Fields {
        @usableFromInline let store = Store()

        public init() {}

        // Inlinable: the readers in ZoneFit ask for every field of every record, and a call
        // across the module boundary for each was a share of a streaming run.
        @inlinable public var count: Int { store.count }
        /// The byte range of field `index`'s content (without surrounding quotes).
        @inlinable public subscript(index: Int) -> Range<Int> { store.starts[index]..<store.ends[index] }
        /// Whether field `index` was quoted and holds doubled quotes to undo.
        @inlinable public func isEscaped(_ index: Int) -> Bool { store.anyEscaped && store.escaped[index] }
        /// A quoted field had text after its closing quote: read this record with `records(_:)`.
        @inlinable public var irregular: Bool { store.irregular }

        /// Field bounds in buffers that only grow, so a record's fields cost no
        /// allocation and no array bookkeeping per field.
        @usableFromInline final class Store {
            @exclusivity(unchecked) @usableFromInline var starts = UnsafeMutablePointer<Int>.allocate(capacity: 64)
            @exclusivity(unchecked) @usableFromInline var ends = UnsafeMutablePointer<Int>.allocate(capacity: 64)
            @exclusivity(unchecked) @usableFromInline var escaped = UnsafeMutablePointer<Bool>.allocate(capacity: 64)
            @exclusivity(unchecked) var capacity = 64
            @exclusivity(unchecked) @usableFromInline var count = 0
            @exclusivity(unchecked) @usableFromInline var anyEscaped = false
            @exclusivity(unchecked) @usableFromInline var irregular = false

            deinit {
                starts.deallocate()
                ends.deallocate()
                escaped.deallocate()
            }

            func append(_ start: Int, _ end: Int, escaped flag: Bool) {
                if count == capacity { grow() }
                starts[count] = start
                ends[count] = end
                escaped[count] = flag
                anyEscaped = anyEscaped || flag
                count += 1
            }

            private func grow() {
                capacity *= 2
                starts = Self.moved(starts, count, capacity)
                ends = Self.moved(ends, count, capacity)
                escaped = Self.moved(escaped, count, capacity)
            }

            private static func moved<T>(_ old: UnsafeMutablePointer<T>, _ count: Int, _ capacity: Int)
                -> UnsafeMutablePointer<T>
            {
                let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
                new.moveInitialize(from: old, count: count)
                old.deallocate()
                return new
            }
        }

        /// The fields of a record with no quote in it: split at every comma, eight bytes
        /// at a time (a comma in a word is found with bit arithmetic, not byte by byte).
        func split(unquoted base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) {
            reset()
            var fieldStart = start
            var index = start
            while index + 8 <= end {
                // 0x80 in each byte of the word that is a comma, exactly (no carries between bytes).
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ 0x2C2C_2C2C_2C2C_2C2C
                var commas = ~(((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | word) & 0x8080_8080_8080_8080
                while commas != 0 {
                    let comma = index + commas.trailingZeroBitCount >> 3
                    store.append(fieldStart, comma, escaped: false)
                    fieldStart = comma + 1
                    commas &= commas &- 1
                }
                index += 8
            }
            while index < end {
                if base[index] == UInt8(ascii: ",") {
                    store.append(fieldStart, index, escaped: false)
                    fieldStart = index + 1
                }
                index += 1
            }
            store.append(fieldStart, end, escaped: false)
        }

        func reset() {
            store.count = 0
            store.anyEscaped = false
            store.irregular = false
        }

        func append(_ range: Range<Int>, escaped flag: Bool) {
            store.append(range.lowerBound, range.upperBound, escaped: flag)
        }

        func markIrregular() { store.irregular = true }
    }

    /// Splits the complete records at the start of `bytes` into at most `pieces` parts of
    /// similar size, and counts each part's non-blank records. Bytes after the last line
    /// end outside quotes (an incomplete record) are left out.
    public static func split(_ bytes: UnsafeRawBufferPointer, pieces: Int) -> [(range: Range<Int>, records: Int)] {
        splitPlain(bytes, pieces: pieces) ?? splitQuoted(bytes, pieces: pieces)
    }

    /// The common case, at memory speed: no quote and no blank line anywhere in
    /// `bytes`, so every line end ends a record. Nil when that does not hold.
    static func splitPlain(_ bytes: UnsafeRawBufferPointer, pieces: Int) -> [(range: Range<Int>, records: Int)]? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0,
            memchr(base, Int32(UInt8(ascii: "\"")), bytes.count) == nil,
            let complete = bytes.lastIndex(of: UInt8(ascii: "\n")).map({ $0 + 1 })
        else { return nil }
        let target = max(1, complete / max(1, pieces))
        var parts: [(range: Range<Int>, records: Int)] = []
        var start = 0
        var records = 0
        var lineStart = 0
        while lineStart < complete {
            // Each line end in turn, found with memchr; a blank line sends the block the slow way.
            guard base[lineStart] != UInt8(ascii: "\n") && base[lineStart] != UInt8(ascii: "\r"),
                let found = memchr(base + lineStart, Int32(UInt8(ascii: "\n")), complete - lineStart)
            else { return nil }
            lineStart = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            records += 1
            if lineStart - start >= target && parts.count < pieces - 1 {
                parts.append((start..<lineStart, records))
                (start, records) = (lineStart, 0)
            }
        }
        if complete > start { parts.append((start..<complete, records)) }
        return parts
    }

    /// Byte by byte, tracking quotes and blank lines.
    static func splitQuoted(_ bytes: UnsafeRawBufferPointer, pieces: Int) -> [(range: Range<Int>, records: Int)] {
        let target = max(1, bytes.count / max(1, pieces))
        var parts: [(range: Range<Int>, records: Int)] = []
        var start = 0
        var records = 0
        var inQuotes = false
        var lineHasContent = false
        var lastEnd = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if byte == UInt8(ascii: "\n") && !inQuotes {
                if lineHasContent { records += 1 }
                lineHasContent = false
                lastEnd = index + 1
                if index + 1 - start >= target && parts.count < pieces - 1 {
                    parts.append((start..<(index + 1), records))
                    start = index + 1
                    records = 0
                }
            } else if byte != UInt8(ascii: "\r") {
                lineHasContent = true
            }
        }
        if lastEnd > start { parts.append((start..<lastEnd, records)) }
        return parts
    }

    /// Calls `body` for each non-blank record in `bytes` (complete records), with the
    /// record's byte range (without its line end) and its field ranges.
    public static func forEachRecord(
        _ bytes: UnsafeRawBufferPointer, _ body: (Range<Int>, Fields) throws -> Void
    ) rethrows {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let fields = Fields()
        var index = 0
        let count = bytes.count
        while index < count {
            let recordStart = index
            let newline =
                memchr(base + index, Int32(UInt8(ascii: "\n")), count - index).map {
                    base.distance(to: $0.assumingMemoryBound(to: UInt8.self))
                } ?? count
            if memchr(base + index, Int32(UInt8(ascii: "\"")), newline - index) == nil {
                // The common case: no quote on the line, so the line is the record.
                var lineEnd = newline
                if lineEnd > recordStart && base[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                index = newline + 1
                // A blank line (nothing, or only CRs) is skipped, as OGR does and `split` counts.
                if lineEnd == recordStart
                    || (base[recordStart] == UInt8(ascii: "\r")
                        && (recordStart..<lineEnd).allSatisfy({ base[$0] == UInt8(ascii: "\r") }))
                {
                    continue
                }
                fields.split(unquoted: base, recordStart, lineEnd)
                try body(recordStart..<lineEnd, fields)
                continue
            }
            let lineEnd = scanQuoted(bytes, from: &index, into: fields)
            try body(recordStart..<lineEnd, fields)
        }
    }

    /// Reads one record that has quotes, byte by byte, from `index` (left just past its
    /// line end); returns where its line end starts.
    private static func scanQuoted(_ bytes: UnsafeRawBufferPointer, from index: inout Int, into fields: Fields) -> Int {
        let count = bytes.count
        let recordStart = index
        fields.reset()
        var fieldStart = index
        var quoted = false
        var escaped = false
        var afterQuote = false
        var contentEnd = index
        var recordEnd = count
        var lineEnd = count
        scan: while index < count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < count && bytes[index + 1] == UInt8(ascii: "\"") {
                        escaped = true
                        index += 2
                        continue
                    }
                    quoted = false
                    afterQuote = true
                    contentEnd = index
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where index == fieldStart:
                quoted = true
                fieldStart = index + 1
            case UInt8(ascii: "\""):
                // A quote inside a field (an inch mark, say) opens quoting too, as in OGR and
                // `split`: the record may run on over lines. Its fields are re-read exactly.
                quoted = true
                fields.markIrregular()
            case UInt8(ascii: ","):
                fields.append(fieldStart..<(afterQuote ? contentEnd : index), escaped: escaped)
                fieldStart = index + 1
                escaped = false
                afterQuote = false
            case UInt8(ascii: "\n"):
                var end = index
                if !afterQuote && end > fieldStart && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                fields.append(fieldStart..<(afterQuote ? contentEnd : end), escaped: escaped)
                lineEnd = index > recordStart && bytes[index - 1] == UInt8(ascii: "\r") ? index - 1 : index
                recordEnd = index + 1
                break scan
            default:
                if afterQuote && byte != UInt8(ascii: "\r") { fields.markIrregular() }
            }
            index += 1
        }
        if recordEnd == count && index >= count {
            fields.append(fieldStart..<(afterQuote ? contentEnd : count), escaped: escaped)
            lineEnd = count
        }
        index = recordEnd
        return lineEnd
    }

    /// The text of field `index`: doubled quotes undone, GBK decoded.
    public static func text(_ bytes: UnsafeRawBufferPointer, _ fields: Fields, _ index: Int) -> String {
        let field = UnsafeRawBufferPointer(rebasing: bytes[fields[index]])
        // The common case, decoded in place: no copy of the bytes first.
        if !fields.isEscaped(index) && isUTF8(field) {
            return field.withMemoryRebound(to: UInt8.self) { String(decoding: $0, as: UTF8.self) }
        }
        let raw = Array(field)
        guard fields.isEscaped(index) else { return text(raw) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            unescaped.append(raw[i])
            i += raw[i] == UInt8(ascii: "\"") && i + 1 < raw.count && raw[i + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return text(unescaped)
    }

    /// Whether a field of these bytes must be quoted: it holds a comma, a quote, a line feed or
    /// a carriage return. Eight bytes at a time (a flagged firm's reasons run to 700 bytes).
    public static func needsQuotes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        /// A high bit set in each byte of `word` that equals `byte`.
        func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
            let x = word ^ (ones &* UInt64(byte))
            return (x &- ones) & ~x & highs
        }
        var index = 0
        while index + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if equal(word, 44) | equal(word, 34) | equal(word, 10) | equal(word, 13) != 0 { return true }
            index += 8
        }
        return bytes[index...].contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
    }

    /// True when the bytes are valid UTF-8 (ASCII skipped eight bytes at a time).
    public static func isUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            if index + 8 <= count
                && bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return false
            }
            guard index + length <= count else { return false }
            for next in 1..<length where bytes[index + next] & 0xC0 != 0x80 { return false }
            // Overlong three- and four-byte forms and surrogates.
            if lead == 0xE0 && bytes[index + 1] < 0xA0 { return false }
            if lead == 0xED && bytes[index + 1] > 0x9F { return false }
            if lead == 0xF0 && bytes[index + 1] < 0x90 { return false }
            if lead == 0xF4 && bytes[index + 1] > 0x8F { return false }
            index += length
        }
        return true
    }

    /// UTF-8 when valid, else GB18030.
    static func text(_ bytes: [UInt8]) -> String {
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        return (bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { decodeText($0.baseAddress!) }
        }
    }

    /// A field as CSV text: quoted only when it holds a comma, quote, CR or LF.
    public static func quoted(_ text: String) -> String {
        let needed = text.utf8.withContiguousStorageIfAvailable { needsQuotes(UnsafeRawBufferPointer($0)) }
        guard needed ?? text.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else {
            return text
        }
        guard text.utf8.contains(34) else { return "\"" + text + "\"" }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
