import Foundation
import Testing
import TongbanConfig
import TongbanTestSupport
@testable import TongbanCore

@Suite struct CivilDateTests {
    @Test func dayNumbersRoundTripAndWeekdaysAreRight() {
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(CivilDate(year: 2026, month: 11, day: 30)!.isoWeekday == 1) // a Monday
        #expect(CivilDate(year: 2026, month: 2, day: 14)!.isoWeekday == 6)
        for n in stride(from: -800_000, to: 800_000, by: 997) { #expect(CivilDate(dayNumber: n).dayNumber == n) }
        #expect(CivilDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(iso: "2026-1-01") == nil)
    }

    @Test func beijingTimestampsAndRFC3339() {
        let date = BeijingTime.parse("2026-11-30 09:30:00")!
        #expect(date.timeIntervalSince1970 == 1_796_002_200 - 0) // 2026-11-30T01:30:00Z
        #expect(RFC3339.format(date) == "2026-11-30T09:30:00+08:00")
        #expect(RFC3339.parse("2026-11-30T01:30:00Z") == date)
        #expect(RFC3339.parse("2026-11-29T20:30:00-05:00") == date)
        #expect(RFC3339.parse("2026-11-30T09:30:00.250+08:00") == date.addingTimeInterval(0.25))
        #expect(RFC3339.format(date.addingTimeInterval(0.25)) == "2026-11-30T09:30:00.250+08:00")
        #expect(BeijingTime.civilDate(of: RFC3339.parse("2026-11-30T16:30:00Z")!) == CivilDate(year: 2026, month: 12, day: 1))
        for bad in ["2026-11-30 24:00:00", "2026-02-30 10:00:00", "2026/11/30 09:30:00", "20261130093000"] {
            #expect(BeijingTime.parse(bad) == nil, "\(bad)")
        }
        #expect(RFC3339.parse("2026-11-30T09:30:00") == nil)
    }
}

@Suite struct WorkingCalendarTests {
    let calendar = try! Fixtures.configuration().calendar

    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test func the2026NoticeIsInTheData() {
        #expect(!calendar.isWorkingDay(day("2026-01-01")))
        #expect(calendar.isWorkingDay(day("2026-01-04"))) // Sunday worked
        #expect(calendar.isWorkingDay(day("2026-02-14")) && calendar.isWorkingDay(day("2026-02-28")))
        #expect(!calendar.isWorkingDay(day("2026-02-16"))) // Spring Festival Monday
        #expect(!calendar.isWorkingDay(day("2026-10-07")) && calendar.isWorkingDay(day("2026-10-10")))
        #expect(calendar.isWorkingDay(day("2026-09-20")) && !calendar.isWorkingDay(day("2026-09-25")))
        #expect(!calendar.isWorkingDay(day("2026-12-05"))) // an ordinary Saturday
    }

    @Test func dueDatesSkipHolidaysAndCountWorkedWeekends() {
        // Received Friday 13 Feb: Sat 14 is worked (1), then nine days off, Tue 24 is day 2.
        #expect(calendar.dueDate(from: day("2026-02-13"), workingDays: 2) == day("2026-02-24"))
        // Received on 30 Sep: 8 and 9 Oct are days 1 and 2, Sat 10 Oct worked is day 3.
        #expect(calendar.dueDate(from: day("2026-09-30"), workingDays: 3) == day("2026-10-10"))
        // An ordinary week: Monday + 7 working days is the Wednesday after next.
        #expect(calendar.dueDate(from: day("2026-11-30"), workingDays: 7) == day("2026-12-09"))
        // Received on a Sunday: counting starts on Monday.
        #expect(calendar.dueDate(from: day("2026-12-06"), workingDays: 1) == day("2026-12-07"))
        #expect(calendar.workingDays(after: day("2026-11-30"), through: day("2026-12-09")) == 7)
    }

    @Test func aYearWithoutATableCountsMondayToFriday() {
        #expect(!calendar.hasTable(for: 2027))
        #expect(!calendar.isWorkingDay(day("2027-01-02"))) // a Saturday
        #expect(calendar.isWorkingDay(day("2027-01-01"))) // a Friday, holiday unknown without the notice
    }
}

@Suite struct JSONLimitsTests {
    let limits = JSONLimits(maxDepth: 3, maxStringBytes: 8)

    @Test func depthAndStringLengthAreBounded() {
        #expect(limits.check(Array(#"{"a":[{"b":1}]}"#.utf8)) == nil)
        #expect(limits.check(Array(#"{"a":[{"b":[1]}]}"#.utf8)) == .tooDeep(offset: 11))
        #expect(limits.check(Array(#"{"a":"12345678"}"#.utf8)) == nil)
        #expect(limits.check(Array(#"{"a":"123456789"}"#.utf8)) == .stringTooLong(offset: 5))
        // Brackets and escaped quotes inside strings are not structure.
        #expect(limits.check(Array(#"{"a":"[[[[\"]"}"#.utf8)) == nil)
        #expect(JSONLimits(maxDepth: 16).check(Array(String(repeating: "[", count: 100_000).utf8)) == .tooDeep(offset: 16))
    }
}
