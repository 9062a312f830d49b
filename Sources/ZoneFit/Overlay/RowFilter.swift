// A `--where` clause evaluated by zonefit itself, for the streaming CSV path.
//
// OGR evaluates an attribute filter only inside its own per-feature reader,
// which is exactly the slow path the streaming reader exists to avoid. So the
// simple subset of OGR SQL is evaluated here, with GDAL 3.6's semantics for a
// CSV layer opened with default options (every field a String field):
//
// - comparisons `=` `<>` `!=` `<` `>` `<=` `>=`, `[NOT] IN (…)`, `[NOT] LIKE`,
//   `IS [NOT] NULL`, `AND` `OR` `NOT`, parentheses;
// - 'string' literals ('' or \' for a quote), integer and real literals
//   (with unary minus), field names bare or "double-quoted" (\" for a quote).
//
// What OGR 3.6 does, found by experiment with ogr2ogr (RowFilterTests check it):
// - String comparison, `=` and `IN` included, is strcasecmp: ASCII letters
//   fold to lower case, then bytes compare, so '10' < '9' and 'abc' = 'ABC'.
// - A String field against a number is a type error, not a conversion, so
//   `employees > 100` is refused (nil here, so OGR reports it).
// - LIKE is case-sensitive, `_` matches one byte (not one character), there
//   is no default escape, and a trailing '%%' wants one more byte ('abc%%'
//   does not match 'abc'): swq_test_like's quirks, kept.
// - An empty cell is '', not NULL; only cells missing from a short row are NULL.
// - Any comparison, IN or LIKE with a NULL side is false (IN with a NULL item
//   too, even if another item matches), and NOT, AND, OR are plain two-valued:
//   `NOT (b = 'y')` is true where b is NULL.
// - Field names match case-insensitively (ASCII). A bare name must start with
//   an ASCII letter, so 行业代码 has to be written "行业代码".
// - OGR's parser stops reading at a bare non-ASCII byte or an unterminated
//   quote: an error, unless what came before is a whole clause, which OGR then
//   applies, ignoring the rest (nil here, so OGR does that).
//
// Anything else (functions, arithmetic, BETWEEN, ILIKE, ESCAPE, CAST, NULL as
// a value, special fields such as FID, constants used as conditions) gives nil:
// the caller then reads through OGR, which evaluates it or reports the error.

/// A WHERE clause in the simple subset, evaluated on a row's field texts.
struct RowFilter: Sendable {
    /// The indexes of the fields the clause reads (so the caller only materialises those).
    let fieldIndexes: [Int]
    private let root: Condition

    /// nil when the clause uses anything outside the subset: the caller then goes through OGR.
    /// Throws for a clause that OGR would also reject as malformed (unbalanced parentheses,
    /// an unterminated string, a clause that stops after an operator, a blank clause, a
    /// bare non-ASCII name) or that names a field `fields` lacks (the message lists them).
    /// `fields` are the layer's field names in order; "" is no filter, as in OGR.
    init?(_ clause: String, fields: [String]) throws {
        // OGR's CSV driver renames a repeated or empty header ("name" again becomes
        // "name2"), so these names would not be the ones the clause can use.
        let folded = fields.map(Self.foldASCII)
        guard Set(folded).count == fields.count, !fields.contains("") else { return nil }
        // OGR treats an empty filter as no filter.
        if clause.isEmpty {
            fieldIndexes = []
            root = .constant(true)
            return
        }
        do {
            var parser = try Parser(clause: clause, fields: fields, foldedFields: folded)
            root = try parser.parseClause()
        } catch is OutsideSubset {
            return nil
        }
        fieldIndexes = root.fieldIndexes.sorted()
    }

    /// `text(i)` gives field i's text as OGR's CSV driver would: nil where OGR would give NULL.
    func matches(_ text: (Int) -> String?) -> Bool { root.holds(text) }

    static func foldASCII(_ name: String) -> String {
        String(decoding: name.utf8.map(lowerASCII), as: UTF8.self)
    }
}

// MARK: - The parsed clause

/// One side of a string comparison. Numbers never get here: the parser folds
/// number-against-number comparisons to constants and refuses mixed ones.
private enum Term: Sendable {
    case field(Int)
    case text(String)

