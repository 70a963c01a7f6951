//! The real binary in a real terminal: a tmux session to send keys to and read the screen of.
#![allow(dead_code)]

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    name: String,
}

impl Tmux {
    /// A detached tmux session of 120 × 36 running `command`; `tag` keeps tests running at once apart.
    pub fn start(tag: &str, command: &str) -> Tmux {
        let name = format!("txlab-{tag}-{}", std::process::id());
        let status = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &name,
                "-x",
                "120",
                "-y",
                "36",
                command,
            ])
            .env_remove("NO_COLOR")
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux could not start the session");
        Tmux { name }
    }

    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            let status = Command::new("tmux")
                .args(["send-keys", "-t", &self.name, k])
                .status()
                .expect("tmux send-keys");
            assert!(status.success());
            // A lone Escape must not run into the next key (it would read as Alt-key).
            let pause = if *k == "Escape" { 200 } else { 40 };
            std::thread::sleep(Duration::from_millis(pause));
        }
    }

    pub fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.name, "-l", text])
            .status()
            .expect("tmux send-keys -l");
        assert!(status.success());
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen satisfies `ok` (10 s at most), and returns it once it has settled: tmux may be
    /// captured in the middle of a frame (the rows above drawn, the rows below not yet), so the screen is
    /// read again until two reads agree (for 1 s at most; then the last one that satisfies `ok`).
    pub fn wait(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return self.settled(screen, &ok);
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("waited 10 s for {what}; the screen is:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn settled(&self, mut screen: String, ok: &impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(1) {
            std::thread::sleep(Duration::from_millis(30));
            let again = self.screen();
            if again == screen {
                break;
            }
            if ok(&again) {
                screen = again;
            }
        }
        screen
    }

    pub fn wait_for(&self, text: &str) -> String {
        self.wait(text, |s| s.contains(text))
    }

    /// Waits (10 s at most) for the command to end, which ends the tmux session; whether it did.
    pub fn wait_exit(&self) -> bool {
        let start = Instant::now();
        while self.alive() && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(50));
        }
        !self.alive()
    }

    /// The screen and the lines scrolled off it, wrapped lines joined.
    pub fn scrollback(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-J", "-S", "-200", "-t", &self.name])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Keeps the pane (and what the command printed last) after the command ends.
    pub fn remain_on_exit(&self) {
        let status = Command::new("tmux")
            .args(["set-option", "-t", &self.name, "remain-on-exit", "on"])
            .status()
            .expect("tmux set-option");
        assert!(status.success());
    }

    /// A tmux format of the pane (`#{pane_pid}`, `#{pane_dead}`).
    pub fn pane(&self, format: &str) -> String {
        let out = Command::new("tmux")
            .args(["display-message", "-p", "-t", &self.name, format])
            .output()
            .expect("tmux display-message");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// With `remain_on_exit`: waits (10 s at most) for the command to end; whether it did.
    pub fn wait_dead(&self) -> bool {
        let start = Instant::now();
        while self.pane("#{pane_dead}") != "1" && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(50));
        }
        self.pane("#{pane_dead}") == "1"
    }

    pub fn alive(&self) -> bool {
        Command::new("tmux")
            .args(["has-session", "-t", &self.name])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

pub fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}
