import Foundation
import TongbanConfig
import TongbanCore
import TongbanSQLite
import TongbanStore

/// The one place a store is opened, by its URL (`storage.url`): `serve`, `audit`,
/// `adapters dead-letters|replay` and `check --sqlite` all come here, so a second store is
/// one more case.
enum StoreOpening {
    static func open(_ url: StoreURL, settings: GatewaySettings = GatewaySettings(), clock: any WallClock = SystemClock(),
                     ids: (any IdentifierSource)? = nil) throws -> any GatewayStore {
        switch url {
        case .sqlite(let path):
            try SQLiteStore(path: path, maxBatch: settings.intake.maxBatchSize, chainAlgorithm: settings.storage.eventChain,
                            poisonAfter: settings.dispatch.poisonAfter, clock: clock, ids: ids)
        }
    }

    /// Opens a store that must exist already (maintenance commands never create one).
    static func openExisting(_ url: StoreURL, settings: GatewaySettings = GatewaySettings()) throws -> any GatewayStore {
        if case .sqlite(let path) = url, !FileManager.default.fileExists(atPath: path) { throw CommandError("no store at \(path)") }
        return try open(url, settings: settings)
    }
}
