import Foundation
import GRDB
import TongbanCore
import TongbanCrypto
import TongbanStore

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so an
/// acknowledged application survives a power cut, not only a process crash. Intake
/// writes go through `GroupCommit`, many applications to one transaction.
public final class SQLiteStore: ApplicationStore, StoreHealth {
    let pool: DatabasePool
    private let intake: GroupCommit<NewApplication, IntakeOutcome>
    /// Delivery outcomes share commits too: one durable commit per outcome would cap
    /// dispatch at the disk's sync rate.
    let finishes: GroupCommit<DeliveryResult, Bool>
    /// Back ends' status events, many to a commit as well.
    let backendEvents: GroupCommit<BackendEventJob, BackendEventOutcome>
    /// Portal notifications' outcomes: the notifier finishes a claimed batch concurrently,
    /// and the batch shares one commit.
    let notificationFinishes: GroupCommit<NotificationFinish, Bool>
    let nonceWrites: GroupCommit<NonceEntry, Bool>
    /// Storage errors and whether the store is failing now (see `SQLiteStore+Faults`).
    public let faults = StoreFaults()
    /// Abandoned leases before an outbox item is set aside (`PoisonRule`).
    let poisonAfter: Int
    /// Where the plans' event, action and notification ids come from.
    let ids: any IdentifierSource
    let clock: any WallClock

    /// Opens (creating if needed) the file at `path` and runs pending migrations. A new
    /// store chains its events with `chainAlgorithm`; an existing one keeps its own.
    public init(path: String, maxBatch: Int = 256, chainAlgorithm: HashAlgorithm = .sha256, poisonAfter: Int = PoisonRule.defaultLimit,
                clock: any WallClock = SystemClock(), ids: (any IdentifierSource)? = nil) throws {
        self.poisonAfter = max(1, poisonAfter)
        self.clock = clock
        self.ids = ids ?? RandomIdentifiers(clock: clock)
        try Self.prepareFiles(at: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // Pages are read through a memory map rather than copied by pread, and each
            // connection keeps more of them: the writer's working set (the tail of the event
            // log, the indexes it looks targets and duplicates up in) stays in memory.
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB sets synchronous=NORMAL when it switches the writer to WAL; durability needs
        // FULL, set afterwards on the single writer connection (asserted by a test).
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try SQLiteSchema.migrator.migrate(pool)
        try pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO meta (key, value) VALUES ('chain_algorithm', ?)", arguments: [chainAlgorithm.rawValue])
        }
        let writer = pool, faults = faults, ids = self.ids
        intake = GroupCommit(label: "tongban.sqlite.intake", maxBatch: maxBatch) { batch in
            try Self.guarded(faults, write: true) { try writer.write { db in try batch.map { job in Self.insert(job, db) } } }
        }
        finishes = GroupCommit(label: "tongban.sqlite.deliveries", maxBatch: maxBatch,
                               write: Self.batchWriter(writer, faults) { (result: DeliveryResult, db) in try Self.apply(result, db, ids: ids) })
        backendEvents = GroupCommit(label: "tongban.sqlite.callbacks", maxBatch: maxBatch,
                                    write: Self.batchWriter(writer, faults) { (job: BackendEventJob, db) in try Self.apply(job, db, ids: ids) })
        notificationFinishes = GroupCommit(label: "tongban.sqlite.notifications", maxBatch: maxBatch, write: Self.batchWriter(writer, faults, Self.apply))
        nonceWrites = GroupCommit(label: "tongban.sqlite.nonces", maxBatch: maxBatch) { batch in
            try Self.guarded(faults, write: true) { try writer.write { db in try Self.apply(batch, db) } }
        }
    }

    /// The store holds personal data: a folder it creates is 0700, and the file is 0600
    /// before SQLite opens it (SQLite gives the -wal and -shm files the database's mode).
    /// Files of an existing store are narrowed to 0600 too.
    static func prepareFiles(at path: String) throws {
        let files = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !files.fileExists(atPath: directory) {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        if !files.fileExists(atPath: path), !files.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        for file in [path, path + "-wal", path + "-shm"] where files.fileExists(atPath: file) {
            try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
    }

    /// Applies a batch in one transaction; when anything in it fails (and so nothing of it
    /// was committed), applies each job in its own transaction so one bad row does not fail
    /// the others.
    /// A storage error fails the whole batch at once: the disk that refused it would refuse each job too.
    static func batchWriter<Job, Output>(_ writer: DatabasePool, _ faults: StoreFaults, _ apply: @escaping @Sendable (Job, Database) throws -> Output)
        -> GroupCommit<Job, Output>.Writer {
        { batch in
            do {
                return try guarded(faults, write: true) { try writer.write { db in try batch.map { job in .success(try apply(job, db)) } } }
            } catch let error as StoreUnavailable {
                throw error
            } catch {
                return batch.map { job in Result { try guarded(faults, write: true) { try writer.write { db in try apply(job, db) } } } }
            }
        }
    }

    public func checkReachable() async throws {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// Moves the write-ahead log into the main file, so a plain copy of the file is complete.
    public func checkpoint() async throws {
        try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// The writer connection's `synchronous` setting: 2 is FULL.
    public func effectiveSynchronous() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The journal mode (`wal`).
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Intake transactions committed since the store opened.
    public var intakeCommitCount: Int { intake.commitCount }

    public func submit(_ job: NewApplication) async throws -> IntakeOutcome {
        try await intake.submit(job)
    }

    public func application(id: String, portal: String) async throws -> StoredApplication? {
        try await read { db in
            try Self.load(db, where: "id = ? AND portal_id = ?", [id, portal])
        }
    }

    public func application(portal: String, caseNo: String) async throws -> StoredApplication? {
        try await read { db in
            try Self.load(db, where: "portal_id = ? AND portal_case_no = ?", [portal, caseNo])
        }
    }

    /// Number of applications stored for a portal case number (at most 1; a test asserts it).
    public func count(portal: String, caseNo: String) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM applications WHERE portal_id = ? AND portal_case_no = ?", arguments: [portal, caseNo]) ?? 0
        }
    }

    /// Number of events of one application.
    public func eventCount(applicationID: String) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE application_id = ?", arguments: [applicationID]) ?? 0
        }
    }

    /// Number of applications in the store.
    public func applicationCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM applications") ?? 0 }
    }
}
