import Foundation
import TongbanCore

/// Gateway ids, behind a protocol so tests can make them predictable.
public protocol IdentifierSource: Sendable {
    /// A new unique id starting with `prefix` (`app_`, `tgt_`, `evt_`).
    func next(_ prefix: String) -> String
}

/// Time-ordered ids: 48 bits of milliseconds and 80 random bits in Crockford base 32
/// (the ULID layout), so ids sort by creation and never collide in practice.
public struct RandomIdentifiers: IdentifierSource {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    private let clock: any WallClock

    public init(clock: any WallClock = SystemClock()) {
        self.clock = clock
    }

    public func next(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let millis = UInt64(max(0, clock.now().timeIntervalSince1970) * 1000)
        var chars: [UInt8] = []
        chars.reserveCapacity(26)
        // 10 characters of time (50 bits, top 2 zero), then 16 random characters (80 bits).
        for shift in stride(from: 45, through: 0, by: -5) { chars.append(Self.alphabet[Int((millis >> UInt64(shift)) & 31)]) }
        // Two draws, not sixteen: each draw from the system generator is a getrandom call.
        var random: (UInt64, UInt64) = (generator.next(), generator.next() & 0xFFFF)
        for _ in 0..<16 {
            chars.append(Self.alphabet[Int(random.0 & 31)])
            random = ((random.0 >> 5) | ((random.1 & 31) << 59), random.1 >> 5)
        }
        return prefix + String(decoding: chars, as: UTF8.self)
    }
}