    func value(_ text: (Int) -> String?) -> String? {
        switch self {
        case .field(let index): return text(index)
        case .text(let literal): return literal
        }
    }
}

private enum Comparison: Sendable {
    case equal, notEqual, less, greater, lessOrEqual, greaterOrEqual

    func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .greater: return a > b
        case .lessOrEqual: return a <= b
        case .greaterOrEqual: return a >= b
        }
    }
}

private indirect enum Condition: Sendable {
    case constant(Bool)
    case not(Condition)
    case and(Condition, Condition)
    case or(Condition, Condition)
    case compare(Term, Comparison, Term)
    case oneOf(Term, [Term])
    case like(Term, pattern: Term)
    case isNull(field: Int)

    func holds(_ text: (Int) -> String?) -> Bool {
        switch self {
        case .constant(let value):
            return value
        case .not(let inner):
            return !inner.holds(text)
        case .and(let a, let b):
            return a.holds(text) && b.holds(text)
        case .or(let a, let b):
            return a.holds(text) || b.holds(text)
        case .compare(let left, let comparison, let right):
            guard let a = left.value(text), let b = right.value(text) else { return false }
            return comparison.holds(caseFoldedOrder(a, b), 0)
        case .oneOf(let left, let items):
            // A NULL anywhere makes IN false in OGR, even where another item matches.
            guard let a = left.value(text) else { return false }
            var found = false
            for item in items {
                guard let b = item.value(text) else { return false }
                found = found || caseFoldedOrder(a, b) == 0
            }
            return found
        case .like(let value, let pattern):
            guard let a = value.value(text), let p = pattern.value(text) else { return false }
            return likeMatches(a, p)
        case .isNull(let field):
            return text(field) == nil
        }
    }

    var fieldIndexes: Set<Int> {
        func fields(_ term: Term) -> Set<Int> {
            if case .field(let index) = term { return [index] }
            return []
        }
        switch self {
        case .constant: return []
        case .not(let inner): return inner.fieldIndexes
        case .and(let a, let b), .or(let a, let b): return a.fieldIndexes.union(b.fieldIndexes)
        case .compare(let a, _, let b), .like(let a, let b): return fields(a).union(fields(b))
        case .oneOf(let left, let items): return items.reduce(fields(left)) { $0.union(fields($1)) }
        case .isNull(let field): return [field]
        }
    }
}

private func lowerASCII(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
}

/// strcasecmp as glibc does it in the C locale: -1, 0 or 1.
private func caseFoldedOrder(_ a: String, _ b: String) -> Int {
    var left = a.utf8.makeIterator()
    var right = b.utf8.makeIterator()
    while true {
        switch (left.next().map(lowerASCII), right.next().map(lowerASCII)) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let x?, let y?) where x != y: return x < y ? -1 : 1
        default: continue
        }
    }
}

/// OGR 3.6's swq_test_like, byte by byte and case-sensitive, quirks included.
private func likeMatches(_ value: String, _ pattern: String) -> Bool {
    var value = value
    var pattern = pattern
    return value.withUTF8 { input in pattern.withUTF8 { likeMatches(input, 0, $0, 0) } }
}

private func likeMatches(
    _ input: UnsafeBufferPointer<UInt8>, _ start: Int, _ pattern: UnsafeBufferPointer<UInt8>, _ patternStart: Int
) -> Bool {
    var i = start
    var p = patternStart
    while i < input.count {
        guard p < pattern.count else { return false }
        switch pattern[p] {
        case UInt8(ascii: "_"):
            i += 1
            p += 1
        case UInt8(ascii: "%"):
            if p + 1 == pattern.count { return true }
            // OGR tries every split that leaves at least one byte of input.
            return (i..<input.count).contains { likeMatches(input, $0, pattern, p + 1) }
        case let byte:
            guard byte == input[i] else { return false }
            i += 1
            p += 1
        }
    }
    // The input is used up: what is left of the pattern must be nothing or a single '%'.
    return p == pattern.count || (p + 1 == pattern.count && pattern[p] == UInt8(ascii: "%"))
}

// MARK: - Tokens

/// A clause zonefit leaves to OGR, which may accept it or give its own error.
private struct OutsideSubset: Error {}

private enum Number {
    case integer(Int64)
    case real(Double)

