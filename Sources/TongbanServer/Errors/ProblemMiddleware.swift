import Hummingbird
import Logging
import TongbanStore

/// Turns every error into problem+json: the gateway's own problems render themselves,
/// Hummingbird's errors keep their status, and anything unexpected is a 500 whose body
/// names only the request id (the details go to the log).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Turns a 404 for a known path into a 405 with `Allow`.
    let allowed: AllowedMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
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
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return try Problem("internal", status: 500, title: "服务内部错误", detail: "请凭请求编号联系运维人员")
                .response(from: request, context: context)
        }
    }
}
