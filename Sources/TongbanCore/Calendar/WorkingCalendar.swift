/// Working days (DOMAIN 7): Monday to Friday, except public holidays, plus the weekend
/// days that are worked (调休). Years without a table count Monday to Friday.
public struct WorkingCalendar: Sendable {
    /// The State Council's adjustments for one year.
    public struct Year: Sendable, Equatable {
        public var year: Int
        public var holidays: Set<CivilDate>
        public var workedWeekendDays: Set<CivilDate>

        public init(year: Int, holidays: Set<CivilDate>, workedWeekendDays: Set<CivilDate>) {
            self.year = year
            self.holidays = holidays
            self.workedWeekendDays = workedWeekendDays
        }
    }

    public private(set) var years: [Int: Year]

    public init(years: [Year]) {
        self.years = Dictionary(years.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether a year has a table; without one it counts Monday to Friday.
    public func hasTable(for year: Int) -> Bool { years[year] != nil }

    public func isWorkingDay(_ date: CivilDate) -> Bool {
        if let table = years[date.year] {
            if table.holidays.contains(date) { return false }
            if table.workedWeekendDays.contains(date) { return true }
        }
        return date.isoWeekday <= 5
    }

    /// The date `workingDays` working days after `start` (the start day itself not counted):
    /// an item received on any day with a limit of 1 is due on the next working day.
    public func dueDate(from start: CivilDate, workingDays: Int) -> CivilDate {
        var date = start
        var remaining = workingDays
        while remaining > 0 {
            date = date.adding(days: 1)
            if isWorkingDay(date) { remaining -= 1 }
        }
        return date
    }

    /// Working days in `(start, end]`, for overdue and elapsed-time reckoning.
    public func workingDays(after start: CivilDate, through end: CivilDate) -> Int {
        guard start < end else { return 0 }
        return (start.dayNumber + 1...end.dayNumber).count { isWorkingDay(CivilDate(dayNumber: $0)) }
    }
}
