//! Splitting a run of rows into pages, shared by the PDF and ZPL layouts.

use std::ops::Range;

/// Splits rows of the given heights into pages: the first page has `first`
/// room, every later page `rest`.
///
/// Every page takes at least one row, even one taller than the page, so an
/// absurdly long row prints clipped instead of looping forever; and there is
/// always at least one page, so an empty document still has its header.
pub(crate) fn paginate(heights: &[f32], first: f32, rest: f32) -> Vec<Range<usize>> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut room = first;
    let mut used = 0.0;
    for (index, height) in heights.iter().enumerate() {
        if index > start && used + height > room {
            pages.push(start..index);
            start = index;
            room = rest;
            used = 0.0;
        }
        used += height;
    }
    pages.push(start..heights.len());
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_fill_a_page_before_the_next_one_starts() {
        assert_eq!(paginate(&[10.0; 5], 30.0, 20.0), vec![0..3, 3..5]);
    }

    #[test]
    fn later_pages_use_their_own_room() {
        assert_eq!(paginate(&[10.0; 7], 10.0, 30.0), vec![0..1, 1..4, 4..7]);
    }

    #[test]
    fn a_row_taller_than_a_page_gets_a_page_of_its_own() {
        assert_eq!(
            paginate(&[5.0, 100.0, 5.0], 20.0, 20.0),
            vec![0..1, 1..2, 2..3]
        );
    }

    #[test]
    fn no_rows_is_one_empty_page() {
        assert_eq!(paginate(&[], 20.0, 20.0), vec![0..0]);
    }
}
