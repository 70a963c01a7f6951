//! The `txlab serve` command line (the session options `--session`, `--memory`, `--read-only` are txlab's global
//! ones).

use std::net::IpAddr;

use clap::Args;

use super::{Config, SessionChoice};
use crate::app::SessionOptions;

/// Serve DynamoDB's HTTP API (JSON 1.0) for SDKs, the AWS CLI and applications: `--endpoint-url http://127.0.0.1:8000`.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Port to listen on (0 picks a free one; the address is printed on start).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Address to listen on. Anything but loopback lets other machines in, without authentication.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Show the requests live in the TUI while serving: each with its verdict, Enter opens it in the stepper and
    /// the cancellation panels. q quits the TUI, stops the server and saves the session.
    #[arg(long)]
    pub tui: bool,
    /// Serving threads (default: half the CPUs, at least one).
    #[arg(long, hide = true)]
    pub threads: Option<usize>,
}

impl ServeArgs {
    pub fn config(&self, session: &SessionOptions) -> Result<Config, String> {
        let session = if session.memory {
            SessionChoice::Memory
        } else {
            let path = match &session.path {
                Some(p) => p.clone(),
                None => crate::session::default_path().ok_or(
                    "there is no data folder for the default session; give --session PATH or --memory",
                )?,
            };
            SessionChoice::File {
                path,
                read_only: session.read_only,
            }
        };
        let mut config = Config::new(self.bind, self.port, session);
        if let Some(n) = self.threads {
            config.threads = n.max(1);
        }
        Ok(config)
    }
}

/// `txlab serve ...`: the process exit code.
pub fn run(args: &ServeArgs, session: &SessionOptions) -> i32 {
    match args.config(session).and_then(super::run) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("txlab: {e}");
            crate::commands::GENERAL_EXIT
        }
    }
}
