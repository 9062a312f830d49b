/// Chinese names of synthetic firms: 成都 + a two-character trade name + the
/// industry word + 有限公司 / 股份有限公司, e.g. 成都锦程食品有限公司.
///
/// The trade names are auspicious words of the kind firms choose; a likeness to a
/// real firm's name is by chance, and every row says `synthetic`.
enum SynthFirmNames {
    static let tradeNames: [String] = [
        "锦程", "蓉城", "天府", "华西", "蜀韵", "锦华", "西岭", "青城", "峨眉", "金沙",
        "浣花", "锦绣", "宏远", "恒通", "鑫达", "瑞丰", "嘉禾", "顺昌", "永盛", "兴隆",
        "德源", "和信", "安泰", "康达", "汇通", "博远", "中和", "长青", "新源", "广聚",
        "川府", "岷江", "沱江", "龙泉", "锦官", "芙蓉", "银杏", "竹林", "望江", "东篱",
        "鼎盛", "泰和", "信达", "弘毅", "明德", "众诚", "卓越", "创新", "智汇", "云帆",
        "启航", "远航", "凌云", "星辰", "晨曦", "朝阳", "东方", "西部", "南方", "北辰",
        "盛世", "华章", "辰星", "润泽", "丰源", "金桥", "银河", "宝丰", "富民", "乐山",
        "巴蜀", "锦屏", "玉林", "桂溪", "青羊", "文殊", "宽窄", "春熙", "合江", "九眼",
    ]

    static func make(tradeName: Int, word: String, jointStock: Bool) -> String {
        "成都\(tradeNames[tradeName])\(word)\(jointStock ? "股份有限公司" : "有限公司")"
    }
}
