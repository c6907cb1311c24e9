import Foundation
import GRDB
import TongbanCore
import TongbanStore

extension SQLiteStore: StatisticsStore {
    public func statisticsRows(from: Date, to: Date) async throws -> (applications: [Statistics.Application], targets: [Statistics.Target]) {
        // received_at is RFC 3339 in Beijing time throughout, so text order is time order.
        let range: StatementArguments = [RFC3339.format(from), RFC3339.format(to)]
        let acceptance = Statistics.acceptance.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try await read { db in
            let applications = try Row.fetchAll(db, sql: """
                SELECT region, json_extract(document, '$.source.channel') AS channel, status FROM applications
                WHERE received_at >= ? AND received_at < ?
                """, arguments: range).map { row in
                Statistics.Application(region: row["region"], channel: row["channel"] ?? "online", status: try Self.enumValue(row["status"]))
            }
            let targets = try Row.fetchAll(db, sql: """
                SELECT t.service, t.status, t.due_date, t.paused_days, t.paused_since, t.last_moved_at, a.received_at,
                       (SELECT MIN(e.occurred_at) FROM events e WHERE e.application_id = t.application_id AND e.target_id = t.id AND e.moved = 1
                          AND e.to_status IN (\(acceptance))) AS accepted_at,
                       (SELECT MIN(e.occurred_at) FROM events e WHERE e.application_id = t.application_id AND e.target_id = t.id AND e.moved = 1
                          AND e.to_status = '\(TargetStatus.completed.rawValue)') AS completed_at
                FROM targets t JOIN applications a ON a.id = t.application_id
                WHERE a.received_at >= ? AND a.received_at < ?
                """, arguments: range).map { row in
                let status: TargetStatus = try Self.enumValue(row["status"])
                return Statistics.Target(
                    service: row["service"], status: status, receivedAt: RFC3339.parse(row["received_at"]) ?? from,
                    clock: ServiceClock(dueDate: try Self.civilDate(row["due_date"]), pausedWorkingDays: row["paused_days"],
                                        pausedSince: try (row["paused_since"] as String?).map(Self.civilDate)),
                    finishedAt: status.isTerminal ? (row["last_moved_at"] as Double?).map(Date.init(timeIntervalSince1970:)) : nil,
                    acceptedAt: (row["accepted_at"] as String?).flatMap(RFC3339.parse),
                    completedAt: (row["completed_at"] as String?).flatMap(RFC3339.parse))
            }
            return (applications, targets)
        }
    }

    public func applicationCountsByStatus() async throws -> [String: Int] {
        try await read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM applications GROUP BY status").map {
                ($0["status"] as String, $0["n"] as Int)
            })
        }
    }

    public func openTargetClocks(dueBefore today: CivilDate) async throws -> [(service: String, clock: ServiceClock)] {
        let terminal = TargetStatus.allCases.filter(\.isTerminal).map(\.rawValue)
        let marks = terminal.map { _ in "?" }.joined(separator: ", ")
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT service, due_date, paused_days, paused_since FROM targets WHERE status NOT IN (\(marks)) AND due_date < ?
                """, arguments: StatementArguments(terminal + [today.description])).map { row in
                (row["service"], ServiceClock(dueDate: try Self.civilDate(row["due_date"]), pausedWorkingDays: row["paused_days"],
                                              pausedSince: try (row["paused_since"] as String?).map(Self.civilDate)))
            }
        }
    }

    public func recentApplications(limit: Int) async throws -> [ApplicationSummary] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, portal_id, portal_case_no, item_code, region, status, due_date, received_at FROM applications ORDER BY rowid DESC LIMIT ?
                """, arguments: [limit]).map { row in
                ApplicationSummary(id: row["id"], portal: row["portal_id"], portalCaseNo: row["portal_case_no"], itemCode: row["item_code"],
                                   region: row["region"], status: row["status"], dueDate: row["due_date"], receivedAt: row["received_at"])
            }
        }
    }

    public func portal(ofApplication id: String) async throws -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT portal_id FROM applications WHERE id = ?", arguments: [id]) }
    }
}