    var negated: Number {
        switch self {
        case .integer(let value): return .integer(-value)
        case .real(let value): return .real(-value)
        }
    }

    var real: Double {
        switch self {
        case .integer(let value): return Double(value)
        case .real(let value): return value
        }
    }

    /// Integer against integer stays integer (as in OGR); otherwise both are doubles.
    static func holds(_ comparison: Comparison, _ a: Number, _ b: Number) -> Bool {
        if case .integer(let x) = a, case .integer(let y) = b { return comparison.holds(x, y) }
        return comparison.holds(a.real, b.real)
    }
}

private enum Token {
    case word(String)  // a bare name or keyword
    case quotedName(String)
    case text(String)
    case number(Number)
    case symbol(UInt8)  // ( ) , = < > ! - and any other single byte

    func isWord(_ keyword: String) -> Bool {
        if case .word(let word) = self { return RowFilter.foldASCII(word) == keyword }
        return false
    }

    func isSymbol(_ character: Character) -> Bool {
        if case .symbol(let byte) = self { return byte == character.asciiValue }
        return false
    }
}

/// Splits a clause the way OGR's swqlex does, so the same text means the same tokens.
/// Where swqlex fails it returns a token OGR's parser takes for the end of the clause:
/// at an unterminated quote, and at a non-ASCII byte starting a token (a negative
/// char). Tokenizing stops there too; `cutShort` says why, for when the tokens
/// before do not make a whole clause.
private func tokenize(_ clause: String) -> (tokens: [(token: Token, text: String)], cutShort: String?) {
    let bytes = Array(clause.utf8)
    var tokens: [(token: Token, text: String)] = []
    var i = 0
    func isDigit(_ b: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
    func isLetter(_ b: UInt8) -> Bool { lowerASCII(b) >= UInt8(ascii: "a") && lowerASCII(b) <= UInt8(ascii: "z") }
    func at(_ index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }
    func text(_ from: Int) -> String { String(decoding: bytes[from..<i], as: UTF8.self) }

    while i < bytes.count {
        let start = i
        let byte = bytes[i]
        if [9, 10, 13, 32].contains(byte) {
            i += 1
            continue
        }
        if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
            var content: [UInt8] = []
            var closed = false
            i += 1
            while i < bytes.count {
                let next = at(i + 1)
                if bytes[i] == UInt8(ascii: "\\") && next == byte {
                    i += 1
                } else if byte == UInt8(ascii: "'") && bytes[i] == byte && next == byte {
                    i += 1
                } else if bytes[i] == byte {
                    i += 1
                    closed = true
                    break
                }
                content.append(bytes[i])
                i += 1
            }
            guard closed else {
                let kind = byte == UInt8(ascii: "'") ? "string" : "quoted field name"
                return (tokens, "WHERE clause has an unterminated \(kind): \(text(start))")
            }
            let value = String(decoding: content, as: UTF8.self)
            tokens.append((byte == UInt8(ascii: "'") ? .text(value) : .quotedName(value), text(start)))
        } else if isDigit(byte) {
            while let b = at(i), isDigit(b) { i += 1 }
            var isReal = false
            if at(i) == UInt8(ascii: ".") {
                isReal = true
                i += 1
                while let b = at(i), isDigit(b) { i += 1 }
            }
            if let e = at(i), lowerASCII(e) == UInt8(ascii: "e") {
                isReal = true
                i += 1
                if at(i) == UInt8(ascii: "+") || at(i) == UInt8(ascii: "-") { i += 1 }
                while let b = at(i), isDigit(b) { i += 1 }
            }
            let literal = text(start)
            // An integer too large for 64 bits becomes a real, and "1e" is 1 (CPLAtof), as in OGR.
            let mantissa = literal.prefix { $0 != "e" && $0 != "E" }
            if !isReal, let value = Int64(literal) {
                tokens.append((.number(.integer(value)), literal))
            } else if let value = Double(literal) ?? Double(mantissa) {
                tokens.append((.number(.real(value)), literal))
            }
        } else if isLetter(byte) {
            i += 1
            while let b = at(i), isLetter(b) || isDigit(b) || b == UInt8(ascii: "_") || b > 127 { i += 1 }
            tokens.append((.word(text(start)), text(start)))
        } else if byte > 127 {
            while let b = at(i), b > 127 || isLetter(b) || isDigit(b) || b == UInt8(ascii: "_") { i += 1 }
            let name = text(start)
            let advice = "a field name that does not start with an ASCII letter must be in double quotes"
            return (tokens, "WHERE clause: \(advice): \"\(name)\", not \(name)")
        } else {
            i += 1
            tokens.append((.symbol(byte), text(start)))
        }
    }
    return (tokens, nil)
}

