//! Load generator for `txlab serve` (loopback only, bounded in time; stops by itself).
//!
//! `cargo bench --bench http_load` builds txlab in release mode, starts `txlab serve --port 0` on 127.0.0.1 and
//! measures requests per second and latency (p50, p99, p99.9, max) for PutItem and for a TransactWriteItems of 2
//! Puts, with 1 and 8 keep-alive connections, for a session in memory and for a session file (journaled, and
//! folded every 20,000 records: with 8 connections the table holds 8,000 items and the history 1,000 entries,
//! so the p99.9 shows what a fold costs the requests waiting behind it). As a reference it runs the same
//! requests in-process (parse the body, `Session::execute_owned`, encode the response: the server's work
//! without HTTP) in the same run, and it reports the CPU time (user + system) the server and the client spent
//! per request, how often each slept and was woken per request (voluntary context switches), and how busy the
//! machine was and how much of its CPU time the hypervisor stole meanwhile (`procfs.rs`).
//!
//! Each connection sends one request, waits for the whole answer, sends the next (closed loop); see `client.rs`.
//!
//! Environment:
//! - TXLAB_BENCH_SECS (measured seconds per case, default 5), TXLAB_BENCH_WARMUP (default 1);
//! - TXLAB_BENCH_CASES: run only the cases whose label contains one of these `|`-separated texts (e.g.
//!   `TransactWriteItems (2 Puts), HTTP, 8 conn|in-process`);
//! - TXLAB_BENCH_BIN: the txlab binary to serve with (default: this build's), to compare two builds;
//! - TXLAB_BENCH_THREADS: `serve --threads N`;
//! - TXLAB_BENCH_ADDR=127.0.0.1:PORT: load an already running server instead (its table is created here);
//!   with TXLAB_BENCH_COUNT=N, send it exactly N requests of each selected workload on one connection instead.
//!
//! Under `cargo test` (no `--bench` argument) it does nothing.

mod client;
mod procfs;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use txlab::session::clock::SystemClock;
use txlab::session::store::OpenMode;
use txlab::session::Session;

use procfs::{Machine, Usage};

// The same allocator as the txlab binary, so that the in-process reference is comparable.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Keys per connection: the table stays bounded however long the run (8 connections: 8,000 items).
const KEYS: usize = 1000;

#[derive(Clone, Copy, PartialEq)]
enum Workload {
    PutItem,
    TransactTwoPuts,
}

impl Workload {
    fn name(self) -> &'static str {
        match self {
            Workload::PutItem => "PutItem",
            Workload::TransactTwoPuts => "TransactWriteItems (2 Puts)",
        }
    }
    fn operation(self) -> &'static str {
        match self {
            Workload::PutItem => "PutItem",
            Workload::TransactTwoPuts => "TransactWriteItems",
        }
    }
    /// The request number `i` of connection `conn`.
    fn request(self, conn: usize, i: usize) -> Value {
        let item = |k: usize| json!({"pk": {"S": format!("c{conn}-k{}", k % KEYS)}, "n": {"N": i.to_string()}, "payload": {"S": "The quick brown fox jumps over the lazy dog"}});
        match self {
            Workload::PutItem => json!({"TableName": "Bench", "Item": item(i)}),
            Workload::TransactTwoPuts => json!({"TransactItems": [
                {"Put": {"TableName": "Bench", "Item": item(2 * i)}},
                {"Put": {"TableName": "Bench", "Item": item(2 * i + 1)}}
            ]}),
        }
    }
}

