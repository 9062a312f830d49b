import Foundation
import Testing

@testable import GeoKit

/// The streaming CSV reader reads records as OGR's CSV driver does.
@Suite("CSV scanner")
struct CSVScannerTests {
    static let tricky =
        "1,a,104.1,30.6\r\n\n2,\"b, c\",104.2\n3,\"multi\nline\",104.3,30.7,extra\n  4 , d ,104.4,30.8\n5,\"say \"\"hi\"\"\",1,2\n6,\"x\"y,1,2\n\r\n7,,,\n"

    func withBytes<T>(_ text: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        Array(text.utf8).withUnsafeBytes(body)
    }

    @Test func fieldRangesGiveTheSameRecordsAsTheFullParser() {
        let full = withBytes(Self.tricky) { CSVScanner.records($0) }
        #expect(full.count == 7, "blank lines are skipped")
        #expect(full[1] == ["2", "b, c", "104.2"])
        #expect(full[2] == ["3", "multi\nline", "104.3", "30.7", "extra"])
        #expect(full[3] == ["  4 ", " d ", "104.4", "30.8"], "spaces are kept, as OGR keeps them")
        #expect(full[4] == ["5", "say \"hi\"", "1", "2"])
        var streamed: [[String]] = []
        var irregular: [Int] = []
        withBytes(Self.tricky) { bytes in
            CSVScanner.forEachRecord(bytes) { record, fields in
                if fields.irregular { irregular.append(streamed.count) }
                streamed.append(
                    fields.irregular
                        ? Array(bytes[record] + [10]).withUnsafeBytes { CSVScanner.records($0)[0] }
                        : (0..<fields.count).map { CSVScanner.text(bytes, fields, $0) })
            }
        }
        #expect(streamed == full)
        #expect(irregular == [5], "text after a closing quote is read the slow, exact way")
    }

    @Test func splitCutsAtRecordBoundariesAndCounts() {
        withBytes(Self.tricky + "8,partial") { bytes in
            let parts = CSVScanner.split(bytes, pieces: 3)
            #expect(parts.map(\.records).reduce(0, +) == 7)
            #expect(parts.first?.range.lowerBound == 0)
            #expect(zip(parts, parts.dropFirst()).allSatisfy { $0.range.upperBound == $1.range.lowerBound })
            #expect(parts.last?.range.upperBound == bytes.count - "8,partial".utf8.count, "the incomplete record waits")
            for part in parts { #expect(bytes[part.range.upperBound - 1] == 10) }
        }
    }

    @Test func plainAndQuotedSplitsAgree() {
        // Quote-free, CR LF and LF mixed, no blank lines: the memchr split and the byte-by-byte split agree.
        let plain =
            (1...500).map { "\($0),名\($0),104.\($0),30.\($0)" + ($0 % 3 == 0 ? "\r\n" : "\n") }.joined() + "501,tail"
        withBytes(plain) { bytes in
            for pieces in 1...5 {
                let fast = CSVScanner.splitPlain(bytes, pieces: pieces)
                let exact = CSVScanner.splitQuoted(bytes, pieces: pieces)
                #expect(fast?.map(\.range) == exact.map(\.range))
                #expect(fast?.map(\.records) == exact.map(\.records))
            }
        }
        // A quote or a blank line anywhere: the plain split declines.
        #expect(withBytes("1,a\n2,\"b\"\n") { CSVScanner.splitPlain($0, pieces: 2) } == nil)
        #expect(withBytes("1,a\n\n2,b\n") { CSVScanner.splitPlain($0, pieces: 2) } == nil)
        #expect(withBytes("1,a\n\r\n2,b\n") { CSVScanner.splitPlain($0, pieces: 2) } == nil)
    }

    @Test func utf8CheckAndGBKFallback() {
        #expect(withBytes("成都,abc") { CSVScanner.isUTF8($0) })
        #expect(withBytes("an ASCII run longer than eight bytes, then 成都, then more ASCII") { CSVScanner.isUTF8($0) })
        #expect(
            !([UInt8]("eight ok".utf8) + [0xB3, 0xC9] + [UInt8]("tail text".utf8)).withUnsafeBytes {
                CSVScanner.isUTF8($0)
            })
        let gbk: [UInt8] = [0xB3, 0xC9, 0xB6, 0xBC]  // 成都 in GBK
        #expect(!gbk.withUnsafeBytes { CSVScanner.isUTF8($0) })
        #expect(CSVScanner.text(gbk) == "成都")
        #expect(
            CSVScanner.quoted("a,b") == "\"a,b\"" && CSVScanner.quoted("say \"x\"") == "\"say \"\"x\"\"\""
                && CSVScanner.quoted("plain") == "plain")
    }

    @Test func quotingNeededExactlyWhereAByteAsksForIt() {
        // Every special byte at every offset of runs up to 40 bytes, among bytes that look alike
        // to the eight-at-a-time test (0x2B, 0x2D, 0x0B, 0xAC, 0xA2: one bit or the high bit away).
        let specials: [UInt8] = [44, 34, 10, 13]
        let fillers: [UInt8] = [0x61, 0x2B, 0x2D, 0x0B, 0x0C, 0x22 ^ 0x80, 0xAC, 0xA2, 0x00, 0xFF]
        for count in 0...40 {
            for filler in fillers {
                let plain = [UInt8](repeating: filler, count: count)
                #expect(!plain.withUnsafeBytes { CSVScanner.needsQuotes($0) }, "\(count) × \(filler)")
                for offset in 0..<count {
                    for special in specials {
                        var bytes = plain
                        bytes[offset] = special
                        #expect(
                            bytes.withUnsafeBytes { CSVScanner.needsQuotes($0) }, "\(special) at \(offset) of \(count)")
                    }
                }
            }
        }
    }
}
