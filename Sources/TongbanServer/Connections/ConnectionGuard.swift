import NIOCore
import NIOHTTPTypes
import Synchronization

/// Bounds what one connection can hold: a request's head must arrive within
/// `headerTimeout` of the connection opening and within `idleTimeout` of the previous
/// response, its body within `bodyTimeout` of the head, and at most `maxConnections`
/// connections are open at once (one more is closed as soon as it is accepted). A stalled
/// or slow client is closed; the others are served as before.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The open connections all guards of one server share.
    final class Counter: Sendable {
        let open = Atomic<Int>(0)
        init() {}
    }

    struct Limits: Sendable {
        var headerTimeout: TimeAmount
        var idleTimeout: TimeAmount
        var bodyTimeout: TimeAmount
        var maxConnections: Int
    }

    private let limits: Limits
    private let counter: Counter
    private var deadline: Scheduled<Void>?
    private var counted = false

    init(limits: Limits, counter: Counter) {
        self.limits = limits
        self.counter = counter
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let open = counter.open.add(1, ordering: .relaxed).newValue
        counted = true
        if open > limits.maxConnections {
            context.close(promise: nil)
            return
        }
        arm(context, limits.headerTimeout)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        if counted { counter.open.subtract(1, ordering: .relaxed) }
        counted = false
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            arm(context, limits.bodyTimeout)
        case .end:
            disarm()
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            // A kept-alive connection has until the idle timeout to start its next request.
            arm(context, limits.idleTimeout)
        }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext, _ timeout: TimeAmount) {
        deadline?.cancel()
        deadline = context.eventLoop.scheduleTask(in: timeout) { context.close(promise: nil) }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
