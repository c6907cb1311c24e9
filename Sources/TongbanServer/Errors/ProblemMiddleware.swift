import Hummingbird
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import TongbanStore

/// Turns every error into problem+json: the gateway's own problems render themselves,
/// Hummingbird's errors keep their status, and anything unexpected is a 500 whose body
/// names only the request id (the details go to the log).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Turns a 404 for a known path into a 405 with `Allow`.
    let allowed: AllowedMethods
    /// Counts client aborts (`tongban_client_aborts_total`).
    let metrics: any MetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error where Problem.from(error) != nil {
            return try Problem.from(error)!.response(from: request, context: context)
        } catch let error as StoreUnavailable {
            context.logger.warning("store unavailable", metadata: ["cause": "\(error.cause.rawValue)", "error": "\(error.detail)"])
            return try Problem.storeUnavailable(error).response(from: request, context: context)
        } catch let error as HTTPError {
            let problem: Problem
            switch error.status.code {
            case 404:
                if let methods = allowed.methods(for: request.uri.path) {
                    var response = try Problem("method-not-allowed", status: 405, title: "不支持的请求方法",
                                               detail: "\(request.uri.path) 只接受 \(methods.joined(separator: ", "))")
                        .response(from: request, context: context)
                    response.headers[.allow] = methods.joined(separator: ", ")
                    return response
                }
                problem = .notFound("没有 \(request.method) \(request.uri.path) 这个接口")
            case 413: problem = .tooLarge("请求体超过上限")
            default: problem = Problem("http-\(error.status.code)", status: error.status.code, title: error.status.reasonPhrase, detail: error.body)
            }
            return try problem.response(from: request, context: context)
        } catch let error where ClientAbort.isAbort(error) {
            // The client went away mid-request: nothing of it was read, nothing is wrong here.
            context.logger.info("client aborted the request", metadata: ["error": "\(String(reflecting: error))"])
            Counter(label: "tongban_client_aborts_total", factory: metrics).increment()
            return try Problem("incomplete-request", status: 400, title: "请求不完整", detail: "连接在请求体传完之前断开")
                .response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return try Problem("internal", status: 500, title: "服务内部错误", detail: "请凭请求编号联系运维人员")
                .response(from: request, context: context)
        }
    }
}

/// Errors that mean the client closed or broke the connection before its request was
/// complete (a body cut short, a reset): logged as what they are and counted apart, never
/// a 500.
enum ClientAbort {
    static func isAbort(_ error: any Error) -> Bool {
        switch error {
        case let error as HTTPParserError: return error == .invalidEOFState || error == .closedConnection
        case let error as ChannelError:
            switch error {
            case .ioOnClosedChannel, .alreadyClosed, .eof, .inputClosed, .outputClosed: return true
            default: return false
            }
        case let error as IOError: return [ECONNRESET, EPIPE].contains(error.errnoCode)
        default: return false
        }
    }
}
