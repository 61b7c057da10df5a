/// A day of the proleptic Gregorian calendar and its number of days since 1970-01-01, by integer
/// arithmetic on 400-year eras of 146,097 days (a year counted from March puts the leap day last):
/// what writing a stored date and bucketing dates by month cost without a calendar per value.
struct CivilDate: Equatable {
    var year: Int64
    /// 1 to 12.
    var month: Int64
    /// 1 to 31.
    var day: Int64

    init(year: Int64, month: Int64, day: Int64) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(daysSince1970 days: Int64) {
        let shifted = days + 719_468 // days since 0000-03-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The number of days from 1970-01-01 to this day (negative before).
    var daysSince1970: Int64 {
        let y = year - (month <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day of the instant `millis` (milliseconds since 1970, UTC) and the milliseconds into it.
    static func of(millis: Int64) -> (date: CivilDate, inDay: Int64) {
        let dayMillis: Int64 = 86_400_000
        var days = millis / dayMillis, inDay = millis % dayMillis
        if inDay < 0 { days -= 1; inDay += dayMillis }
        return (CivilDate(daysSince1970: days), inDay)
    }
}
