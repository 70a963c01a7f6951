use clap::{Parser, Subcommand};

// Requests are trees of small allocations; mimalloc serves them about twice as fast as the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// txlab: a terminal workbench for Amazon DynamoDB transactions.
#[derive(Parser, Debug)]
#[command(name = "txlab", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    Serve(txlab::server::ServeArgs),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Serve(args)) => txlab::server::args::run(&args),
        None => {
            println!(
                "txlab {}: the engine and `txlab serve` are here; the REPL and TUI come next.",
                env!("CARGO_PKG_VERSION")
            );
            Ok(())
        }
    };
    if let Err(e) = result {
        eprintln!("txlab: {e}");
        std::process::exit(1);
    }
}
