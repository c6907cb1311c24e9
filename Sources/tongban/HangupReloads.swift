import Logging
import ServiceLifecycle
import TongbanServer
import UnixSignals

/// SIGHUP reloads the configuration, as `POST /admin/v1/reload` does; the outcome goes to
/// the log (a refused reload names every error and the running configuration stays).
struct HangupReloads: Service {
    let reloader: Reloader
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        try await cancelWhenGracefulShutdown {
            for await _ in hangups {
                let outcome = await reloader.reload(actor: "operator")
                if outcome.applied {
                    logger.notice("configuration reloaded on SIGHUP", metadata: [
                        "generation": "\(outcome.generation)", "adapters": "\(outcome.adapters)",
                        "restartRequired": "\(outcome.restartRequired.joined(separator: ","))"])
                } else {
                    logger.error("reload on SIGHUP refused; the running configuration stays", metadata: ["errors": "\(outcome.errors.joined(separator: "; "))"])
                }
            }
        }
    }
}
