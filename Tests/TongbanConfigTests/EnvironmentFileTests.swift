import Testing
@testable import TongbanConfig

@Suite struct EnvironmentFileTests {
    @Test func valuesFillOnlyWhatTheEnvironmentLacks() throws {
        let values = try EnvironmentFile.values(in: "# comment\n\nA=1\nB=x=y\n", name: "t.env")
        #expect(values == ["A": "1", "B": "x=y"])
        #expect(["A": "real"].merging(values) { current, _ in current } == ["A": "real", "B": "x=y"])
    }

    @Test func aLineThatIsNotKeyValueIsAnErrorWithItsLine() {
        #expect(throws: EnvironmentFile.Failure.self) { try EnvironmentFile.values(in: "A=1\njust words\n", name: "t.env") }
        do { _ = try EnvironmentFile.values(in: "A=1\n=2\n", name: "t.env") } catch { #expect(error.description == "t.env:2: expected KEY=VALUE") }
    }
}
