//! Calendar arithmetic for dates in UTC, enough for windows and reports.

pub(crate) const DAY: i64 = 86_400;

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `YYYY-MM-DD` of a Unix time.
pub fn format_date(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Parses `YYYY-MM-DD` (optionally followed by a time, which is ignored)
/// to the Unix time of that day's start.
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let date = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // Reject 2025-02-30 and the like.
    (civil_from_days(days) == (y, m, d)).then_some(days * DAY)
}

/// Seconds since the epoch, now (0 on a clock before 1970).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Parses a period such as `180 days`, `12 months`, `2 weeks`, `1 year` to
/// seconds. Months are 30.44 days and years 365.25, as a calendar average.
pub fn parse_period(s: &str) -> Option<f64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.')?;
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let day = DAY as f64;
    let secs = match unit.trim_end_matches('s') {
        "d" | "day" => day,
        "w" | "week" => 7.0 * day,
        // Not `m`: five minutes or five months? Neither is guessed.
        "mo" | "month" => 30.436_875 * day,
        "q" | "quarter" => 91.310_625 * day,
        "y" | "year" => 365.2425 * day,
        "h" | "hour" => 3600.0,
        _ => return None,
    };
    (n.is_finite() && n >= 0.0).then_some(n * secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000, -1, 0, 1, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(format_date(0), "1970-01-01");
        assert_eq!(format_date(951_782_400), "2000-02-29");
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2025-01-01"), Some(1_735_689_600));
        assert_eq!(parse_date("2025-01-01T10:00:00Z"), Some(1_735_689_600));
        assert_eq!(parse_date("2025-02-30"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn periods() {
        assert_eq!(parse_period("2 days"), Some(2.0 * 86_400.0));
        assert_eq!(parse_period("1 week"), Some(7.0 * 86_400.0));
        assert!(parse_period("12 months").unwrap() > 365.0 * 86_400.0);
        assert_eq!(parse_period("12 fortnights"), None);
        assert_eq!(parse_period("months"), None);
        assert_eq!(parse_period("5m"), None);
        assert!(parse_period("5mo").unwrap() > 150.0 * 86_400.0);
    }
}
