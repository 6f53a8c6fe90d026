//! A harness that launches the real Packdesk binary in a real window through
//! `tauri-driver` (which drives WebKitWebDriver) and hands tests a WebDriver
//! client. Run under a display: `xvfb-run -a dbus-run-session -- cargo test
//! -p packdesk-e2e` (scripts/test.sh does this).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub const WAIT: Duration = Duration::from_secs(20);

#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    #[error("no display: run under `xvfb-run -a dbus-run-session --` (see scripts/test.sh)")]
    NoDisplay,
    #[error(
        "the app binary {0} does not exist: build it first with `cargo build -p packdesk-app`"
    )]
    NoApp(PathBuf),
    #[error(
        "tauri-driver could not start: {0} (install it with `cargo install tauri-driver --locked`)"
    )]
    Driver(std::io::Error),
    #[error("WebDriver session failed: {0}")]
    Session(String),
    #[error("{0}")]
    Command(#[from] fantoccini::error::CmdError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = HarnessError> = std::result::Result<T, E>;

/// The debug build of the app, or `$PACKDESK_APP`.
pub fn app_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("PACKDESK_APP") {
        return PathBuf::from(path);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target
        .join("debug")
        .join(format!("packdesk-app{}", std::env::consts::EXE_SUFFIX))
}

/// Where screenshots go for people to look at: `target/e2e-screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let dir = app_binary()
        .parent()
        .and_then(Path::parent)
        .map(|t| t.join("e2e-screenshots"))
        .unwrap_or_default();
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// One running app with a WebDriver session on it.
pub struct App {
    pub client: Client,
    driver: Child,
}

impl App {
    /// Starts the app on the database at `database` and waits for its first
    /// list to render (`data-ready="true"` on the root).
    pub async fn launch(database: &Path) -> Result<App> {
        if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
            return Err(HarnessError::NoDisplay);
        }
        let app = app_binary();
        if !app.exists() {
            return Err(HarnessError::NoApp(app));
        }
        let port = free_port()?;
        let native_port = free_port()?;
        let cache = tempfile::tempdir()?.keep();
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("PACKDESK_DB", database)
            .env("XDG_CACHE_HOME", &cache)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(HarnessError::Driver)?;
        let mut app_session = App {
            client: connect(port, &app).await?,
            driver,
        };
        app_session.wait_ready().await?;
        Ok(app_session)
    }

    async fn wait_ready(&mut self) -> Result<()> {
        self.wait_for("[data-ready='true']").await?;
        Ok(())
    }

    pub async fn find(&self, css: &str) -> Result<Element> {
        Ok(self.client.find(Locator::Css(css)).await?)
    }

    /// Waits for `css` to match; a timeout names the selector and leaves a
    /// screenshot of what the window showed instead.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => Ok(element),
            Err(fantoccini::error::CmdError::WaitTimeout) => {
                let shot = self.screenshot("timeout").await;
                Err(HarnessError::Session(format!(
                    "{css} never appeared within {WAIT:?} (window: {})",
                    shot.map_or_else(|e| e.to_string(), |p| p.display().to_string())
                )))
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Waits until `css` matches nothing.
    pub async fn wait_gone(&self, css: &str) -> Result<()> {
        let start = Instant::now();
        while !self.client.find_all(Locator::Css(css)).await?.is_empty() {
            if start.elapsed() > WAIT {
                return Err(HarnessError::Session(format!(
                    "{css} is still shown after {WAIT:?}"
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// Waits until the element's text contains `expected`; returns the text.
    pub async fn wait_text(&self, css: &str, expected: &str) -> Result<String> {
        let start = Instant::now();
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(expected) {
                return Ok(text);
            }
            if start.elapsed() > WAIT {
                return Err(HarnessError::Session(format!(
                    "{css} shows {text:?}, never {expected:?}"
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn click(&self, css: &str) -> Result<()> {
        self.wait_for(css).await?.click().await?;
        Ok(())
    }

    /// Clears an input and types `text` into it, as a person would.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        let input = self.wait_for(css).await?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(())
    }

    pub async fn count(&self, css: &str) -> Result<usize> {
        Ok(self.client.find_all(Locator::Css(css)).await?.len())
    }

    /// Calls a desk command through the window's own Tauri bridge, exactly as
    /// the UI does, and returns `{"ok": …}` or `{"err": ErrorBody}`.
    pub async fn invoke(&self, command: &str, input: Value) -> Result<Value> {
        let script = "const [command, input, done] = arguments;
            window.__TAURI__.core.invoke(command, { input })
                .then(ok => done({ ok }), err => done({ err }));";
        Ok(self
            .client
            .execute_async(script, vec![json!(command), input])
            .await?)
    }

    /// Saves a PNG of the window under `target/e2e-screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let path = screenshot_dir().join(format!("{name}.png"));
        // WebKit's snapshot can stall forever (it does with
        // WEBKIT_DISABLE_DMABUF_RENDERER=1): fail instead of hanging.
        let png = tokio::time::timeout(WAIT, self.client.screenshot())
            .await
            .map_err(|_| {
                HarnessError::Session(format!("screenshot {name} took over {WAIT:?}"))
            })??;
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Ends the session (closing the app) and stops tauri-driver with SIGTERM;
    /// SIGKILL would leave WebKitWebDriver holding its port.
    pub async fn quit(mut self) -> Result<()> {
        let closed = self.client.clone().close().await;
        stop_gracefully(&mut self.driver);
        closed?;
        Ok(())
    }
}

impl Drop for App {
    fn drop(&mut self) {
        stop_gracefully(&mut self.driver);
    }
}

fn stop_gracefully(driver: &mut Child) {
    if let Ok(Some(_)) = driver.try_wait() {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &driver.id().to_string()])
        .status();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if let Ok(Some(_)) = driver.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = driver.kill();
    let _ = driver.wait();
}

fn tauri_driver() -> PathBuf {
    std::env::var_os("TAURI_DRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("CARGO_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
                .unwrap_or_default();
            let installed = home.join("bin").join("tauri-driver");
            if installed.exists() {
                installed
            } else {
                PathBuf::from("tauri-driver")
            }
        })
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// tauri-driver takes a moment to listen; retry the session until it does.
async fn connect(port: u16, app: &Path) -> Result<Client> {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("wry"));
    capabilities.insert("tauri:options".into(), json!({ "application": app }));
    let url = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    loop {
        match ClientBuilder::native()
            .capabilities(capabilities.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return Ok(client),
            Err(error) if start.elapsed() > WAIT => {
                return Err(HarnessError::Session(error.to_string()))
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}
