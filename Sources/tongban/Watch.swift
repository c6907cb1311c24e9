import ArgumentParser
import Foundation
import TongbanClient

/// `tongban watch`: a live status board of applications in the terminal, read through the
/// portal API like a portal would.
struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show applications' statuses live: arguments ending in .json are submitted first, the others are gateway ids (or NAME=ID).",
        discussion: """
            On a terminal the board is redrawn in place; otherwise each change is printed as one line. \
            It stops when every application is final (evaluation code 3), after --timeout seconds, or on Ctrl-C.
            """)

    @Argument(help: "Application files to submit, and/or gateway ids (app_…, or NAME=app_… to label them) to watch.")
    var items: [String]

    @Option(help: "Seconds between two reads.")
    var interval = 0.5

    @Option(help: "Give up after this many seconds (0: never); exits 1 if some application is not final by then.")
    var timeout = 0.0

    @Flag(help: "Give each submitted file a fresh portal case number, so the same samples can be run again.")
    var fresh = false

    @OptionGroup var options: ConfigOptions
    @OptionGroup var portalOptions: PortalOptions

    func validate() throws {
        guard interval >= 0.05 else { throw ValidationError("--interval must be at least 0.05") }
        guard !items.isEmpty else { throw ValidationError("give at least one application file or id") }
    }

    func run() async throws {
        let client = try portalOptions.client(options)
        var rows: [Row] = []
        let suffix = fresh ? "-" + String(UInt32(Date().timeIntervalSince1970) % 100_000) : ""
        for item in items {
            if item.hasSuffix(".json") {
                rows.append(try await submit(item, suffix: suffix, client))
            } else if let equals = item.firstIndex(of: "=") {
                rows.append(Row(label: String(item[..<equals]), id: String(item[item.index(after: equals)...])))
            } else {
                rows.append(Row(label: item, id: item))
            }
        }
        let terminal = isatty(STDOUT_FILENO) == 1
        let started = Date()
        var printed: [String: String] = [:]
        while true {
            for i in rows.indices { rows[i].update(from: try await client.application(id: rows[i].id)) }
            if terminal {
                FileHandle.standardOutput.write(Data(("\u{1B}[H\u{1B}[2J" + Self.board(rows, at: Date())).utf8))
            } else {
                for row in rows where printed[row.id] != row.line {
                    // Unbuffered, so a pipe or a log sees each change when it happens.
                    FileHandle.standardOutput.write(Data("\(Self.clock(Date()))  \(row.line)\n".utf8))
                    printed[row.id] = row.line
                }
            }
            if rows.allSatisfy(\.isFinal) { return }
            if timeout > 0, Date().timeIntervalSince(started) > timeout {
                print("timed out: \(rows.filter { !$0.isFinal }.map(\.label).joined(separator: ", ")) not final")
                throw ExitCode(1)
            }
            try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
        }
    }

    private func submit(_ file: String, suffix: String, _ client: PortalClient) async throws -> Row {
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandError("cannot read \(file)") }
        var body = data
        if !suffix.isEmpty, var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
            for key in ["portalCaseNo", "projid"] { if let no = object[key] as? String { object[key] = no + suffix } }
            body = try JSONSerialization.data(withJSONObject: object)
        }
        let reply = try await client.submit(Array(body))
        guard reply.status == 202, let object = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any],
              let id = object["id"] as? String else {
            throw CommandError("\(file): HTTP \(reply.status)\n\(reply.text)")
        }
        return Row(label: (file as NSString).lastPathComponent.replacingOccurrences(of: ".json", with: ""), id: id)
    }

    /// One application on the board.
    struct Row {
        var label: String
        var id: String
        var status = "?"
        var code = 0
        var dueDate = ""
        var overdue = false
        var targets: [(adapter: String, status: String)] = []
        var problem: String?

        var isFinal: Bool { code == 3 }

        mutating func update(from reply: PortalClient.Reply) {
            guard reply.status == 200, let object = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any] else {
                problem = "HTTP \(reply.status)"
                return
            }
            problem = nil
            status = object["status"] as? String ?? "?"
            code = object["evaluationCode"] as? Int ?? 0
            dueDate = object["dueDate"] as? String ?? ""
            overdue = object["overdue"] as? Bool ?? false
            targets = (object["targets"] as? [[String: Any]] ?? []).map { ($0["adapterId"] as? String ?? "-", $0["status"] as? String ?? "?") }
        }

        var targetText: String { targets.map { "\($0.adapter) \($0.status)" }.joined(separator: ", ") }

        var line: String {
            if let problem { return "\(label) \(id) \(problem)" }
            return "\(label) \(status) (\(code)) due \(dueDate)\(overdue ? " OVERDUE" : "") — \(targetText)"
        }
    }

    static func board(_ rows: [Row], at now: Date) -> String {
        let width = max(12, rows.map(\.label.count).max() ?? 0)
        var out = "通办 Tongban — \(rows.count) applications, \(rows.filter(\.isFinal).count) final — \(clock(now)) (Ctrl-C to stop)\n\n"
        out += pad("APPLICATION", width) + "  " + pad("STATUS", 20) + "  CODE  " + pad("DUE", 11) + "  TARGETS\n"
        for row in rows {
            let status = row.problem ?? row.status
            let color = row.problem != nil ? "31" : row.isFinal ? (row.status == "completed" ? "32" : "33") : "36"
            out += pad(row.label, width) + "  \u{1B}[\(color)m" + pad(status, 20) + "\u{1B}[0m  " + pad(String(row.code), 4) + "  "
                + pad(row.dueDate + (row.overdue ? "!" : ""), 11) + "  " + row.targetText + "\n"
        }
        return out
    }

    static func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }

    static func clock(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: date)
    }
}
