//! Reading typed values out of SQLite rows: a bad value becomes a conversion
//! error naming its column, never a panic or a silent default.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::types::Type;
use rusqlite::Row;

pub(crate) fn bad_value(index: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, message.into())
}

pub(crate) fn parsed<T: FromStr>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T::Err: std::fmt::Display,
{
    let text: String = row.get(index)?;
    text.parse()
        .map_err(|e: T::Err| bad_value(index, format!("{text}: {e}")))
}

pub(crate) fn optional_parsed<T: FromStr>(
    row: &Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<T>>
where
    T::Err: std::fmt::Display,
{
    match row.get::<_, Option<String>>(index)? {
        None => Ok(None),
        Some(_) => parsed(row, index).map(Some),
    }
}

pub(crate) fn time(row: &Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    let ms: i64 = row.get(index)?;
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| bad_value(index, format!("time out of range: {ms}")))
}

pub(crate) fn optional_time(
    row: &Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match row.get::<_, Option<i64>>(index)? {
        None => Ok(None),
        Some(_) => time(row, index).map(Some),
    }
}

pub(crate) fn json_column<T: serde::de::DeserializeOwned>(
    row: &Row<'_>,
    index: usize,
) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|e| bad_value(index, e.to_string()))
}
