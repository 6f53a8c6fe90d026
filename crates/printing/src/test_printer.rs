//! A real IPP printer for tests: CUPS's `ippeveprinter`, one per test.
//!
//! `ippeveprinter` insists on announcing itself over DNS-SD, which needs the
//! system D-Bus and avahi running. Containers usually have neither, so the
//! first failure to start because of DNS-SD starts both daemons (once per
//! test binary) and tries again. If it still cannot start, the test panics
//! with the printer's own output: an IPP test must never pass without IPP.

use std::fs::{self, File};
use std::net::{TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::thread::sleep;
use std::time::{Duration, Instant};

use ipp::prelude::{AsyncIppClient, DelimiterTag, IppOperationBuilder, IppValue, Uri};
use tempfile::TempDir;

const BINARY: &str = "/usr/sbin/ippeveprinter";
const READY_WITHIN: Duration = Duration::from_secs(10);

/// Serialises daemon start-up between test threads; holds its report once
/// it has run.
static DAEMONS_STARTED: Mutex<Option<String>> = Mutex::new(None);
const BUS_SOCKET: &str = "/run/dbus/system_bus_socket";

pub struct IppPrinter {
    child: Option<Child>,
    port: u16,
    spool: TempDir,
}

impl IppPrinter {
    /// A printer taking PDF and PWG raster, processing each job at once (so
    /// the next one is never refused as busy) and keeping every spooled file.
    pub fn start(name: &str) -> IppPrinter {
        Self::launch(name, "application/pdf,image/pwg-raster", true)
    }

    /// A printer that only takes PDF.
    pub fn start_pdf_only(name: &str) -> IppPrinter {
        Self::launch(name, "application/pdf", true)
    }

    /// A printer that "prints" each job for 5 to 15 seconds, as
    /// `ippeveprinter` does without a print command, and meanwhile answers
    /// new jobs with server-error-busy.
    pub fn start_slow(name: &str) -> IppPrinter {
        Self::launch(name, "application/pdf", false)
    }

    fn launch(name: &str, formats: &str, instant: bool) -> IppPrinter {
        let spool = tempfile::tempdir().expect("spool directory");
        let mut last_log = String::new();
        let mut daemons = String::new();
        for _attempt in 0..3 {
            let port = free_port();
            let log_path = spool.path().join(format!("ippeveprinter-{port}.log"));
            let log = File::create(&log_path).expect("log file");
            let mut command = Command::new(BINARY);
            command
                .args(["-n", "localhost", "-p", &port.to_string(), "-k"])
                .arg("-d")
                .arg(spool.path())
                .args(["-f", formats]);
            if instant {
                command.args(["-c", "/bin/true"]);
            }
            let mut child = command
                .arg(name)
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("log handle"))
                .stderr(log)
                .spawn()
                .unwrap_or_else(|error| {
                    panic!("cannot run {BINARY}: {error} (install cups-ipp-utils)")
                });
            if wait_ready(&mut child, port) {
                return IppPrinter {
                    child: Some(child),
                    port,
                    spool,
                };
            }
            let _ = child.kill();
            let _ = child.wait();
            last_log = fs::read_to_string(&log_path).unwrap_or_default();
            if last_log.contains("DNS-SD") {
                daemons = start_dns_sd_daemons();
            }
        }
        panic!("ippeveprinter did not start; its output:\n{last_log}\nDNS-SD daemons:\n{daemons}");
    }

    pub fn uri(&self) -> String {
        format!("ipp://localhost:{}/ipp/print", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Waits (up to 5 s) until job `job_id` has finished. Even with an
    /// instant print command, a job is processed on a thread after
    /// Print-Job is answered, and `ippeveprinter` refuses the next job as
    /// busy until then. (Its `printer-state` is no guide: it still reads
    /// idle before processing starts.)
    pub async fn wait_job_done(&self, job_id: i32) {
        let uri: Uri = self.uri().parse().expect("printer URI");
        let client = AsyncIppClient::new(uri.clone());
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let operation = IppOperationBuilder::get_job_attributes(uri.clone(), job_id)
                .build()
                .expect("request");
            let response = client.send(operation).await.expect("printer answers");
            let state = response
                .attributes()
                .groups_of(DelimiterTag::JobAttributes)
                .find_map(|group| group.get("job-state").map(|a| a.value().clone()));
            // canceled, aborted or completed
            if matches!(state, Some(IppValue::Enum(7..=9))) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "job {job_id} still {state:?} after 5 s"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Kills the printer; later sends find nobody listening.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The bytes of each spooled document, by job id. `ippeveprinter` names
    /// them `<job-id>-<job name>.<ext>` directly in the spool directory
    /// (plus a `.prn` with the print command's output, skipped here).
    pub fn jobs(&self) -> Vec<Vec<u8>> {
        let mut files: Vec<(u32, PathBuf)> = fs::read_dir(self.spool.path())
            .expect("spool readable")
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|ext| ext != "prn" && ext != "log")
            })
            .filter_map(|path| Some((job_id(&path)?, path)))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|(_, path)| settled_bytes(&path))
            .collect()
    }
}

impl Drop for IppPrinter {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Waits until the printer accepts connections; false if it exits or
/// takes longer than [`READY_WITHIN`] (e.g. the port was taken meanwhile).
fn wait_ready(child: &mut Child, port: u16) -> bool {
    let deadline = Instant::now() + READY_WITHIN;
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return false;
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        sleep(Duration::from_millis(50));
    }
    false
}

fn job_id(path: &Path) -> Option<u32> {
    let name = path.file_name()?.to_str()?;
    name.split('-').next()?.parse().ok()
}

/// A file's bytes once its size has stopped changing (up to 2 s).
fn settled_bytes(path: &Path) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut last = fs::read(path).expect("spool file");
    loop {
        sleep(Duration::from_millis(50));
        let now = fs::read(path).expect("spool file");
        if now.len() == last.len() || Instant::now() > deadline {
            return now;
        }
        last = now;
    }
}

/// A port nobody is listening on right now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind");
    listener.local_addr().expect("address").port()
}

/// Starts the system D-Bus and avahi if they are not running, once per test
/// binary; returns what it did, for the panic message if that was not enough.
fn start_dns_sd_daemons() -> String {
    let mut done = DAEMONS_STARTED
        .lock()
        .unwrap_or_else(|poison| poison.into_inner());
    if let Some(report) = done.as_ref() {
        return report.clone();
    }
    let mut report = String::new();
    if UnixStream::connect(BUS_SOCKET).is_err() {
        let _ = fs::create_dir_all("/run/dbus");
        // A socket or pid file left by a dead daemon makes a new one refuse
        // to start.
        let _ = fs::remove_file(BUS_SOCKET);
        let _ = fs::remove_file("/run/dbus/pid");
        let status = Command::new("dbus-daemon")
            .args(["--system", "--fork"])
            .status();
        report.push_str(&format!("dbus-daemon --system --fork: {status:?}\n"));
    }
    if !avahi_running() {
        let status = Command::new("avahi-daemon").arg("-D").status();
        report.push_str(&format!("avahi-daemon -D: {status:?}\n"));
        let deadline = Instant::now() + Duration::from_secs(5);
        while !avahi_running() && Instant::now() < deadline {
            sleep(Duration::from_millis(100));
        }
        report.push_str(&format!("avahi running afterwards: {}\n", avahi_running()));
    }
    *done = Some(report.clone());
    report
}

fn avahi_running() -> bool {
    Command::new("avahi-daemon")
        .arg("-c")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}
