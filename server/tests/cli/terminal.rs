//! Runs a program at a real pseudo-terminal, as a person at a shell would,
//! to check what the terminal shows while they type.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

pub struct Terminal {
    keyboard: File,
    screen: mpsc::Receiver<Vec<u8>>,
    shown: Vec<u8>,
    child: Child,
}

impl Terminal {
    /// Starts `command` with stdin, stdout and stderr on a new pty that is
    /// also its controlling terminal (its `/dev/tty`), as under a shell.
    pub fn run(mut command: Command) -> Terminal {
        let (mut master, mut slave) = (0, 0);
        // SAFETY: openpty only writes the two descriptors it returns.
        let opened = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(opened, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened and are owned here alone.
        let (master, slave) = unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        // SAFETY: between fork and exec this calls only async-signal-safe
        // functions: a new session, then stdin (the pty) as its terminal.
        unsafe {
            command.pre_exec(|| {
                if libc::setsid() == -1 || libc::ioctl(0, libc::TIOCSCTTY, 0) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command
            .stdin(Stdio::from(slave.try_clone().expect("dup pty")))
            .stdout(Stdio::from(slave.try_clone().expect("dup pty")))
            .stderr(Stdio::from(slave))
            .spawn()
            .expect("program starts");
        drop(command); // closes this process's copies of the pty's far end
        let mut reader = master.try_clone().expect("dup pty");
        let (send, screen) = mpsc::channel();
        thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            // Ends with EIO once the program and its copies of the pty are gone.
            while let Ok(n @ 1..) = reader.read(&mut buffer) {
                if send.send(buffer[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Terminal {
            keyboard: master,
            screen,
            shown: Vec::new(),
            child,
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.screen_text().contains(text) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.screen.recv_timeout(left) {
                Ok(bytes) => self.shown.extend(bytes),
                Err(_) => panic!(
                    "{text:?} never showed; the screen: {:?}",
                    self.screen_text()
                ),
            }
        }
    }

    /// Waits until the program has turned echo off, as a password prompt
    /// must before anything is typed (typing earlier would be echoed by
    /// the terminal itself, whatever the program does).
    pub fn wait_for_echo_off(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            // SAFETY: termios is plain data; tcgetattr fills it.
            let mut termios: libc::termios = unsafe { std::mem::zeroed() };
            let read = unsafe {
                libc::tcgetattr(
                    std::os::fd::AsRawFd::as_raw_fd(&self.keyboard),
                    &mut termios,
                )
            };
            assert_eq!(read, 0, "tcgetattr: {}", std::io::Error::last_os_error());
            if termios.c_lflag & libc::ECHO == 0 {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the program ended ({status}): {:?}", self.screen_text());
            }
            assert!(
                Instant::now() < deadline,
                "echo stayed on: {:?}",
                self.screen_text()
            );
            thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn type_line(&mut self, line: &str) {
        self.keyboard
            .write_all(format!("{line}\n").as_bytes())
            .expect("typed");
    }

    /// Waits for the program to exit; returns whether it succeeded and
    /// everything the screen showed.
    pub fn finish(mut self) -> (bool, String) {
        let status = self.child.wait().expect("program exits");
        while let Ok(bytes) = self.screen.recv_timeout(Duration::from_secs(5)) {
            self.shown.extend(bytes);
        }
        (status.success(), self.screen_text())
    }

    fn screen_text(&self) -> String {
        String::from_utf8_lossy(&self.shown).into_owned()
    }
}
