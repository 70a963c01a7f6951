use clap::Parser;

/// txlab: a terminal workbench for Amazon DynamoDB transactions.
#[derive(Parser, Debug)]
#[command(name = "txlab", version, about, long_about = None)]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
    println!(
        "txlab {}: the engine is here; the REPL, TUI and server come next.",
        env!("CARGO_PKG_VERSION")
    );
}