// MARK: - Parser

/// Recursive descent with SQL's precedence: OR, then AND, then NOT, then a predicate.
private struct Parser {
    private let tokens: [(token: Token, text: String)]
    /// Why the tokens stop before the clause does (where OGR's parser stops too).
    private let cutShort: String?
    private var position = 0
    private let fields: [String]
    private let foldedFields: [String]

    /// OGR SQL's reserved words (and TRUE/FALSE, which newer GDAL reads as values):
    /// never a field name when bare.
    private static let keywords: Set<String> = [
        "in", "like", "ilike", "escape", "null", "is", "not", "and", "or", "between", "select", "left",
        "join", "where", "on", "order", "by", "from", "as", "asc", "desc", "distinct", "cast", "union",
        "all", "limit", "offset", "outer", "inner", "true", "false",
    ]
    /// Names OGR resolves to feature properties rather than to fields.
    private static let specialFields: Set<String> = [
        "fid", "ogr_geometry", "ogr_style", "ogr_geom_wkt", "ogr_geom_area",
    ]

    init(clause: String, fields: [String], foldedFields: [String]) throws {
        (tokens, cutShort) = tokenize(clause)
        self.fields = fields
        self.foldedFields = foldedFields
        var depth = 0
        for (token, _) in tokens {
            if token.isSymbol("(") { depth += 1 }
            if token.isSymbol(")") { depth -= 1 }
            if depth < 0 { throw malformed("has unbalanced parentheses: a ')' closes nothing") }
        }
        if depth > 0 { throw malformed("has unbalanced parentheses: \(depth) '(' not closed") }
        if tokens.isEmpty { throw malformed("is blank") }
    }

    mutating func parseClause() throws -> Condition {
        let condition = try orExpression()
        // After a whole clause OGR ignores where its lexer failed, and what follows: its call.
        guard position == tokens.count, cutShort == nil else { throw OutsideSubset() }
        return condition
    }

    /// A clause OGR rejects too. Where the tokens were cut short, that is the cause.
    private func malformed(_ what: String) -> ZoneFitError {
        ZoneFitError(cutShort ?? "WHERE clause \(what)")
    }

    // MARK: Token access

    private var next: Token? { position < tokens.count ? tokens[position].token : nil }

    private mutating func take(_ keyword: String) -> Bool {
        guard next?.isWord(keyword) == true else { return false }
        position += 1
        return true
    }

    private mutating func take(symbol: Character) -> Bool {
        guard next?.isSymbol(symbol) == true else { return false }
        position += 1
        return true
    }

    /// The clause stops where something must follow: malformed in any SQL.
    private func endedEarly() -> ZoneFitError {
        malformed("ends too early, after '\(tokens[position - 1].text)'")
    }

    /// The next token, which must exist because the grammar needs one here.
    private mutating func required() throws -> Token {
        guard let token = next else { throw endedEarly() }
        position += 1
        return token
    }

    // MARK: Conditions

    private mutating func orExpression() throws -> Condition {
        var condition = try andExpression()
        while take("or") { condition = .or(condition, try andExpression()) }
        return condition
    }

    private mutating func andExpression() throws -> Condition {
        var condition = try notExpression()
        while take("and") { condition = .and(condition, try notExpression()) }
        return condition
    }

    private mutating func notExpression(afterNot: Bool = false) throws -> Condition {
        if take("not") { return .not(try notExpression(afterNot: true)) }
        if take(symbol: "(") {
            let inner = try orExpression()
            guard take(symbol: ")") else { throw OutsideSubset() }
            return inner
        }
        return try predicate(afterNot: afterNot)
    }

