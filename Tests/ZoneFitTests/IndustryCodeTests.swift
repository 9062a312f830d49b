import Testing

@testable import ZoneFit

@Suite("GB/T 4754-2017 industry codes")
struct IndustryCodeTests {
    let classification: IndustryClassification

    init() throws {
        classification = try IndustryClassification(
            divisionsTable: RepositoryFiles.path("GeoData/rules/gbt4754-2017-divisions.csv"),
            hightechTable: RepositoryFiles.path("GeoData/rules/hightech-manufacturing-2017.csv"),
            chainsTable: RepositoryFiles.path("GeoData/rules/chains.csv"))
    }

    @Test func theStandardHas97DivisionsInTwentySections() {
        #expect(classification.divisions.count == 97)
        #expect(Set(classification.divisions.values.map(\.section)).count == 20)
        #expect(classification.divisions["38"]?.section == "C")
        #expect(classification.divisions["59"]?.section == "G")
        #expect(classification.divisions["72"]?.section == "L")
    }

    @Test(arguments: [
        ("C3825", "C3825", IndustryCode.Level.class), ("3825", "C3825", .class), ("C38", "C38", .division),
        ("382", "C382", .group), ("38", "C38", .division), ("Ｃ３８２５", "C3825", .class), (" c3825 ", "C3825", .class),
        ("5920", "G5920", .class), ("L7223", "L7223", .class), ("F", "F", .section), ("０１", "A01", .division),
    ])
    func writtenFormsAreRead(_ written: String, _ expected: String, _ level: IndustryCode.Level) throws {
        let code = try classification.parse(written)
        #expect(code.description == expected)
        #expect(code.level == level)
    }

    @Test(arguments: [
        ("", IndustryCodeProblem.empty),
        ("C3825/C3826", .several("C3825/C3826")),
        ("C38251", .malformed("C38251")),
        ("3", .malformed("3")),
        ("abc", .malformed("abc")),
        ("00", .unknownDivision("00")),
        ("98", .unknownDivision("98")),
        ("A3825", .sectionMismatch(written: "A", division: "38", expected: "C")),
        ("X", .unknownSection("X")),
    ])
    func badAndAmbiguousCodesSayWhy(_ written: String, _ problem: IndustryCodeProblem) {
        #expect(throws: problem) { try classification.parse(written) }
    }

    @Test func hierarchyRunsClassGroupDivisionSection() throws {
        let code = try classification.parse("C3825")
        #expect(code.parent?.description == "C382")
        #expect(code.parent?.parent?.description == "C38")
        #expect(code.parent?.parent?.parent?.description == "C")
        #expect(code.parent?.parent?.parent?.parent == nil)
        #expect(code.isWithin(try classification.parse("C38")))
        #expect(!code.isWithin(try classification.parse("C39")))
    }

    @Test func highTechManufacturingFollowsTheNBSList() throws {
        // 化学药品制剂制造 and 集成电路制造 are high-tech; 纺织 and 家具 are not.
        #expect(classification.isHightech(try classification.parse("C2720")))
        #expect(classification.isHightech(try classification.parse("C3973")))
        #expect(!classification.isHightech(try classification.parse("C1711")))
        #expect(!classification.mayBeHightech(try classification.parse("C2110")))
        // A firm coded only by division 27 may be a high-tech drug maker.
        #expect(classification.mayBeHightech(try classification.parse("C27")))
        #expect(!classification.mayBeHightech(try classification.parse("G5920")))
    }

    @Test func chainsComeFromTheTable() throws {
        #expect(classification.chains.chains(of: try classification.parse("C3825")).contains("pv"))
    }
}
