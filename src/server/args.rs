//! The `txlab serve` command line.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Args;

use super::{Config, SessionChoice};

/// Serve DynamoDB's HTTP API (JSON 1.0) for SDKs, the AWS CLI and applications: `--endpoint-url http://127.0.0.1:8000`.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Port to listen on (0 picks a free one; the address is printed on start).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Address to listen on. Anything but loopback lets other machines in, without authentication.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Session file to serve (default: txlab's session in your data folder).
    #[arg(long, value_name = "PATH", conflicts_with = "memory")]
    pub session: Option<PathBuf>,
    /// Keep everything in memory; nothing is saved.
    #[arg(long)]
    pub memory: bool,
    /// Open the session without saving changes (they live in memory until the server stops).
    #[arg(long, conflicts_with = "memory")]
    pub read_only: bool,
    /// Serving threads (default: one per CPU).
    #[arg(long, hide = true)]
    pub threads: Option<usize>,
}

impl ServeArgs {
    pub fn config(&self) -> Result<Config, String> {
        let session = if self.memory {
            SessionChoice::Memory
        } else {
            let path = match &self.session {
                Some(p) => p.clone(),
                None => crate::session::default_path().ok_or(
                    "there is no data folder for the default session; give --session PATH or --memory",
                )?,
            };
            SessionChoice::File {
                path,
                read_only: self.read_only,
            }
        };
        let mut config = Config::new(self.bind, self.port, session);
        if let Some(n) = self.threads {
            config.threads = n.max(1);
        }
        Ok(config)
    }
}

/// `txlab serve ...`
pub fn run(args: &ServeArgs) -> Result<(), String> {
    super::run(args.config()?)
}
