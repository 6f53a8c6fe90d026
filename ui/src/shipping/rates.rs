//! The rates a quote came back with, cheapest first, one selectable row each.
//!
//! Rows are CSS-grid `div`s with grid roles rather than table rows:
//! WebKitWebDriver cannot click `<tr>`s, and the end-to-end tests pick rates
//! by clicking them.

use std::rc::Rc;

use packdesk_domain::api::RateView;
use yew::prelude::*;

use crate::format;

/// Which badges a rate earns. Only among several rates: a lone rate is
/// neither cheapest nor fastest in any useful sense.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateBadges {
    pub cheapest: bool,
    pub fastest: bool,
}

/// Badges for each rate, in the same order. Ties share a badge; prices are
/// only compared within one currency; a rate with no delivery estimate is
/// never fastest.
pub fn rate_badges(rates: &[RateView]) -> Vec<RateBadges> {
    if rates.len() < 2 {
        return vec![RateBadges::default(); rates.len()];
    }
    let quickest = rates.iter().filter_map(|r| r.delivery_days).min();
    rates
        .iter()
        .map(|rate| RateBadges {
            cheapest: !rates
                .iter()
                .any(|other| other.currency == rate.currency && other.cost < rate.cost),
            fastest: rate.delivery_days.is_some() && rate.delivery_days == quickest,
        })
        .collect()
}

/// Cheapest first, then quickest, then by name, so the list reads the same
/// every time it is quoted.
pub fn sorted_rates(rates: &[RateView]) -> Vec<RateView> {
    let mut sorted = rates.to_vec();
    sorted.sort_by(|a, b| {
        (
            a.cost,
            a.delivery_days.unwrap_or(u32::MAX),
            &a.carrier,
            &a.service,
        )
            .cmp(&(
                b.cost,
                b.delivery_days.unwrap_or(u32::MAX),
                &b.carrier,
                &b.service,
            ))
    });
    sorted
}

/// The rate chosen before anyone clicks: the cheapest.
pub fn default_rate(rates: &[RateView]) -> Option<String> {
    sorted_rates(rates).first().map(|r| r.id.clone())
}

/// `2 days`, `1 day`, or a dash when the carrier does not say.
pub fn delivery_text(days: Option<u32>) -> String {
    days.map_or_else(
        || "—".into(),
        |d| format::plural(i64::from(d), "day", "days"),
    )
}

#[derive(Properties, PartialEq)]
pub struct RateTableProps {
    pub rates: Rc<Vec<RateView>>,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
}

#[function_component]
pub fn RateTable(props: &RateTableProps) -> Html {
    let rates = sorted_rates(&props.rates);
    let badges = rate_badges(&rates);
    let row = |rate: &RateView, badges: RateBadges| {
        let selected = props.selected.as_deref() == Some(rate.id.as_str());
        let id = rate.id.clone();
        let onclick = props.on_select.reform({
            let id = id.clone();
            move |_: MouseEvent| id.clone()
        });
        let onkeydown = {
            let on_select = props.on_select.clone();
            let id = id.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    on_select.emit(id.clone());
                }
            })
        };
        html! {
            <div key={id.clone()} class={classes!("rate-grid", "rate-row", selected.then_some("selected"))} role="row"
                tabindex="0" data-rate-id={id} aria-selected={selected.to_string()} {onclick} {onkeydown}>
                <span role="gridcell" class="rate-carrier">
                    <span class="rate-radio" aria-hidden="true"></span>{ &rate.carrier }
                </span>
                <span role="gridcell" class="rate-service">
                    { &rate.service }
                    if badges.cheapest { <span class="badge badge-cheapest">{ "Cheapest" }</span> }
                    if badges.fastest { <span class="badge badge-fastest">{ "Fastest" }</span> }
                </span>
                <span role="gridcell" class="rate-days">{ delivery_text(rate.delivery_days) }</span>
                <span role="gridcell" class="num strong rate-price">{ rate.currency.format_display(rate.cost) }</span>
            </div>
        }
    };
    html! {
        <div id="rate-table" class="rate-table" role="grid" aria-label="Rates">
            <div class="rate-grid rate-head" role="row">
                <span role="columnheader">{ "Carrier" }</span>
                <span role="columnheader">{ "Service" }</span>
                <span role="columnheader">{ "Delivery" }</span>
                <span role="columnheader" class="num">{ "Price" }</span>
            </div>
            { for rates.iter().zip(badges).map(|(rate, badges)| row(rate, badges)) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use packdesk_domain::Currency;

    use super::*;
    use crate::shipping::model::tests::rate;

    #[test]
    fn cheapest_and_fastest_are_marked_with_ties_shared() {
        let rates = [
            rate("ground", 790, Some(5)),
            rate("priority", 1150, Some(2)),
            rate("express", 2890, Some(1)),
            rate("media", 790, None),
        ];
        let marks: Vec<(bool, bool)> = rate_badges(&rates)
            .iter()
            .map(|b| (b.cheapest, b.fastest))
            .collect();
        assert_eq!(
            marks,
            [(true, false), (false, false), (false, true), (true, false)]
        );
    }

    #[test]
    fn a_lone_rate_earns_no_badge_and_currencies_are_not_mixed() {
        assert_eq!(
            rate_badges(&[rate("only", 790, Some(1))]),
            [RateBadges::default()]
        );
        let mut euro = rate("eu", 500, None);
        euro.currency = "EUR".parse::<Currency>().expect("EUR");
        let badges = rate_badges(&[rate("us", 790, None), euro]);
        assert!(badges[0].cheapest && badges[1].cheapest);
        assert!(
            !badges[0].fastest && !badges[1].fastest,
            "no estimates, no fastest"
        );
    }

    #[test]
    fn the_cheapest_rate_is_listed_first_and_chosen_by_default() {
        let rates = [
            rate("priority", 1150, Some(2)),
            rate("ground", 790, Some(5)),
            rate("media", 790, Some(7)),
        ];
        let ids: Vec<_> = sorted_rates(&rates).into_iter().map(|r| r.id).collect();
        assert_eq!(ids, ["ground", "media", "priority"]);
        assert_eq!(default_rate(&rates).as_deref(), Some("ground"));
        assert_eq!(default_rate(&[]), None);
    }

    #[test]
    fn delivery_reads_in_days() {
        assert_eq!(delivery_text(Some(1)), "1 day");
        assert_eq!(delivery_text(Some(3)), "3 days");
        assert_eq!(delivery_text(None), "—");
    }
}