fn create_table() -> Value {
    json!({"TableName": "Bench", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"})
}

struct Measured {
    requests: usize,
    errors: usize,
    elapsed: Duration,
    latencies_ns: Vec<u64>,
    /// CPU time and sleeps of the server (or of the in-process loop) during the measured seconds.
    server: Usage,
    /// The same of the load generator (none in-process).
    client: Option<Usage>,
    /// The machine during the measured seconds: (busy, idle, stolen) percent.
    machine: (f64, f64, f64),
}

impl Measured {
    fn rate(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
    fn percentile(&self, p: f64) -> String {
        let Some(last) = self.latencies_ns.len().checked_sub(1) else {
            return "-".into();
        };
        let i = ((last as f64) * p).round() as usize;
        let us = self.latencies_ns[i.min(last)] as f64 / 1000.0;
        if us >= 10_000.0 {
            format!("{:.0} ms", us / 1000.0)
        } else {
            format!("{us:.0} µs")
        }
    }
    fn per_request(&self, cpu: Duration) -> f64 {
        cpu.as_secs_f64() * 1e6 / self.requests.max(1) as f64
    }
    /// CPU per request `total (user + system)`, and sleeps (voluntary context switches) per request.
    fn usage(&self, u: Usage) -> String {
        format!(
            "{:.1} µs ({:.1} + {:.1}) | {:.2}",
            self.per_request(u.total()),
            self.per_request(u.user),
            self.per_request(u.system),
            u.sleeps as f64 / self.requests.max(1) as f64
        )
    }
    fn row(&self, label: &str, reference: Option<f64>) -> String {
        let ratio = reference
            .filter(|r| *r > 0.0)
            .map(|r| format!("{:.2}", self.rate() / r))
            .unwrap_or_else(|| "-".into());
        let (busy, _, steal) = self.machine;
        format!(
            "| {label} | {:.0} | {ratio} | {} | {} | {} | {} | {} | {} | {busy:.0} % / {steal:.1} % | {} |",
            self.rate(),
            self.percentile(0.50),
            self.percentile(0.99),
            self.percentile(0.999),
            self.percentile(1.0),
            self.usage(self.server),
            self.client
                .map(|c| self.usage(c))
                .unwrap_or_else(|| "- | -".into()),
            self.errors
        )
    }
}

/// Closed-loop load from `connections` keep-alive connections for `warmup + secs`; only the last `secs` count.
fn load(
    addr: SocketAddr,
    server_pid: Option<u32>,
    workload: Workload,
    connections: usize,
    warmup: Duration,
    secs: Duration,
) -> Measured {
    let stop = Arc::new(AtomicBool::new(false));
    let measuring = Arc::new(AtomicBool::new(false));
    let host = addr.to_string();
    let pools: Vec<Vec<Vec<u8>>> = (0..connections)
        .map(|conn| {
            (0..KEYS)
                .map(|i| {
                    let body = workload.request(conn, i).to_string();
                    client::http_request(&host, workload.operation(), &body, conn * KEYS + i)
                })
                .collect()
        })
        .collect();
    let driver = {
        let (stop, measuring) = (stop.clone(), measuring.clone());
        std::thread::spawn(move || client::run(addr, pools, stop, measuring))
    };
    std::thread::sleep(warmup);
    measuring.store(true, Ordering::Relaxed);
    let (server0, client0, machine0) = (
        server_pid.map(|p| Usage::of(Some(p))),
        Usage::of(None),
        Machine::now(),
    );
    let started = Instant::now();
    std::thread::sleep(secs);
    measuring.store(false, Ordering::Relaxed);
    let elapsed = started.elapsed();
    let (server1, client1, machine1) = (
        server_pid.map(|p| Usage::of(Some(p))),
        Usage::of(None),
        Machine::now(),
    );
    stop.store(true, Ordering::Relaxed);
    let mut tally = driver.join().expect("the load generator");
    tally.latencies_ns.sort_unstable();
    Measured {
        requests: tally.requests,
        errors: tally.errors,
        elapsed,
        latencies_ns: tally.latencies_ns,
        server: server1
            .zip(server0)
            .map(|(b, a)| b.since(a))
            .unwrap_or_default(),
        client: Some(client1.since(client0)),
        machine: machine1.since(machine0),
    }
}

/// The same requests in-process, one after another: the server's work without HTTP (read the body as the
/// server does, run it through the Session, encode the response).
fn in_process(workload: Workload, secs: Duration, mut session: Session) -> Measured {
    let _ = session.execute("bench", "CreateTable", &create_table());
    let pool: Vec<Vec<u8>> = (0..KEYS)
        .map(|i| workload.request(0, i).to_string().into_bytes())
        .collect();
    let mut latencies = Vec::with_capacity(1 << 22);
    let (usage, machine) = (Usage::of(None), Machine::now());
    let started = Instant::now();
    let mut i = 0;
    let mut errors = 0;
    while started.elapsed() < secs {
        let t = Instant::now();
        let body = pool[i % pool.len()].clone();
        let done = match txlab::api::plain::read(workload.operation(), body) {
            Ok(plain) => session.execute_plain("bench", plain),
            Err(body) => match txlab::api::parse_body(&body) {
                Ok(request) => session.execute_owned("bench", workload.operation(), request),
                Err(_) => Err(txlab::session::SessionError("not JSON".into())),
            },
        };
        let ok = done
            .map(|e| {
                let body = serde_json::to_vec(&e.response).unwrap_or_default();
                e.status == 200 && !body.is_empty()
            })
            .unwrap_or(false);
        latencies.push(t.elapsed().as_nanos() as u64);
        if !ok {
            errors += 1;
        }
        i += 1;
    }
    let elapsed = started.elapsed();
    let (usage, machine) = (Usage::of(None).since(usage), Machine::now().since(machine));
    let _ = session.close();
    latencies.sort_unstable();
    Measured {
        requests: i,
        errors,
        elapsed,
        latencies_ns: latencies,
        server: usage,
        client: None,
        machine,
    }
}

/// Send one request on a fresh connection and read the answer (setting up a run).
fn create_table_at(addr: SocketAddr) {
    let s = TcpStream::connect(addr).expect("connect");
    let body = create_table().to_string();
    let request = client::http_request(&addr.to_string(), "CreateTable", &body, 0);
    let _ = exchange(&mut BufReader::new(s), &request);
}

/// Write `request` and read the whole answer; its status.
fn exchange(reader: &mut BufReader<TcpStream>, request: &[u8]) -> Option<u16> {
    reader.get_mut().write_all(request).ok()?;
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok());
    let mut length = 0usize;
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((name, value)) = l.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    status
}

/// Exactly `count` requests, one after another on one connection (for counting instructions per request in a
/// server run under callgrind: see `scripts/callgrind-serve.sh`). Returns how many were not answered 200.
fn exactly(addr: SocketAddr, workload: Workload, count: usize) -> usize {
    let host = addr.to_string();
    let mut reader = BufReader::new(TcpStream::connect(addr).expect("connect"));
    (0..count)
        .filter(|&i| {
            let body = workload.request(0, i).to_string();
            let request = client::http_request(&host, workload.operation(), &body, i);
            exchange(&mut reader, &request) != Some(200)
        })
        .count()
}

struct ServerProcess {
    child: Child,
    addr: SocketAddr,
}

impl ServerProcess {
    fn start(args: &[&str]) -> ServerProcess {
        let bin = std::env::var("TXLAB_BENCH_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_txlab").to_string());
        let mut command = Command::new(bin);
        command.args(["serve", "--port", "0"]).args(args);
        if let Ok(n) = std::env::var("TXLAB_BENCH_THREADS") {
            command.args(["--threads", &n]);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start txlab serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let addr = loop {
            let line = lines.next().expect("the address line").expect("stdout");
            if let Some(i) = line.find("http://") {
                break line[i + 7..]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .parse()
                    .expect("an address");
            }
        };
        std::thread::spawn(move || for _ in lines {});
        create_table_at(addr);
        ServerProcess { child, addr }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // Ctrl-C, so that a session file is folded as in real use; then wait.
        let _ = Command::new("kill")
            .args(["-s", "INT", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn env_secs(name: &str, default: f64) -> Duration {
    Duration::from_secs_f64(
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default),
    )
}

/// Whether TXLAB_BENCH_CASES selects `label` (an empty or absent variable selects everything).
fn selected(label: &str) -> bool {
    match std::env::var("TXLAB_BENCH_CASES") {
        Ok(words) if !words.trim().is_empty() => words
            .split('|')
            .any(|w| label.to_lowercase().contains(&w.trim().to_lowercase())),
        _ => true,
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("http_load: a benchmark, not a test; run `cargo bench --bench http_load`");
        return;
    }
    let secs = env_secs("TXLAB_BENCH_SECS", 5.0);
    let warmup = env_secs("TXLAB_BENCH_WARMUP", 1.0);
    let workloads = [Workload::PutItem, Workload::TransactTwoPuts];
    let load_average = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "txlab serve on loopback: {} measured seconds per case after {} s of warm-up; {} CPUs; load average before: {}",
        secs.as_secs_f64(),
        warmup.as_secs_f64(),
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        load_average.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    println!("\n| case | requests/s | ÷ reference | p50 | p99 | p99.9 | max | server CPU per request (user + system) | server sleeps per request | client CPU per request (user + system) | client sleeps per request | machine busy / stolen | errors |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

    // Profiling aid: load an already running server.
    if let Some(addr) = std::env::var("TXLAB_BENCH_ADDR")
        .ok()
        .and_then(|a| a.parse().ok())
    {
        create_table_at(addr);
        if let Some(count) = std::env::var("TXLAB_BENCH_COUNT")
            .ok()
            .and_then(|n| n.parse().ok())
        {
            for workload in workloads {
                if selected(workload.name()) {
                    let errors = exactly(addr, workload, count);
                    println!(
                        "{count} {} requests sent, {errors} not answered 200",
                        workload.name()
                    );
                }
            }
            return;
        }
        for workload in workloads {
            for connections in [1, 8] {
                let label = format!(
                    "{}, HTTP, {connections} conn, external server",
                    workload.name()
                );
                if selected(&label) {
                    let m = load(addr, None, workload, connections, warmup, secs);
                    println!("{}", m.row(&label, None));
                }
            }
        }
        return;
    }

    let dir = std::env::temp_dir().join(format!("txlab-bench-{}", std::process::id()));
    let file = dir.join("session.json");
    let fresh = || {
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::create_dir_all(&dir);
    };
    // In-process rate per (workload, on a file): measured whenever a case that is compared with it runs.
    let mut references = Vec::new();
    for workload in workloads {
        for on_file in [false, true] {
            let where_ = if on_file { "session file" } else { "memory" };
            let label = format!("{}, in-process, {where_} (reference)", workload.name());
            let http = if on_file { "session file" } else { "--memory" };
            let compared = [1, 8]
                .iter()
                .any(|n| selected(&format!("{}, HTTP, {n} conn, {http}", workload.name())));
            if !selected(&label) && !compared {
                continue;
            }
            fresh();
            let session = if on_file {
                Session::open(&file, OpenMode::ReadWrite, Arc::new(SystemClock))
                    .expect("open a session")
            } else {
                Session::in_memory()
            };
            let m = in_process(workload, secs, session);
            println!("{}", m.row(&label, None));
            references.push((workload.name(), on_file, m.rate()));
        }
    }
    for (label, on_file) in [("--memory", false), ("session file", true)] {
        for workload in workloads {
            for connections in [1, 8] {
                let case = format!("{}, HTTP, {connections} conn, {label}", workload.name());
                if !selected(&case) {
                    continue;
                }
                fresh();
                let server = if on_file {
                    ServerProcess::start(&["--session", file.to_str().unwrap_or("")])
                } else {
                    ServerProcess::start(&["--memory"])
                };
                let m = load(
                    server.addr,
                    Some(server.child.id()),
                    workload,
                    connections,
                    warmup,
                    secs,
                );
                let reference = references
                    .iter()
                    .find(|(w, f, _)| *w == workload.name() && *f == on_file)
                    .map(|(_, _, r)| *r);
                println!("{}", m.row(&case, reference));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
