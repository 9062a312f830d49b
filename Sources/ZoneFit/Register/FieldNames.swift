/// The headers that may hold each register field, in the order they are
/// tried: zonefit's built-in table, overridden by the rule profile's
/// `[fields]`, then by a `--columns` file, then by `--map field=header` (each
/// later list tried before the earlier ones; a `--map` header is the only one
/// tried, and must be there).
public struct FieldNames: Sendable, Equatable {
    /// Candidate headers per field, the first tried first.
    private(set) var candidates: [FirmField: [String]]
    /// Headers named with `--map`: the column, whatever the lists say.
    private(set) var mapped: [FirmField: String] = [:]

    /// The built-in table: Chinese and English headers a market regulation bureau's or a statistics
    /// bureau's register uses. A header's unit in parentheses is read separately (see `FieldUnit`), so
    /// `用地面积` also names `用地面积（亩）`.
    public static let builtIn = FieldNames(candidates: [
        .industryCode: [
            "industry_code", "行业代码", "国民经济行业代码", "国民经济行业分类代码", "行业分类代码", "所属行业代码", "nic_code",
        ],
        .name: ["name", "企业名称", "名称", "单位详细名称", "单位名称", "企业名", "firm_name", "company_name"],
        .uscc: ["uscc", "统一社会信用代码", "信用代码", "社会信用代码", "credit_code"],
        .revenue: ["revenue", "营业收入", "主营业务收入", "营收", "operating_revenue"],
        .valueAdded: ["value_added", "增加值", "工业增加值"],
        .tax: ["tax", "税收", "税收总额", "纳税额", "实缴税金"],
        .energy: ["energy_tce", "energy", "综合能耗", "综合能源消费量", "能耗"],
        .water: ["water_m3", "water", "用水量", "取水量"],
        .land: ["land_m2", "land", "用地面积", "占地面积", "土地面积", "land_area"],
        .employees: ["employees", "从业人员", "从业人员期末人数", "从业人数", "职工人数", "员工人数"],
        .chainLeader: ["chain_leader", "链主企业", "是否链主", "链主"],
        .keep: ["keep", "保留", "是否保留"],
        // Where the firm operates before where it is registered: the premises are what a plan places.
        .address: ["address", "经营场所", "生产经营地址", "住所", "地址", "注册地址", "企业地址", "详细地址"],
        // 存续, 在业, 迁出, 注销, 吊销 …: what `diff` reads to tell firms that left from firms missing in an extract.
        .status: ["status", "登记状态", "经营状态", "企业状态", "企业登记状态", "状态"],
    ])

    /// The headers tried for `field`, first first.
    func headers(_ field: FirmField) -> [String] { mapped[field].map { [$0] } ?? candidates[field] ?? [] }

    /// These names with `lists` (a `[fields]` table: field key → headers) tried first; `origin` names
    /// the file in an error.
    public func overridden(by lists: [String: [String]], origin: String) throws -> FieldNames {
        var result = self
        for (key, headers) in lists {
            let field = try Self.field(key, origin: origin)
            result.candidates[field] = headers + (candidates[field] ?? []).filter { !headers.contains($0) }
        }
        return result
    }

    /// These names with the `[fields]` table of the TOML file at `path` tried first (`--columns`).
    public func overridden(byFile path: String) throws -> FieldNames {
        struct File: Decodable { var fields: [String: [String]] }
        let file = try TOMLFile.decode(File.self, from: path, what: "the column mapping")
        do {
            return try overridden(by: file.fields, origin: "[fields]")
        } catch let error as ZoneFitError {
            throw error.about(file: path)
        }
    }

    /// These names with `field` held by the column `header` and no other (`--map field=header`).
    public func mapping(_ key: String, to header: String) throws -> FieldNames {
        var result = self
        result.mapped[try Self.field(key, origin: nil)] = header
        return result
    }

    /// Whether `--map` names the column of `field`.
    func isMapped(_ field: FirmField) -> Bool { mapped[field] != nil }

    /// `origin`: the file that names the field, for the message (nil: the caller's setting).
    private static func field(_ key: String, origin: String?) throws -> FirmField {
        guard let field = FirmField.allCases.first(where: { $0.key == key }) else {
            throw ZoneFitError(
                (origin.map { "\($0): " } ?? "") + "'\(key)' is not a register field (expected one of "
                    + FirmField.allCases.map(\.key).joined(separator: ", ") + ")",
                setting: origin == nil ? .fieldMap : nil)
        }
        return field
    }
}
