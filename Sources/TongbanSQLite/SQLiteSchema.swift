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
        return migrator
    }
}
