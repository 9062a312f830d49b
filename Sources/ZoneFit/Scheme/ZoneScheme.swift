import Foundation

/// A city's zone scheme as written in a TOML file (see README, "Zone scheme").
///
/// The scheme names the district layer and the functional-area layer, puts
/// every district in a zone class, marks the core districts, and lists the
/// functional areas (城市新区) that take precedence over the districts they
/// lie in.
public struct ZoneScheme: Sendable {
    public struct Zone: Sendable, Codable {
        public var id: ZoneClass
        public var name: String
        public var nameEn: String

        enum CodingKeys: String, CodingKey {
            case id, name
            case nameEn = "name_en"
        }
    }

    public struct District: Sendable, Codable {
        public var adcode: String
        public var zone: ZoneClass
        public var isCore: Bool
        /// The id of the statistical unit the district's remainder forms.
        public var unit: String

        enum CodingKeys: String, CodingKey {
            case adcode, zone
            case isCore = "is_core"
            case unit
        }
    }

    public struct FunctionalArea: Sendable, Codable {
        public var id: String
        public var zone: ZoneClass
        public var name: String
        public var nameEn: String

        enum CodingKeys: String, CodingKey {
            case id, zone, name
            case nameEn = "name_en"
        }
    }

    /// How a register's addresses and USCCs name the scheme's ground, for firms without coordinates
    /// (`AddressPlacer`): the city's own names, other names of units and districts, and registration
    /// authority codes issued before boundary reforms, each mapped to today's district or unit.
    public struct Places: Sendable, Codable {
        public var cityNames: [String]
        /// A name in addresses → a unit id or a district's adcode.
        public var aliases: [String: String]
        /// A registering authority's division code (USCC positions 3–8) → a district's adcode or a unit id.
        public var registrationCodes: [String: String]

        enum CodingKeys: String, CodingKey {
            case cityNames = "city_names"
            case aliases
            case registrationCodes = "registration_codes"
        }

        public init(
            cityNames: [String] = [], aliases: [String: String] = [:], registrationCodes: [String: String] = [:]
        ) {
            (self.cityNames, self.aliases, self.registrationCodes) = (cityNames, aliases, registrationCodes)
        }

        public init(from decoder: Decoder) throws {
            let values = try decoder.container(keyedBy: CodingKeys.self)
            cityNames = try values.decodeIfPresent([String].self, forKey: .cityNames) ?? []
            aliases = try values.decodeIfPresent([String: String].self, forKey: .aliases) ?? [:]
            registrationCodes = try values.decodeIfPresent([String: String].self, forKey: .registrationCodes) ?? [:]
        }
    }

    struct File: Codable {
        var id: String
        var name: String
        var nameEn: String
        var policy: String?
        var areaCRS: String?
        var districts: String
        var districtCodeField: String
        var districtNameField: String
        var districtNameEnField: String?
        var functionalAreas: String?
        var functionalAreaIdField: String?
        var city: String?
        var zones: [Zone]
        var districtEntries: [District]
        var functionalAreaEntries: [FunctionalArea]?
        var places: Places?

        enum CodingKeys: String, CodingKey {
            case id, name
            case nameEn = "name_en"
            case policy
            case areaCRS = "area_crs"
            case districts = "districts_file"
            case districtCodeField = "district_code_field"
            case districtNameField = "district_name_field"
            case districtNameEnField = "district_name_en_field"
            case functionalAreas = "functional_areas_file"
            case functionalAreaIdField = "functional_area_id_field"
            case city = "city_file"
            case zones
            case districtEntries = "districts"
            case functionalAreaEntries = "functional_areas"
            case places
        }
    }

    public let path: String
    public let id: String
    public let name: String
    public let nameEn: String
    public let policy: String?
    /// The projected CRS in which areas and distances are computed.
    public let areaCRS: String
    public let districtsPath: String
    public let districtCodeField: String
    public let districtNameField: String
    public let districtNameEnField: String?
    public let functionalAreasPath: String?
    public let functionalAreaIdField: String
    /// The city outline the districts must tile, when the scheme names one.
    public let cityPath: String?
    public let zones: [Zone]
    public let districts: [District]
    public let functionalAreas: [FunctionalArea]
    public var places: Places

    /// Reads and checks a scheme file; layer paths are relative to it.
    public init(contentsOf path: String) throws {
        let file = try TOMLFile.decode(File.self, from: path, what: "the zone scheme")
        let resolve = TOMLFile.resolver(relativeTo: path)
        self.path = path
        self.id = file.id
        self.name = file.name
        self.nameEn = file.nameEn
        self.policy = file.policy
        self.areaCRS = file.areaCRS ?? "EPSG:4544"
        self.districtsPath = resolve(file.districts)
        self.districtCodeField = file.districtCodeField
        self.districtNameField = file.districtNameField
        self.districtNameEnField = file.districtNameEnField
        self.functionalAreasPath = file.functionalAreas.map(resolve)
        self.functionalAreaIdField = file.functionalAreaIdField ?? "id"
        self.cityPath = file.city.map(resolve)
        self.zones = file.zones
        self.districts = file.districtEntries.sorted { $0.adcode < $1.adcode }
        self.functionalAreas = file.functionalAreaEntries ?? []
        self.places = file.places ?? Places()
        try check()
    }

    /// Structural checks that need no geometry: duplicates and missing zones.
    private func check() throws {
        var seen = Set<String>()
        for district in districts where !seen.insert(district.adcode).inserted {
            throw ZoneFitError(file: path, "district \(district.adcode) is listed twice")
        }
        var units = Set<String>()
        for id in districts.map(\.unit) + functionalAreas.map(\.id) where !units.insert(id).inserted {
            throw ZoneFitError(file: path, "unit id '\(id)' is used twice")
        }
        let declared = Set(zones.map(\.id))
        for zone in districts.map(\.zone) + functionalAreas.map(\.zone) where !declared.contains(zone) {
            throw ZoneFitError(file: path, "zone '\(zone.rawValue)' is used but not declared under [[zones]]")
        }
        if !functionalAreas.isEmpty && functionalAreasPath == nil {
            throw ZoneFitError(file: path, "functional_areas are listed but functional_areas_file is not set")
        }
    }
}

extension ZoneScheme {
    /// The scheme used when `--scheme` is not given: `$ZONEFIT_SCHEME`, else
    /// `GeoData/chengdu/zones.toml` in the current folder or above the executable.
    public static func defaultPath(executable: String = CommandLine.arguments[0]) -> String? {
        if let path = ProcessInfo.processInfo.environment["ZONEFIT_SCHEME"] { return path }
        let relative = "GeoData/chengdu/zones.toml"
        var folders = [FileManager.default.currentDirectoryPath]
        var url = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            folders.append(url.path)
            url.deleteLastPathComponent()
        }
        return folders.map { "\($0)/\(relative)" }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// A shipped file found the way the scheme is: `$environment` if set, else `relative`
    /// to the default scheme's folder, if it exists there.
    static func shippedFile(environment: String, besideScheme relative: String) -> String? {
        if let path = ProcessInfo.processInfo.environment[environment] { return path }
        guard let scheme = defaultPath() else { return nil }
        let path = URL(fileURLWithPath: scheme).deletingLastPathComponent().appendingPathComponent(relative)
            .standardizedFileURL.path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
