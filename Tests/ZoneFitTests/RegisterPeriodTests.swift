import Testing

@testable import ZoneFit

/// The dates `monitor` orders a register's periods by, read from file names and lists.
@Suite("register periods")
struct RegisterPeriodTests {
    @Test(arguments: [
        ("register-2026-09.csv", "2026-09", [2026, 9, 30]), ("2026-02-28 名录.xlsx", "2026-02-28", [2026, 2, 28]),
        ("2024-02.csv", "2024-02", [2024, 2, 29]), ("企业2026Q3.csv", "2026Q3", [2026, 9, 30]),
        ("r2026q1.gpkg", "2026q1", [2026, 3, 31]), ("2026-13 then 2026-11.csv", "2026-11", [2026, 11, 30]),
    ])
    func datesAreRead(name: String, label: String, order: [Int]) throws {
        let period = try #require(RegisterPeriod(date: name, path: name))
        #expect(period.label == label && period.order == order)
    }

    @Test(arguments: ["notes.csv", "2026-13.csv", "2026-02-30.csv", "20260-09.csv", "2026Q5.csv", "2026-1.csv"])
    func notDates(name: String) {
        #expect(RegisterPeriod(date: name, path: name) == nil)
    }

    @Test func aMonthAndItsLastDayAreOneDate() throws {
        let month = try #require(RegisterPeriod(date: "2026-06", path: ""))
        let day = try #require(RegisterPeriod(date: "2026-06-30", path: ""))
        let quarter = try #require(RegisterPeriod(date: "2026Q2", path: ""))
        #expect(month.order == day.order && day.order == quarter.order)
    }
}
