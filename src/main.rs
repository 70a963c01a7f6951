use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

/// txlab: a terminal workbench for Amazon DynamoDB transactions.
#[derive(Parser, Debug)]
#[command(name = "txlab", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    tui: TuiArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Open the TUI (what `txlab` alone does).
    Tui(TuiArgs),
}

#[derive(Args, Debug, Default)]
struct TuiArgs {
    /// The session file (default: TXLAB_SESSION, else the platform's data folder).
    #[arg(long, global = true)]
    session: Option<PathBuf>,
    /// Keep nothing on disk.
    #[arg(long, global = true)]
    memory: bool,
    /// Open on the demo session (in memory): the AWS CLI documentation's MusicCollection.
    #[arg(long, global = true)]
    demo: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Tui(args)) => tui(args),
        None => tui(cli.tui),
    }
}

/// `txlab` and `txlab tui`: open the session, run the TUI, save on the way out.
fn tui(args: TuiArgs) -> ExitCode {
    use txlab::session::{self, clock::SystemClock, store::OpenMode, Session};
    let opened = if args.demo {
        txlab::tui::demo::session()
    } else if args.memory {
        Ok(Session::in_memory())
    } else {
        let path = args
            .session
            .or_else(|| std::env::var_os("TXLAB_SESSION").map(PathBuf::from))
            .or_else(session::default_path);
        match path {
            Some(p) => Session::open(&p, OpenMode::ReadWrite, Arc::new(SystemClock)),
            None => Ok(Session::in_memory()),
        }
    };
    let session = match opened {
        Ok(s) => s,
        Err(e) => {
            eprintln!("txlab: {e}");
            return ExitCode::from(1);
        }
    };
    let theme = txlab::tui::Theme::new(txlab::tui::Theme::no_color_requested());
    match txlab::tui::run(session, theme).and_then(|s| s.close().map_err(|e| e.0)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("txlab: {e}");
            ExitCode::from(1)
        }
    }
}