    /// `afterNot`: OGR's grammar reads `NOT a NOT LIKE b` as `(NOT a) NOT LIKE b`,
    /// a type error, so a predicate right after NOT may not be negated itself.
    private mutating func predicate(afterNot: Bool) throws -> Condition {
        let left = try operand()
        guard let token = next else { throw OutsideSubset() }  // a bare value as a condition
        if case .symbol = token { return try comparison(left, try comparisonOperator()) }
        position += 1
        if token.isWord("is") {
            let negated = take("not")
            guard try required().isWord("null"), case .term(.field(let index)) = left else { throw OutsideSubset() }
            return negated ? .not(.isNull(field: index)) : .isNull(field: index)
        }
        var negated = false
        var keyword = token
        if token.isWord("not") {
            guard !afterNot else { throw OutsideSubset() }
            negated = true
            keyword = try required()
        }
        let condition: Condition
        if keyword.isWord("in") {
            condition = try membership(left)
        } else if keyword.isWord("like") {
            guard case .term(let value) = left, case .term(let pattern) = try operand(), next?.isWord("escape") != true
            else {
                throw OutsideSubset()
            }
            condition = .like(value, pattern: pattern)
        } else {
            throw OutsideSubset()  // BETWEEN, ILIKE, …
        }
        return negated ? .not(condition) : condition
    }

    private mutating func comparisonOperator() throws -> Comparison {
        // OGR's grammar takes "<>", "<=", ">=", "!=" as two tokens, so "< >" is "<>" too.
        if take(symbol: "=") { return .equal }
        if take(symbol: "<") {
            if take(symbol: ">") { return .notEqual }
            return take(symbol: "=") ? .lessOrEqual : .less
        }
        if take(symbol: ">") { return take(symbol: "=") ? .greaterOrEqual : .greater }
        if take(symbol: "!") && take(symbol: "=") { return .notEqual }
        throw OutsideSubset()
    }

    private mutating func comparison(_ left: Operand, _ comparison: Comparison) throws -> Condition {
        switch (left, try operand()) {
        case (.term(let a), .term(let b)): return .compare(a, comparison, b)
        case (.number(let a), .number(let b)): return .constant(Number.holds(comparison, a, b))
        default: throw OutsideSubset()  // text against a number: OGR's type error
        }
    }

    private mutating func membership(_ left: Operand) throws -> Condition {
        guard try required().isSymbol("(") else { throw OutsideSubset() }
        var items: [Operand] = []
        repeat { items.append(try operand()) } while take(symbol: ",")
        guard take(symbol: ")") else { throw OutsideSubset() }
        switch left {
        case .term(let value):
            let terms = try items.map { item -> Term in
                guard case .term(let term) = item else { throw OutsideSubset() }
                return term
            }
            return .oneOf(value, terms)
        case .number(let value):
            let numbers = try items.map { item -> Number in
                guard case .number(let number) = item else { throw OutsideSubset() }
                return number
            }
            return .constant(numbers.contains { Number.holds(.equal, value, $0) })
        }
    }

    // MARK: Operands

    private enum Operand {
        case term(Term)
        case number(Number)
    }

    private mutating func operand() throws -> Operand {
        switch try required() {
        case .text(let literal):
            return .term(.text(literal))
        case .number(let number):
            return .number(number)
        case .symbol(UInt8(ascii: "-")):
            guard case .number(let number)? = next else { throw OutsideSubset() }
            position += 1
            return .number(number.negated)
        case .quotedName(let name):
            return .term(.field(try field(name)))
        case .word(let name):
            // A keyword here, or a function call, is OGR's to judge.
            guard !Self.keywords.contains(RowFilter.foldASCII(name)), next?.isSymbol("(") != true else {
                throw OutsideSubset()
            }
            return .term(.field(try field(name)))
        case .symbol:
            throw OutsideSubset()
        }
    }

    private func field(_ name: String) throws -> Int {
        let folded = RowFilter.foldASCII(name)
        // "table"."field" and OGR's special fields are left to OGR.
        guard next?.isSymbol(".") != true, !Self.specialFields.contains(folded) else { throw OutsideSubset() }
        guard let index = foldedFields.firstIndex(of: folded) else {
            throw ZoneFitError(
                "WHERE clause names the field '\(name)', which the table does not have; its fields are: "
                    + fields.joined(separator: ", "))
        }
        return index
    }
}
