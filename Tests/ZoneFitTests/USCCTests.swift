import Testing

@testable import ZoneFit

@Suite("Unified social credit codes (GB 32100-2015)")
struct USCCTests {
    /// Codes printed on business licences and in company registries:
    /// 华为技术有限公司 (Wikipedia infobox, 機構代碼);
    /// 深圳市腾讯计算机系统有限公司 (registry report, registration no. 440301103448669);
    /// 阿里巴巴（中国）网络技术有限公司 (registry page, registration no. 330100400015575).
    static let published = ["914403001922038216", "91440300708461136T", "91330100716105852F"]

    @Test(arguments: published)
    func publishedCodesAreValid(_ code: String) throws {
        let parsed = try UnifiedSocialCreditCode(code)
        #expect(parsed.text == code)
        #expect(UnifiedSocialCreditCode.problem(in: code) == nil)
    }

    @Test func partsOfAPublishedCode() throws {
        let huawei = try UnifiedSocialCreditCode("914403001922038216")
        #expect(huawei.adcode == "440300")
        #expect(huawei.organisationCode == "192203821")
    }

    /// Every single-character substitution of a valid code, with any other charset character, is caught.
    @Test(arguments: published)
    func everySingleSubstitutionIsRejected(_ code: String) {
        let characters = Array(code)
        for position in characters.indices {
            for replacement in UnifiedSocialCreditCode.charset where replacement != characters[position] {
                var corrupted = characters
                corrupted[position] = replacement
                #expect(!UnifiedSocialCreditCode.isValid(String(corrupted)), "\(String(corrupted)) accepted")
            }
        }
    }

    @Test func reasonsNameWhatIsWrong() {
        typealias Code = UnifiedSocialCreditCode
        #expect(Code.problem(in: "91440300192203821") == .length(17))
        #expect(Code.problem(in: "9144030019220382160") == .length(19))
        #expect(Code.problem(in: "") == .length(0))
        #expect(Code.problem(in: "914403001922O38216") == .character(position: 13, found: "O"))
        #expect(Code.problem(in: "91330100716105852f") == .character(position: 18, found: "f"))
        #expect(Code.problem(in: "9144A3001922038216") == .divisionCode(position: 5, found: "A"))
        #expect(Code.problem(in: "914403001922038226") == .organisationCheckDigit(expected: "1", found: "2"))
        #expect(Code.problem(in: "91440300192203821A") == .checkDigit(expected: "6", found: "A"))
        #expect(Code.problem(in: "91440300708461136X") == .checkDigit(expected: "T", found: "X"))
        #expect(
            Code.Invalidity.checkDigit(expected: "6", found: "A").description
                == "check digit (position 18): expected 6, got A")
        #expect(Code.Invalidity.character(position: 13, found: "O").description.contains("position 13"))
        #expect(throws: Code.Invalidity.length(17)) { try Code("91440300192203821") }
    }

    @Test func makingCodesComputesBothCheckDigits() throws {
        let huawei = try UnifiedSocialCreditCode.make(adcode: "440300", organisationBody: "19220382")
        #expect(huawei.text == "914403001922038216")
        let alibaba = try UnifiedSocialCreditCode.make(adcode: "330100", organisationBody: "71610585")
        #expect(alibaba.text == "91330100716105852F")
        for body in ["MA61XXXX", "MA6CQ4T0", "20190001", "MAYYYYYY", "00000000"] {
            for adcode in ["510104", "510185", "510116"] {
                let made = try UnifiedSocialCreditCode.make(adcode: adcode, organisationBody: body)
                #expect(UnifiedSocialCreditCode.isValid(made.text), "\(made.text)")
                #expect(made.adcode == adcode && made.text.count == 18)
            }
        }
        #expect(throws: UnifiedSocialCreditCode.Invalidity.character(position: 11, found: "I")) {
            try UnifiedSocialCreditCode.make(adcode: "510104", organisationBody: "MAI00000")
        }
        #expect(throws: UnifiedSocialCreditCode.Invalidity.divisionCode(position: 3, found: "A")) {
            try UnifiedSocialCreditCode.make(adcode: "A10104", organisationBody: "MA000000")
        }
    }
}
