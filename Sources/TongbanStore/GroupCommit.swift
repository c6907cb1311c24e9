import Dispatch
import Synchronization

/// Group commit: callers hand in one job each and wait; a single writer takes every job
/// that is waiting, writes them all in one transaction with one disk sync, and answers
/// each caller. While a commit is syncing, the next batch gathers, so throughput grows
/// with concurrency instead of being capped by the sync rate (DESIGN 5).
///
/// `write` runs on a dedicated serial queue because a durable commit blocks its thread
/// in `fsync`, which must not happen on Swift's cooperative pool.
public final class GroupCommit<Job: Sendable, Output: Sendable>: Sendable {
    public typealias Writer = @Sendable ([Job]) throws -> [Result<Output, any Error>]

    private struct Waiting {
        var job: Job
        var done: @Sendable (Result<Output, any Error>) -> Void
    }

    private struct State {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let state = Mutex(State())
    private let commits = Atomic<Int>(0)

    /// Batches written so far; with concurrent callers it stays well below the job count.
    public var commitCount: Int { commits.load(ordering: .relaxed) }
    private let queue: DispatchQueue
    private let maxBatch: Int
    private let write: Writer

    /// `write` gets a batch and returns one result per job, in order. If it throws, every
    /// job of the batch fails with that error (nothing of the batch was committed).
    public init(label: String, maxBatch: Int, write: @escaping Writer) {
        self.queue = DispatchQueue(label: label)
        self.maxBatch = max(1, maxBatch)
        self.write = write
    }

    /// Submits one job and waits until the batch holding it is committed.
    public func submit(_ job: Job) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(job) { continuation.resume(with: $0) }
        }
    }

    /// Submits one job without waiting: `done` runs on the writer's queue once the batch
    /// holding it is committed (keep it short).
    public func enqueue(_ job: Job, done: @escaping @Sendable (Result<Output, any Error>) -> Void) {
        let start = state.withLock { state in
            state.waiting.append(Waiting(job: job, done: done))
            if state.writing { return false }
            state.writing = true
            return true
        }
        if start { queue.async { self.drain() } }
    }

    private func drain() {
        while true {
            let batch: [Waiting] = state.withLock { state in
                let count = min(maxBatch, state.waiting.count)
                if count == 0 {
                    state.writing = false
                    return []
                }
                let taken = Array(state.waiting.prefix(count))
                state.waiting.removeFirst(count)
                return taken
            }
            if batch.isEmpty { return }
            commits.add(1, ordering: .relaxed)
            let results: [Result<Output, any Error>]
            do {
                results = try write(batch.map(\.job))
                precondition(results.count == batch.count, "GroupCommit writer must return one result per job")
            } catch {
                results = Array(repeating: .failure(error), count: batch.count)
            }
            for (waiting, result) in zip(batch, results) { waiting.done(result) }
        }
    }
}
