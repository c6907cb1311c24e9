import GRDB

/// Versioned migrations of the SQLite store. Never edit a registered migration: add one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-intake") { db in
            try db.execute(sql: """
                CREATE TABLE applications (
                    id TEXT PRIMARY KEY,
                    portal_id TEXT NOT NULL,
                    portal_case_no TEXT NOT NULL,
                    content_digest TEXT NOT NULL,
                    item_code TEXT NOT NULL,
                    region TEXT NOT NULL,
                    status TEXT NOT NULL,
                    status_version INTEGER NOT NULL,
                    due_date TEXT NOT NULL,
                    submitted_at TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    document TEXT NOT NULL,
                    UNIQUE (portal_id, portal_case_no)
                );
                CREATE TABLE targets (
                    id TEXT PRIMARY KEY,
                    application_id TEXT NOT NULL REFERENCES applications(id),
                    position INTEGER NOT NULL,
                    service TEXT NOT NULL,
                    adapter_id TEXT,
                    status TEXT NOT NULL,
                    backend_ref TEXT,
                    due_date TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX targets_by_application ON targets(application_id, position);
                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    application_id TEXT NOT NULL REFERENCES applications(id),
                    target_id TEXT,
                    type TEXT NOT NULL,
                    from_status TEXT,
                    to_status TEXT,
                    source TEXT NOT NULL,
                    payload_digest TEXT,
                    occurred_at TEXT NOT NULL,
                    recorded_at TEXT NOT NULL
                );
                CREATE INDEX events_by_application ON events(application_id, seq);
                """)
        }
        migrator.registerMigration("v2-dispatch") { db in
            try db.execute(sql: """
                CREATE TABLE deliveries (
                    target_id TEXT PRIMARY KEY REFERENCES targets(id),
                    application_id TEXT NOT NULL REFERENCES applications(id),
                    adapter_id TEXT NOT NULL,
                    state TEXT NOT NULL,          -- pending, leased, done, dead
                    attempts INTEGER NOT NULL DEFAULT 0,
                    due_at REAL NOT NULL,         -- unix seconds: when it may be attempted
                    lease_owner TEXT,
                    lease_until REAL,
                    last_error TEXT,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX deliveries_due ON deliveries(adapter_id, state, due_at);
                """)
        }
        migrator.registerMigration("v3-active-delivery-indexes") { db in
            // Only pending, leased and dead rows are ever looked up by state; delivered rows
            // (nearly all of them, in time) stay out of these indexes, which keeps them
            // small and saves an index insert per finished delivery.
            try db.execute(sql: """
                DROP INDEX deliveries_due;
                CREATE INDEX deliveries_pending ON deliveries(adapter_id, due_at) WHERE state = 'pending';
                CREATE INDEX deliveries_leased ON deliveries(adapter_id, lease_until) WHERE state = 'leased';
                CREATE INDEX deliveries_dead ON deliveries(updated_at) WHERE state = 'dead';
                """)
        }
        migrator.registerMigration("v4-callbacks") { db in
            try db.execute(sql: """
                ALTER TABLE events ADD COLUMN external_id TEXT;      -- the back end's event id
                ALTER TABLE events ADD COLUMN native_status TEXT;
                ALTER TABLE events ADD COLUMN verdict TEXT;          -- moved, unchanged, late, illegal
                ALTER TABLE events ADD COLUMN moved INTEGER NOT NULL DEFAULT 1;
                -- A back end's event is recorded once, even when two deliveries of it race.
                CREATE UNIQUE INDEX events_external ON events(source, external_id) WHERE external_id IS NOT NULL;
                ALTER TABLE targets ADD COLUMN last_moved_at REAL;  -- unix seconds of the last event that moved it
                ALTER TABLE targets ADD COLUMN paused_since TEXT;   -- civil date a supplement_required began
                ALTER TABLE targets ADD COLUMN paused_days INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX targets_by_backend_ref ON targets(adapter_id, backend_ref) WHERE backend_ref IS NOT NULL;
                CREATE TABLE anomalies (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    adapter_id TEXT NOT NULL,
                    external_id TEXT,
                    case_ref TEXT,
                    native_status TEXT,
                    reason TEXT NOT NULL,
                    payload_digest TEXT NOT NULL,
                    received_at REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5-event-chain") { db in
            try db.execute(sql: """
                ALTER TABLE events ADD COLUMN prev_hash TEXT;
                ALTER TABLE events ADD COLUMN hash TEXT;
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v6-notifications") { db in
            try db.execute(sql: """
                CREATE TABLE notifications (
                    id TEXT PRIMARY KEY,
                    portal_id TEXT NOT NULL,
                    application_id TEXT NOT NULL REFERENCES applications(id),
                    status_version INTEGER NOT NULL,
                    body TEXT NOT NULL,            -- the CloudEvents JSON as sent
                    state TEXT NOT NULL,           -- pending, leased, done, dead
                    attempts INTEGER NOT NULL DEFAULT 0,
                    due_at REAL NOT NULL,
                    lease_owner TEXT,
                    lease_until REAL,
                    last_error TEXT,
                    updated_at REAL NOT NULL,
                    UNIQUE (application_id, status_version)
                );
                CREATE INDEX notifications_pending ON notifications(due_at) WHERE state = 'pending';
                CREATE INDEX notifications_leased ON notifications(lease_until) WHERE state = 'leased';
                CREATE INDEX notifications_open ON notifications(application_id, status_version) WHERE state IN ('pending', 'leased');
                CREATE INDEX notifications_dead ON notifications(updated_at) WHERE state = 'dead';
                """)
        }
        migrator.registerMigration("v7-citizen-actions") { db in
            try db.execute(sql: """
                ALTER TABLE events ADD COLUMN note TEXT;              -- what people should know (hashed when present)
                ALTER TABLE applications ADD COLUMN withdrawal_requested_at REAL;
                CREATE TABLE actions (
                    id TEXT PRIMARY KEY,
                    application_id TEXT NOT NULL REFERENCES applications(id),
                    target_id TEXT NOT NULL REFERENCES targets(id),
                    adapter_id TEXT NOT NULL,
                    kind TEXT NOT NULL,            -- cancel, supplement
                    request_key TEXT NOT NULL,     -- 'withdrawal', or the portal's supplement id
                    digest TEXT NOT NULL,          -- of the document, to tell a repeat from a conflict
                    document TEXT NOT NULL,        -- what the back end's body is built from
                    state TEXT NOT NULL,           -- pending, leased, done, dead, skipped
                    attempts INTEGER NOT NULL DEFAULT 0,
                    due_at REAL NOT NULL,
                    lease_owner TEXT,
                    lease_until REAL,
                    last_error TEXT,
                    requested_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    UNIQUE (target_id, kind, request_key)
                );
                CREATE INDEX actions_pending ON actions(adapter_id, due_at) WHERE state = 'pending';
                CREATE INDEX actions_leased ON actions(adapter_id, lease_until) WHERE state = 'leased';
                CREATE INDEX actions_dead ON actions(updated_at) WHERE state = 'dead';
                CREATE INDEX actions_by_application ON actions(application_id, kind, request_key);
                """)
        }
        migrator.registerMigration("v8-trace-context") { db in
            // The intake request's W3C trace context, passed on to the back ends with each delivery.
            try db.execute(sql: "ALTER TABLE applications ADD COLUMN traceparent TEXT")
        }
        migrator.registerMigration("v9-admin-changes") { db in
            // Admin changes join the audit chain: events are rebuilt (SQLite cannot relax a
            // NOT NULL) with application_id optional and a subject column; every row, hash
            // and seq is copied as it was, so the chain verifies as before.
            try db.execute(sql: """
                CREATE TABLE events_v9 (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    application_id TEXT REFERENCES applications(id),   -- NULL for an admin change
                    target_id TEXT,
                    type TEXT NOT NULL,
                    from_status TEXT,
                    to_status TEXT,
                    source TEXT NOT NULL,
                    payload_digest TEXT,
                    occurred_at TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    external_id TEXT,
                    native_status TEXT,
                    verdict TEXT,
                    moved INTEGER NOT NULL DEFAULT 1,
                    prev_hash TEXT,
                    hash TEXT,
                    note TEXT,
                    subject TEXT                                      -- what an admin change was done to
                );
                INSERT INTO events_v9 (seq, id, application_id, target_id, type, from_status, to_status, source, payload_digest,
                                       occurred_at, recorded_at, external_id, native_status, verdict, moved, prev_hash, hash, note)
                    SELECT seq, id, application_id, target_id, type, from_status, to_status, source, payload_digest,
                           occurred_at, recorded_at, external_id, native_status, verdict, moved, prev_hash, hash, note FROM events;
                DROP TABLE events;
                ALTER TABLE events_v9 RENAME TO events;
                CREATE INDEX events_by_application ON events(application_id, seq);
                CREATE UNIQUE INDEX events_external ON events(source, external_id) WHERE external_id IS NOT NULL;
                CREATE INDEX events_admin ON events(seq) WHERE application_id IS NULL;
                CREATE TABLE adapter_specs (
                    adapter_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    owner TEXT NOT NULL,          -- the agency's credit code
                    text TEXT,                    -- the spec as sent; NULL for a deletion
                    digest TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    event_id TEXT NOT NULL,       -- its admin change in the audit chain
                    PRIMARY KEY (adapter_id, version)
                );
                """)
        }
        migrator.registerMigration("v10-nonces") { db in
            try db.execute(sql: """
                CREATE TABLE nonces (
                    scope TEXT NOT NULL,          -- portal:<id> or callback:<adapter id>
                    nonce TEXT NOT NULL,
                    expires_at INTEGER NOT NULL,  -- unix seconds: the request's timestamp plus the window
                    PRIMARY KEY (scope, nonce)
                ) WITHOUT ROWID;
                CREATE INDEX nonces_by_expiry ON nonces(expires_at);
                CREATE INDEX anomalies_by_adapter ON anomalies(adapter_id, seq);
                """)
        }
        // Leases that ran out with no outcome (see PoisonRule).
        migrator.registerMigration("v11-abandoned-leases") { db in
            try db.execute(sql: """
                ALTER TABLE deliveries ADD COLUMN abandoned INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE actions ADD COLUMN abandoned INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE notifications ADD COLUMN abandoned INTEGER NOT NULL DEFAULT 0;
                """)
        }
        return migrator
    }
}
