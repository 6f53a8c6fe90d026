//! Signing in and out, and what happens to tokens that are not good.

use chrono::Utc;
use packdesk_domain::api::{ErrorBody, ErrorKind};
use packdesk_domain::sync::{Health, LoginResponse};
use packdesk_domain::Role;
use packdesk_server::auth::SessionToken;
use reqwest::StatusCode;

use crate::support::{create_order, on_both_backends, verdicts, Desk, PASSWORD};
use packdesk_domain::sync::Verdict;

async fn error_of(response: reqwest::Response) -> ErrorBody {
    response.json().await.expect("an ErrorBody")
}

on_both_backends! {
    async fn login_returns_a_token_that_opens_the_api(h) {
        let response = h.login("manager", PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK);
        let login: LoginResponse = response.json().await.expect("a login response");
        assert_eq!(login.user.username, "manager");
        assert_eq!(login.user.role, Role::Manager);
        let days = (login.expires_at - Utc::now()).num_days();
        assert!((29..=30).contains(&days), "expires in {days} days");
        assert_eq!(h.get("/v1/pull", &login.token).await.status(), StatusCode::OK);
    }

    async fn a_wrong_password_and_an_unknown_user_get_the_same_answer(h) {
        let wrong = h.login("manager", "not the password").await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        let unknown = h.login("nobody", PASSWORD).await;
        assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
        let (wrong, unknown) = (error_of(wrong).await, error_of(unknown).await);
        assert_eq!(wrong.message, "wrong user name or password");
        assert_eq!(wrong, unknown);
    }

    async fn repeated_failures_are_throttled_even_for_the_right_password(h) {
        for _ in 0..5 {
            assert_eq!(h.login("viewer", "guess").await.status(), StatusCode::UNAUTHORIZED);
        }
        let throttled = h.login("viewer", PASSWORD).await;
        assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry_after: u64 = throttled
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("a Retry-After in seconds");
        assert!((1..=300).contains(&retry_after), "Retry-After: {retry_after}");
        assert_eq!(h.login("manager", PASSWORD).await.status(), StatusCode::OK);
    }

    async fn logout_ends_the_session(h) {
        let token = h.token("processor").await;
        let response = h
            .client
            .post(h.url("/v1/logout"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("server answers");
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(h.get("/v1/pull", &token).await.status(), StatusCode::UNAUTHORIZED);
    }

    async fn an_expired_token_is_refused(h) {
        let user = h.storage.find_user("admin").await.expect("storage").expect("admin");
        let token = SessionToken::generate();
        let expired = Utc::now() - chrono::Duration::seconds(1);
        h.storage
            .insert_token(&token.hash(), user.id, expired)
            .await
            .expect("token stored");
        let response = h.get("/v1/pull", token.as_str()).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(error_of(response).await.kind, ErrorKind::Forbidden);
    }

    async fn tampered_garbage_and_missing_tokens_are_refused(h) {
        let token = h.token("admin").await;
        let mut tampered = token.clone().into_bytes();
        tampered[0] = if tampered[0] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).expect("still ASCII");
        assert_eq!(h.get("/v1/pull", &tampered).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(h.get("/v1/pull", "garbage").await.status(), StatusCode::UNAUTHORIZED);
        let bare = h.client.get(h.url("/v1/pull")).send().await.expect("server answers");
        assert_eq!(bare.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(h.get("/v1/pull", &token).await.status(), StatusCode::OK);
    }

    async fn a_new_role_applies_to_the_next_request_and_a_removed_user_is_signed_out(h) {
        let token = h.token("processor").await;
        let mut desk = Desk::new();
        let (_, first) = create_order("K7QM-00001");
        let answer = h.push(&token, desk.id, &[desk.next(first)]).await;
        assert_eq!(verdicts(&answer), vec![Verdict::Applied]);

        assert!(h.storage.set_role("processor", Role::Viewer).await.unwrap());
        let (_, second) = create_order("K7QM-00002");
        let answer = h.push(&token, desk.id, &[desk.next(second)]).await;
        assert!(
            matches!(verdicts(&answer)[0], Verdict::Rejected { kind: ErrorKind::Forbidden, .. }),
            "{answer:?}"
        );

        assert!(h.storage.remove_user("processor").await.unwrap());
        assert!(!h.storage.remove_user("processor").await.unwrap(), "gone already");
        assert_eq!(h.get("/v1/pull", &token).await.status(), StatusCode::UNAUTHORIZED);
        let names: Vec<String> = h.storage.list_users().await.unwrap().into_iter().map(|u| u.username).collect();
        assert_eq!(names, vec!["admin", "manager", "viewer"]);
        assert!(!h.storage.set_role("processor", Role::Admin).await.unwrap());
    }

    async fn healthz_reports_the_backend_without_a_token(h) {
        let response = h.client.get(h.url("/healthz")).send().await.expect("server answers");
        assert_eq!(response.status(), StatusCode::OK);
        let health: Health = response.json().await.expect("a Health");
        assert_eq!(health.status, "ok");
        assert_eq!(health.database, h.storage.backend_name());
        assert!(["sqlite", "postgres"].contains(&health.database.as_str()));
    }
}
