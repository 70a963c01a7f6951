use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use txlab::app::{self, ScriptOptions, SessionOptions};

// Requests are trees of small allocations; mimalloc serves them about twice as fast as the system allocator
// (`txlab::alloc::Mimalloc` says why not `mimalloc::MiMalloc`).
#[global_allocator]
static ALLOCATOR: txlab::alloc::Mimalloc = txlab::alloc::Mimalloc;

/// txlab: a terminal workbench for Amazon DynamoDB transactions.
#[derive(Parser, Debug)]
#[command(name = "txlab", version, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    session: SessionArgs,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Args, Debug)]
struct SessionArgs {
    /// The session file (default: session.json in the data folder)
    #[arg(long, global = true, env = "TXLAB_SESSION", value_name = "PATH")]
    session: Option<PathBuf>,
    /// Keep the session in memory only (wins over --session and TXLAB_SESSION)
    #[arg(long, global = true)]
    memory: bool,
    /// Open the session without changing its file (no lock is taken)
    #[arg(long, global = true)]
    read_only: bool,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// The interactive prompt (AWS CLI commands and txlab's own)
    Repl,
    /// Run the commands of FILE (`-` for standard input), stopping at the first error
    Exec {
        /// The script, or `-` for standard input
        file: String,
        /// Run on after a command fails (the exit code is the first failure's)
        #[arg(long)]
        keep_going: bool,
        /// Print each command before its output
        #[arg(long)]
        echo: bool,
    },
    /// The TUI on a fresh demo session: the AWS CLI documentation's MusicCollection table, ready for its
    /// transaction (rebuilt each time; `--memory` keeps it off disk)
    Demo {
        /// Open the prompt (REPL) instead of the TUI
        #[arg(long)]
        repl: bool,
    },
    /// The terminal UI: tables, composer, stepper, history (what `txlab` alone opens)
    Tui {
        /// Open on a fresh demo session, as `txlab demo` does
        #[arg(long)]
        demo: bool,
    },
    /// Serve DynamoDB's HTTP API on the session, for SDKs, the AWS CLI and applications (`--tui`: and watch
    /// the requests arrive, with their verdicts, in the TUI)
    Serve(txlab::server::ServeArgs),
}

fn session_options(args: SessionArgs) -> SessionOptions {
    SessionOptions {
        path: args.session,
        memory: args.memory,
        read_only: args.read_only,
    }
}

fn exec(session: SessionOptions, file: String, keep_going: bool, echo: bool) -> i32 {
    app::exec(
        &session,
        &ScriptOptions {
            file,
            keep_going,
            echo,
        },
    )
}

/// `txlab` and `txlab tui`: the TUI on the session (or on the demo).
fn tui(session: &SessionOptions, demo: bool) -> i32 {
    txlab::tui::start(session, demo)
}

fn main() {
    let cli = Cli::parse();
    let session = session_options(cli.session);
    let code = match cli.command {
        None => tui(&session, false),
        Some(Cmd::Tui { demo }) => tui(&session, demo),
        Some(Cmd::Repl) => app::repl(&session),
        Some(Cmd::Exec {
            file,
            keep_going,
            echo,
        }) => exec(session, file, keep_going, echo),
        Some(Cmd::Demo { repl: true }) => app::demo(&session),
        Some(Cmd::Demo { repl: false }) => tui(&session, true),
        Some(Cmd::Serve(args)) if args.tui => txlab::tui::live::serve(&args, &session),
        Some(Cmd::Serve(args)) => txlab::server::args::run(&args, &session),
    };
    std::process::exit(code);
}
