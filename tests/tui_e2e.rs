//! The real binary in a real terminal (tmux): open the demo, compose the AWS CLI documentation's
//! TransactWriteItems example by keys, run it, see it cancelled with [None, ConditionalCheckFailed], step to the
//! false node, fix the data, run again, see it committed, quit.
//!
//! Skips (with a message saying so) only where tmux is not installed; `scripts/test.sh` installs it.

mod tmux_support;

use tmux_support::{tmux_available, Tmux};

#[test]
fn compose_run_cancel_step_fix_and_commit_in_a_real_terminal() {
    if !tmux_available() {
        eprintln!("SKIPPED tui_e2e: tmux is not installed (scripts/test.sh installs it: apt-get install tmux)");
        return;
    }
    let binary = env!("CARGO_BIN_EXE_txlab");
    let t = Tmux::start("e2e", &format!("{binary} demo --memory"));
    t.wait_for("No One You Know");

    // Action 1: Update {Acme Band, Happy Day} SET AlbumTitle = :newval if attribute_not_exists(Rating).
    t.keys(&["Enter", "c", "u"]);
    t.wait_for("Action 1 of 1: Update");
    t.keys(&["Enter"]);
    t.type_text("SET AlbumTitle = :newval");
    t.keys(&["Enter", "j", "Enter"]);
    t.type_text("attribute_not_exists(Rating)");
    t.keys(&["Enter", "j", "j", "Enter"]);
    t.wait_for("Ctrl-S keeps it");
    t.type_text(r#"":newval": {"S": "Updated Album Title"}"#);
    t.keys(&["C-s"]);
    t.wait_for("✓ valid");

    // Action 2: Delete {No One You Know, Call Me Today} if attribute_not_exists(Rating).
    t.keys(&["1", "j", "c", "d"]);
    t.wait_for("Action 2 of 2: Delete");
    t.keys(&["Enter"]);
    t.type_text("attribute_not_exists(Rating)");
    t.keys(&["Enter"]);
    t.wait("both actions valid", |s| s.matches("✓ valid").count() == 2);

    // Run: cancelled, [None, ConditionalCheckFailed], with the reason panels.
    t.keys(&["r"]);
    let screen = t.wait_for("TransactionCanceledException");
    assert!(
        screen.contains("[None,") && screen.contains("ConditionalCheckFailed]"),
        "{screen}"
    );
    assert!(
        screen.contains("Rating exists on this item (N 5)"),
        "{screen}"
    );

    // Step to the false node: action 2, its first node.
    t.keys(&["2", "n"]);
    let screen = t.wait_for("Read        Rating = N 5");
    assert!(
        screen.contains("╰──────────────────────────╯ false"),
        "{screen}"
    );
    assert!(screen.contains("Result      false"), "{screen}");

    // Fix the data with the REPL's command language, from the command line.
    t.keys(&["Escape", ":"]);
    t.type_text(
        r#"update-item --table-name MusicCollection --key '{"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}}' --update-expression 'REMOVE Rating'"#,
    );
    t.keys(&["Enter", "1"]);
    t.wait("the Rating gone", |s| {
        s.contains("Somewhat Famous") && !s.contains("N 5")
    });

    // Run again: committed.
    t.keys(&["2", "r"]);
    let screen = t.wait_for("Committed: all 2 actions were applied.");
    assert!(screen.contains("~ AlbumTitle"), "{screen}");

    // q quits (and saves: the demo lives in memory, so there is nothing to write).
    t.keys(&["q"]);
    assert!(t.wait_exit(), "txlab did not quit");
}
