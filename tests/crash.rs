//! Kill a txlab that is writing, at random moments, at least 200 times: the session must always load, and
//! equal a state that was answered.
//!
//! Each round runs `txlab --session FILE exec` on a script of put-items (with `--return-consumed-capacity`, so
//! every answered request prints one `ConsumedCapacity` block) and `save`s (so kills also land inside folds),
//! kills it with SIGKILL after a random delay, and reopens the file. A request is on disk before it is
//! answered, so the loaded round must hold exactly the first A or A + 1 of its puts, where A is the number of
//! answers printed (the +1 is a request whose journal write finished but whose answer had not yet been
//! printed), and every earlier round must be intact.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use txlab::session::clock::ManualClock;
use txlab::session::store::OpenMode;
use txlab::session::Session;

const ROUNDS: usize = 200;
const PUTS_PER_ROUND: usize = 40;
const SAVE_EVERY: usize = 20;
const TABLE: &str = "CrashTable";

/// xorshift64*: a small deterministic-per-seed generator (no extra crate).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(1_700_000_000_000))
}

fn script(round: usize) -> String {
    let mut s = String::new();
    for i in 0..PUTS_PER_ROUND {
        s.push_str(&format!(
            "put-item --table-name {TABLE} --item '{{\"pk\": \"r{round}-{i}\", \"v\": {i}}}' --return-consumed-capacity TOTAL\n"
        ));
        if i % SAVE_EVERY == SAVE_EVERY - 1 {
            s.push_str("save\n");
        }
    }
    s
}

/// The items of the table: pk -> v.
fn items(session: &Session) -> BTreeMap<String, Value> {
    let Some(table) = session.database().table(TABLE) else {
        return BTreeMap::new();
    };
    table
        .iter()
        .map(|row| {
            let item = row.item();
            let pk = match item.get("pk") {
                Some(txlab::engine::AttributeValue::S(s)) => s.clone(),
                other => panic!("unexpected pk {other:?}"),
            };
            let v = item.get("v").map(|v| v.to_json()).unwrap_or(Value::Null);
            (pk, v)
        })
        .collect()
}

fn run_round(path: &Path, script_path: &Path, kill_after: Option<Duration>) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_txlab"))
        .arg("--session")
        .arg(path)
        .arg("exec")
        .arg(script_path)
        .env("NO_COLOR", "1")
        .env("TXLAB_FIXED_TIME", "1700000000000")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("txlab starts");
    let mut stdout = child.stdout.take().expect("stdout piped");
    // Read on a thread, so a full pipe never blocks the child before the kill.
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = stdout.read_to_string(&mut out);
        out
    });
    if let Some(delay) = kill_after {
        std::thread::sleep(delay);
        let _ = child.kill();
    }
    let _ = child.wait();
    reader.join().expect("reader thread")
}

#[test]
fn killed_at_random_moments_the_session_always_loads_an_answered_state() {
    let dir: PathBuf = std::env::temp_dir().join(format!("txlab-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("session.json");
    {
        let mut s = Session::open(&path, OpenMode::ReadWrite, clock()).expect("opens");
        let create = json!({
            "TableName": TABLE,
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST"
        });
        assert_eq!(
            s.execute("test", "CreateTable", &create)
                .expect("kept")
                .status,
            200
        );
        // A short history keeps each reload quick, so 200 rounds fit in the time budget.
        s.set_history_limit(50).expect("kept");
        s.close().expect("closes");
    }

    // How long an uninterrupted round takes, to spread the kills over it.
    let script0 = dir.join("round-0.txlab");
    std::fs::write(&script0, script(0)).expect("script");
    let started = Instant::now();
    let out = run_round(&path, &script0, None);
    let full = started.elapsed();
    eprintln!("an uninterrupted round takes {full:?}");
    assert_eq!(out.matches("ConsumedCapacity").count(), PUTS_PER_ROUND);

    let mut expected: BTreeMap<String, Value> = (0..PUTS_PER_ROUND)
        .map(|i| (format!("r0-{i}"), json!({"N": i.to_string()})))
        .collect();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
        | 1;
    let mut rng = Rng(seed);
    let budget = Instant::now();
    let mut partial_rounds = 0;
    let mut child_time = Duration::ZERO;
    for round in 1..=ROUNDS {
        let script_path = dir.join("round.txlab");
        std::fs::write(&script_path, script(round)).expect("script");
        let delay = Duration::from_micros(rng.below(full.as_micros() as u64 + 1));
        let t = Instant::now();
        let out = run_round(&path, &script_path, Some(delay));
        child_time += t.elapsed();
        let answered = out.matches("ConsumedCapacity").count();

        let session = Session::open(&path, OpenMode::ReadWrite, clock()).unwrap_or_else(|e| {
            panic!("round {round} (seed {seed}): the session does not load: {e}")
        });
        let loaded = items(&session);
        let this_round: Vec<&String> = loaded
            .keys()
            .filter(|k| k.starts_with(&format!("r{round}-")))
            .collect();
        let kept = this_round.len();
        assert!(
            kept == answered || kept == answered + 1,
            "round {round} (seed {seed}): {answered} answered, {kept} on disk"
        );
        for i in 0..kept {
            expected.insert(format!("r{round}-{i}"), json!({"N": i.to_string()}));
        }
        assert_eq!(
            loaded, expected,
            "round {round} (seed {seed}): not the answered state"
        );
        if kept < PUTS_PER_ROUND {
            partial_rounds += 1;
        }
        // Alternate: fold now, or leave the repaired journal for the next round to continue.
        if round % 2 == 0 {
            session.close().expect("closes");
        } else {
            drop(session);
        }
        assert!(
            budget.elapsed() < Duration::from_secs(120),
            "the crash test is too slow"
        );
    }
    // The kills did land mid-run, not only after the end.
    assert!(
        partial_rounds > ROUNDS / 4,
        "only {partial_rounds} rounds were cut short"
    );
    eprintln!(
        "{partial_rounds} of {ROUNDS} rounds were cut short; total {:?}, in the child {child_time:?}",
        budget.elapsed()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
