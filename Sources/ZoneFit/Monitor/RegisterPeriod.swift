import Foundation

/// One period of a register, for `monitor`: its date as written (2026-09,
/// 2026-09-30, 2026Q3), a key that sorts periods in time, and its file.
public struct RegisterPeriod: Sendable, Equatable {
    public var label: String
    /// (year, month, day): a quarter counts as its last month, a month as its last day.
    var order: [Int]
    public var path: String

    /// The periods of a TOML file (`[[periods]]` with `date` and `file`, a path relative to the TOML file) or of a
    /// folder (every file in it whose name holds a date; subfolders are passed over), in time order. A file
    /// without a date, or two with one date, are errors naming them.
    public static func list(_ path: String) throws -> [RegisterPeriod] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ZoneFitError(file: path, "no such file or folder")
        }
        let periods: [RegisterPeriod]
        if isFolder.boolValue {
            // The folder's own files: not hidden ones, not subfolders (a changes/ folder beside the periods, say).
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { name in
                var isSubfolder: ObjCBool = false
                let full = (path as NSString).appendingPathComponent(name)
                return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: full, isDirectory: &isSubfolder)
                    && !isSubfolder.boolValue
            }.sorted()
            periods = try names.map { name in
                guard let period = RegisterPeriod(date: name, path: (path as NSString).appendingPathComponent(name))
                else {
                    throw ZoneFitError(
                        file: path, "'\(name)' holds no date (YYYY-MM, YYYY-MM-DD or YYYYQn) to order the periods by")
                }
                return period
            }
        } else {
            struct File: Decodable {
                struct Entry: Decodable {
                    var date: String
                    var file: String
                }
                var periods: [Entry]
            }
            let folder = (path as NSString).deletingLastPathComponent
            periods = try TOMLFile.decode(File.self, from: path, what: "the period list").periods.map { entry in
                let file =
                    entry.file.hasPrefix("/") ? entry.file : (folder as NSString).appendingPathComponent(entry.file)
                guard let period = RegisterPeriod(date: entry.date, path: file), period.label == entry.date else {
                    throw ZoneFitError(
                        file: path, "period date '\(entry.date)' is not YYYY-MM, YYYY-MM-DD or YYYYQn")
                }
                return period
            }
        }
        let sorted = periods.sorted { $0.order.lexicographicallyPrecedes($1.order) }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.order == later.order {
            throw ZoneFitError(file: path, "\(earlier.path) and \(later.path) are both of \(later.label)")
        }
        guard sorted.count >= 2 else {
            throw ZoneFitError(file: path, "holds \(sorted.count) period(s); a trend needs two or more")
        }
        return sorted
    }

    /// The first date in `text`: YYYY-MM-DD, YYYY-MM or YYYYQn (2026q3 too), with no digit either side, on the
    /// calendar (2026-02-31 is none). A month or a quarter sorts as its last day.
    init?(date text: String, path: String) {
        let patterns: [(String, ([Int]) -> (year: Int, month: Int, day: Int?))] = [
            (#"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)"#, { ($0[0], $0[1], $0[2]) }),
            (#"(?<!\d)\d{4}[Qq][1-4](?!\d)"#, { ($0[0], 3 * $0[1], nil) }),
            (#"(?<!\d)\d{4}-\d{2}(?![\d-])"#, { ($0[0], $0[1], nil) }),
        ]
        var best: (range: Range<String.Index>, order: [Int])?
        for (pattern, parts) in patterns {
            var start = text.startIndex
            while let range = text.range(of: pattern, options: .regularExpression, range: start..<text.endIndex) {
                start = range.upperBound
                let date = parts(text[range].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) })
                guard (1...12).contains(date.month) else { continue }
                let last = Self.daysIn(month: date.month, year: date.year)
                if let day = date.day, !(1...last).contains(day) { continue }
                if best == nil || range.lowerBound < best!.range.lowerBound {
                    best = (range, [date.year, date.month, date.day ?? last])
                }
                break
            }
        }
        guard let best else { return nil }
        label = String(text[best.range])
        order = best.order
        self.path = path
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
