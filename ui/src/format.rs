//! How dates and counts read on screen. Money is formatted by
//! [`packdesk_domain::Currency::format_display`]; nothing here touches it.

use chrono::{DateTime, Local, NaiveDate, Utc};

/// `12 Jun 2027`.
pub fn date(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// The local calendar day of an instant.
pub fn local_date(at: DateTime<Utc>) -> String {
    date(at.with_timezone(&Local).date_naive())
}

/// `12 Jun 2027, 14:05` in local time.
pub fn local_date_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%-d %b %Y, %H:%M")
        .to_string()
}

/// `Showing 51–100 of 230`, or `No results`.
pub fn showing(page: u32, page_size: u32, rows: usize, total: u64) -> String {
    if rows == 0 {
        return "No results".into();
    }
    let first = u64::from(page) * u64::from(page_size) + 1;
    let last = first + rows as u64 - 1;
    format!("Showing {first}–{last} of {total}")
}

/// `1 item`, `3 items`.
pub fn plural(count: i64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        let day = NaiveDate::from_ymd_opt(2027, 6, 2).expect("date");
        assert_eq!(date(day), "2 Jun 2027");
    }

    #[test]
    fn result_ranges() {
        assert_eq!(showing(0, 50, 50, 230), "Showing 1–50 of 230");
        assert_eq!(showing(4, 50, 30, 230), "Showing 201–230 of 230");
        assert_eq!(showing(0, 50, 0, 0), "No results");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "item", "items"), "1 item");
        assert_eq!(plural(3, "item", "items"), "3 items");
    }
}
