//! Order-number prefixes: the first desk to claim one holds it.

use packdesk_domain::sync::{PrefixAnswer, PrefixClaim};
use reqwest::StatusCode;
use uuid::Uuid;

use crate::support::{on_both_backends, Harness};

async fn claim(h: &Harness, token: &str, desk_id: Uuid, prefix: &str) -> reqwest::Response {
    h.client
        .post(h.url("/v1/desk-prefixes"))
        .bearer_auth(token)
        .json(&PrefixClaim {
            desk_id,
            prefix: prefix.into(),
        })
        .send()
        .await
        .expect("server answers")
}

async fn granted(h: &Harness, token: &str, desk_id: Uuid, prefix: &str) -> bool {
    let response = claim(h, token, desk_id, prefix).await;
    assert_eq!(response.status(), StatusCode::OK);
    response
        .json::<PrefixAnswer>()
        .await
        .expect("an answer")
        .granted
}

on_both_backends! {
    async fn the_first_desk_to_claim_a_prefix_holds_it_for_good(h) {
        let token = h.token("viewer").await;
        let (first, second) = (Uuid::new_v4(), Uuid::new_v4());
        assert!(granted(&h, &token, first, "K7QM").await);
        assert!(granted(&h, &token, first, "K7QM").await, "claiming again is answered the same");
        assert!(!granted(&h, &token, second, "K7QM").await, "another desk is told it is taken");
        assert!(granted(&h, &token, second, "P3RX").await);
        assert!(granted(&h, &token, first, "W9ZA").await, "a desk may hold several");
        assert!(granted(&h, &token, first, "K7QM").await, "and keeps the ones it had");
    }

    async fn a_malformed_prefix_is_refused_by_name_and_a_claim_needs_a_token(h) {
        let token = h.token("viewer").await;
        for bad in ["K7Q0", "k7qm", "K7QMX", ""] {
            let response = claim(&h, &token, Uuid::new_v4(), bad).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad:?}");
            let body = response.text().await.unwrap_or_default();
            assert!(body.contains("prefix"), "{body}");
        }
        let anonymous = h
            .client
            .post(h.url("/v1/desk-prefixes"))
            .json(&PrefixClaim { desk_id: Uuid::new_v4(), prefix: "K7QM".into() })
            .send()
            .await
            .expect("server answers");
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    }
}
