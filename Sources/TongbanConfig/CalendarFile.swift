import TongbanCore

/// One `Config/calendar/YYYY.yaml` as written: holidays as named date ranges, and the
/// weekend days that are worked.
struct CalendarFile: Decodable {
    var year: WorkingCalendar.Year

    enum CodingKeys: String, CodingKey, CaseIterable { case year, source, holidays, workedWeekendDays }
    enum HolidayKeys: String, CodingKey, CaseIterable { case name, from, to }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let number = try c.decodeInt(forKey: .year, in: 2000...2100, default: 0)
        var holidays: Set<CivilDate> = []
        var list = try c.nestedUnkeyedContainer(forKey: .holidays)
        while !list.isAtEnd {
            let h = try list.superDecoder().strictContainer(keyedBy: HolidayKeys.self)
            let from = try h.decode(CivilDate.self, forKey: .from)
            let to = try h.decodeIfPresent(CivilDate.self, forKey: .to) ?? from
            guard from <= to, from.year == number, to.year == number else {
                throw InvalidValueError(path: h.codingPath, reason: "expected from ≤ to, both in \(number)")
            }
            for day in from.dayNumber...to.dayNumber { holidays.insert(CivilDate(dayNumber: day)) }
        }
        let worked = try c.decodeIfPresent([CivilDate].self, forKey: .workedWeekendDays) ?? []
        for (i, day) in worked.enumerated() where day.year != number || day.isoWeekday < 6 {
            throw InvalidValueError(path: c.codingPath + [CodingKeys.workedWeekendDays, AnyKey(intValue: i)!],
                                    reason: "\(day) is not a Saturday or Sunday of \(number)")
        }
        year = WorkingCalendar.Year(year: number, holidays: holidays, workedWeekendDays: Set(worked))
    }
}
