/// A day of the proleptic Gregorian calendar from its number of days since 1970-01-01, by integer
/// arithmetic on 400-year eras of 146,097 days (a year counted from March puts the leap day last):
/// what writing a stored date and bucketing dates by month cost without a calendar per value.
struct CivilDate: Equatable {
    var year: Int64
    /// 1 to 12.
    var month: Int64
    /// 1 to 31.
    var day: Int64

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

    /// The day of the instant `millis` (milliseconds since 1970, UTC) and the milliseconds into it.
    static func of(millis: Int64) -> (date: CivilDate, inDay: Int64) {
        let dayMillis: Int64 = 86_400_000
        var days = millis / dayMillis, inDay = millis % dayMillis
        if inDay < 0 { days -= 1; inDay += dayMillis }
        return (CivilDate(daysSince1970: days), inDay)
    }
}
