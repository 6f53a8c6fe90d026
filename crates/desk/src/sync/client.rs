//! HTTP calls to the Packdesk server. Every failure is worded for the desk:
//! unreachable is `Unavailable` (work goes on offline), a refused token is
//! `SignedOut`, anything else the server says is passed on as it said it.

use std::time::Duration;

use packdesk_domain::api::ErrorBody;
use packdesk_domain::sync::{
    LoginRequest, LoginResponse, PrefixAnswer, PrefixClaim, PullResponse, PushRequest,
    PushResponse, MAX_PULL_PAGE,
};
use reqwest::{Client, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{DeskError, DeskResult};

#[derive(Debug, Clone)]
pub struct ServerClient {
    http: Client,
}

impl ServerClient {
    pub fn new(timeout: Duration) -> DeskResult<Self> {
        let http = Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(timeout)
            .user_agent(concat!("packdesk-desk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| DeskError::External(format!("could not set up HTTPS: {e}")))?;
        Ok(ServerClient { http })
    }

    pub async fn login(&self, base: &str, request: &LoginRequest) -> DeskResult<LoginResponse> {
        answer(self.http.post(url(base, "/v1/login")?).json(request)).await
    }

    pub async fn logout(&self, base: &str, token: &str) -> DeskResult<()> {
        let response = send(self.http.post(url(base, "/v1/logout")?).bearer_auth(token)).await?;
        if response.status().is_success() || response.status() == StatusCode::UNAUTHORIZED {
            Ok(())
        } else {
            Err(refusal(response).await)
        }
    }

    pub async fn push(
        &self,
        base: &str,
        token: &str,
        request: &PushRequest,
    ) -> DeskResult<PushResponse> {
        answer(
            self.http
                .post(url(base, "/v1/push")?)
                .bearer_auth(token)
                .json(request),
        )
        .await
    }

    pub async fn claim_prefix(
        &self,
        base: &str,
        token: &str,
        claim: &PrefixClaim,
    ) -> DeskResult<PrefixAnswer> {
        answer(
            self.http
                .post(url(base, "/v1/desk-prefixes")?)
                .bearer_auth(token)
                .json(claim),
        )
        .await
    }

    pub async fn pull(&self, base: &str, token: &str, after: u64) -> DeskResult<PullResponse> {
        let url = url(
            base,
            &format!("/v1/pull?after={after}&limit={MAX_PULL_PAGE}"),
        )?;
        answer(self.http.get(url).bearer_auth(token)).await
    }

    /// The server's change notifications (Server-Sent Events), for `listen`.
    pub async fn events(&self, base: &str, token: &str) -> DeskResult<reqwest::Response> {
        // No overall timeout: the stream is meant to stay open.
        let request = self
            .http
            .get(url(base, "/v1/events")?)
            .bearer_auth(token)
            .timeout(Duration::from_secs(60 * 60 * 24));
        let response = send(request).await?;
        if response.status().is_success() {
            Ok(response)
        } else {
            Err(refusal(response).await)
        }
    }
}

fn url(base: &str, path: &str) -> DeskResult<String> {
    let base = base.trim().trim_end_matches('/');
    if !(base.starts_with("https://") || base.starts_with("http://")) {
        return Err(DeskError::invalid(
            "server_url",
            "must start with https:// (or http:// on the shop's own network)",
        ));
    }
    Ok(format!("{base}{path}"))
}

async fn send(request: RequestBuilder) -> DeskResult<reqwest::Response> {
    request.send().await.map_err(|e| {
        DeskError::Unavailable(format!(
            "Can't reach the Packdesk server ({e}). Changes are kept on this desk and sent when it is back."
        ))
    })
}

async fn answer<T: DeserializeOwned>(request: RequestBuilder) -> DeskResult<T> {
    let response = send(request).await?;
    if !response.status().is_success() {
        return Err(refusal(response).await);
    }
    response.json().await.map_err(|e| {
        DeskError::Unavailable(format!(
            "the Packdesk server's answer was cut off or unreadable: {e}"
        ))
    })
}

async fn refusal(response: reqwest::Response) -> DeskError {
    let status = response.status();
    let body: Option<ErrorBody> = response.json().await.ok();
    let message = body.map_or_else(|| format!("HTTP {status}"), |b| b.message);
    match status {
        StatusCode::UNAUTHORIZED => DeskError::SignedOut(message),
        StatusCode::TOO_MANY_REQUESTS => DeskError::Unavailable(message),
        s if s.is_server_error() => {
            DeskError::Unavailable(format!("the Packdesk server failed: {message}"))
        }
        _ => DeskError::Conflict(message),
    }
}
