import Testing
import ZoneFit

/// Connection strings are told from files, and their passwords are hidden however they are written.
@Suite("data source names")
struct DataSourceNameTests {
    @Test(
        "every form of password is hidden",
        arguments: [
            ("PG:host=h dbname=d password=s3cret user=u", "s3cret"),
            ("PG:host=h password='two words' user=u", "two words"),
            ("PG:host=h password='it\\'s' user=u", "it\\'s"),
            ("PG:password=a\\ b user=u", "a\\ b"),
            ("PG:dbname=d password=p&ss'q\"r", "p&ss'q\"r"),
            ("PG:dbname=d PASSWORD = upper", "upper"),
            ("postgresql://planner:hunter2@db.example/register", "hunter2"),
            ("PG:postgresql://u@h/d?sslmode=require&password=qu3ry&x=1", "qu3ry"),
        ])
    func hidden(_ name: String, _ password: String) {
        let shown = DataSourceName.redacted("cannot read \(name): failed")
        #expect(!shown.contains(password), "\(shown)")
        #expect(shown.contains("***"))
        #expect(shown.hasPrefix("cannot read "))
    }

    @Test("names without a password are left alone; kinds are told apart")
    func kinds() {
        for text in ["out/firms.csv", "PG:host=h dbname=d user=u", "/vsizip/parks.zip/parks.shp"] {
            #expect(DataSourceName.redacted(text) == text)
        }
        #expect(DataSourceName.kind("out/firms.csv") == .file)
        #expect(DataSourceName.kind("/vsigzip/firms.csv.gz") == .virtual)
        #expect(DataSourceName.kind("PG:dbname=d") == .connection)
        #expect(DataSourceName.kind("C:\\data\\firms.csv") == .file)
        #expect(DataSourceName.isPostgreSQL("postgresql://u@h/d") && !DataSourceName.isPostgreSQL("firms.pg.csv"))
    }
}
