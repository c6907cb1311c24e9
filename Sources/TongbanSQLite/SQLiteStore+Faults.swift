import Foundation
import GRDB
import TongbanStore

/// SQLite's storage errors as `StoreUnavailable`, recorded in `faults`. Every read and
/// write of the store goes through `read` and `write` here (or `guarded`, for the group
/// commits' writers), so a full disk or an I/O error is never a bare `DatabaseError`.
extension SQLiteStore {
    /// The store-level cause of an SQLite error, or nil for an error about the statement.
    static func unavailability(_ error: any Error) -> StoreUnavailable? {
        if let error = error as? StoreUnavailable { return error }
        guard let error = error as? DatabaseError else { return nil }
        let cause: StoreUnavailable.Cause
        switch error.resultCode {
        case .SQLITE_FULL: cause = .diskFull
        case .SQLITE_IOERR, .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_NOMEM: cause = .ioError
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: cause = .readOnly
        case .SQLITE_BUSY, .SQLITE_LOCKED: cause = .busy
        case .SQLITE_CANTOPEN: cause = .unreachable
        default: return nil
        }
        return StoreUnavailable(cause: cause, detail: "\(error.resultCode): \(error.message ?? "")")
    }

    /// Runs `body`, turning a storage error into `StoreUnavailable` (recorded) and marking
    /// the store healthy again after a write that succeeded.
    static func guarded<T>(_ faults: StoreFaults, write: Bool, _ body: () throws -> T) throws -> T {
        do {
            let value = try body()
            if write { faults.succeeded() }
            return value
        } catch {
            guard let unavailable = unavailability(error) else { throw error }
            faults.failed(unavailable)
            throw unavailable
        }
    }

    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            let value = try await pool.write(updates)
            faults.succeeded()
            return value
        } catch {
            throw translated(error)
        }
    }

    func read<T: Sendable>(_ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(value)
        } catch {
            throw translated(error)
        }
    }

    private func translated(_ error: any Error) -> any Error {
        guard let unavailable = Self.unavailability(error) else { return error }
        faults.failed(unavailable)
        return unavailable
    }

    public func checkWritable() async throws {
        let now = clock.now()
        try await write { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('write_probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           arguments: [String(now.timeIntervalSince1970)])
        }
    }
}
