import Testing

@testable import GeoKit

@Suite("PostgreSQL connection string")
struct PostgresConnectionStringTests {
    @Test func dropsGDALsOwnKeywordsAndKeepsLibpqsAsWritten() {
        let parsed = PostgresConnectionString(
            "PG:host=127.0.0.1 port=5433 tables=firms,parks dbname='规划 局' password='a b\\'c' "
                + "schemas=public active_schema=work list_all_tables=yes sslmode=disable")
        #expect(parsed.conninfo == "host=127.0.0.1 port=5433 dbname='规划 局' password='a b\\'c' sslmode=disable")
        #expect(parsed.activeSchema == "work")
    }

    @Test func readsQuotedSchemasAndBlanksAroundTheEqualsSign() {
        let parsed = PostgresConnectionString("pg: dbname = register active_schema = 'plan \\'x\\''")
        #expect(parsed.conninfo == "dbname = register")
        #expect(parsed.activeSchema == "plan 'x'")
    }

    @Test func passesAURIToLibpqWhole() {
        let parsed = PostgresConnectionString("PG:postgresql://planner@127.0.0.1:5433/register?sslmode=disable")
        #expect(parsed.conninfo == "postgresql://planner@127.0.0.1:5433/register?sslmode=disable")
        #expect(parsed.activeSchema == nil)
    }
}
