//! Load generator for `txlab serve` (loopback only, bounded in time; stops by itself).
//!
//! `cargo bench --bench http_load` builds txlab in release mode, starts `txlab serve --port 0` on 127.0.0.1 and
//! measures requests per second and latency (p50, p99) for PutItem and for a TransactWriteItems of 2 Puts, with
//! 1 and 8 keep-alive connections, for a session in memory and for a session file (journaled). As a reference it
//! runs the same requests in-process through `Session::execute` (no HTTP), in the same run.
//!
//! Each connection sends one request, waits for the answer, sends the next (closed loop). The client is a
//! minimal HTTP/1.1 writer/reader on std sockets so that it costs the shared CPU as little as possible.
//!
//! Environment: TXLAB_BENCH_SECS (measured seconds per case, default 5), TXLAB_BENCH_WARMUP (default 1).
//! Under `cargo test` (no `--bench` argument) it does nothing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use txlab::session::Session;

// The same allocator as the txlab binary, so that the in-process reference is comparable.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
/// Keys per connection: the table stays bounded however long the run.
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

fn http_request(operation: &str, body: &Value) -> Vec<u8> {
    let body = body.to_string();
    format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.{operation}\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: {AUTH}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Read one response; returns its status.
fn read_response(reader: &mut BufReader<TcpStream>, line: &mut String) -> std::io::Result<u16> {
    line.clear();
    reader.read_line(line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        if reader.read_line(line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
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
    reader.read_exact(&mut body)?;
    Ok(status)
}

struct Measured {
    requests: usize,
    errors: usize,
    elapsed: Duration,
    latencies_ns: Vec<u64>,
}

impl Measured {
    fn rate(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
    fn percentile(&self, p: f64) -> Duration {
        if self.latencies_ns.is_empty() {
            return Duration::ZERO;
        }
        let i = ((self.latencies_ns.len() - 1) as f64 * p).round() as usize;
        Duration::from_nanos(self.latencies_ns[i.min(self.latencies_ns.len() - 1)])
    }
    fn row(&self, label: &str) -> String {
        format!(
            "| {label} | {:>9.0} | {:>7.1} µs | {:>7.1} µs | {} |",
            self.rate(),
            self.percentile(0.50).as_secs_f64() * 1e6,
            self.percentile(0.99).as_secs_f64() * 1e6,
            self.errors
        )
    }
}

/// Closed-loop load from `connections` keep-alive connections for `warmup + secs`; only the last `secs` count.
fn load(
    addr: SocketAddr,
    workload: Workload,
    connections: usize,
    warmup: Duration,
    secs: Duration,
) -> Measured {
    let stop = Arc::new(AtomicBool::new(false));
    let measuring = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..connections)
        .map(|conn| {
            let stop = stop.clone();
            let measuring = measuring.clone();
            std::thread::spawn(move || {
                // A pool of prepared requests per connection, cycled: building them costs nothing during the run.
                let pool: Vec<Vec<u8>> = (0..KEYS)
                    .map(|i| http_request(workload.operation(), &workload.request(conn, i)))
                    .collect();
                let mut stream = TcpStream::connect(addr).expect("connect");
                stream.set_nodelay(true).ok();
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut line = String::new();
                let (mut requests, mut errors) = (0usize, 0usize);
                let mut latencies = Vec::with_capacity(1 << 20);
                let mut i = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    let started = Instant::now();
                    stream.write_all(&pool[i % pool.len()]).expect("send");
                    let status = read_response(&mut reader, &mut line).expect("response");
                    let took = started.elapsed();
                    i += 1;
                    if measuring.load(Ordering::Relaxed) {
                        requests += 1;
                        if status != 200 {
                            errors += 1;
                        }
                        latencies.push(took.as_nanos() as u64);
                    }
                }
                (requests, errors, latencies)
            })
        })
        .collect();
    std::thread::sleep(warmup);
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    std::thread::sleep(secs);
    stop.store(true, Ordering::Relaxed);
    let elapsed = started.elapsed();
    let mut m = Measured {
        requests: 0,
        errors: 0,
        elapsed,
        latencies_ns: Vec::new(),
    };
    for t in threads {
        let (r, e, l) = t.join().expect("client thread");
        m.requests += r;
        m.errors += e;
        m.latencies_ns.extend(l);
    }
    m.latencies_ns.sort_unstable();
    m
}

/// The same requests in-process through `Session::execute`, one after another (no HTTP, no JSON text).
fn in_process(workload: Workload, secs: Duration) -> Measured {
    let mut session = Session::in_memory();
    let _ = session.execute("bench", "CreateTable", &create_table());
    let pool: Vec<Value> = (0..KEYS).map(|i| workload.request(0, i)).collect();
    let mut latencies = Vec::with_capacity(1 << 22);
    let started = Instant::now();
    let mut i = 0;
    let mut errors = 0;
    while started.elapsed() < secs {
        let t = Instant::now();
        let ok = session
            .execute("bench", workload.operation(), &pool[i % pool.len()])
            .map(|e| e.status == 200)
            .unwrap_or(false);
        latencies.push(t.elapsed().as_nanos() as u64);
        if !ok {
            errors += 1;
        }
        i += 1;
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    Measured {
        requests: i,
        errors,
        elapsed,
        latencies_ns: latencies,
    }
}

struct ServerProcess {
    child: Child,
    addr: SocketAddr,
}

impl ServerProcess {
    fn start(args: &[&str]) -> ServerProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_txlab"))
            .args(["serve", "--port", "0"])
            .args(args)
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
        let mut s = TcpStream::connect(addr).expect("connect");
        s.write_all(&http_request("CreateTable", &create_table()))
            .expect("create the table");
        let mut reader = BufReader::new(s);
        let _ = read_response(&mut reader, &mut String::new());
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

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("http_load: a benchmark, not a test; run `cargo bench --bench http_load`");
        return;
    }
    let secs = env_secs("TXLAB_BENCH_SECS", 5.0);
    let warmup = env_secs("TXLAB_BENCH_WARMUP", 1.0);
    let workloads = [Workload::PutItem, Workload::TransactTwoPuts];
    println!(
        "txlab serve, loopback, {} measured seconds per case (after {} s warm-up), {} CPUs",
        secs.as_secs_f64(),
        warmup.as_secs_f64(),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0)
    );
    println!("\n| case | requests/s | p50 | p99 | errors |\n|---|---:|---:|---:|---:|");
    for workload in workloads {
        let m = in_process(workload, secs);
        println!(
            "{}",
            m.row(&format!(
                "{}, in-process Session::execute (reference)",
                workload.name()
            ))
        );
    }
    let dir = std::env::temp_dir().join(format!("txlab-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (label, session) in [
        ("--memory", None),
        ("session file", Some(dir.join("session.json"))),
    ] {
        for workload in workloads {
            for connections in [1, 8] {
                let _ = std::fs::remove_dir_all(&dir);
                let server = match &session {
                    None => ServerProcess::start(&["--memory"]),
                    Some(path) => ServerProcess::start(&["--session", path.to_str().unwrap_or("")]),
                };
                let m = load(server.addr, workload, connections, warmup, secs);
                println!(
                    "{}",
                    m.row(&format!(
                        "{}, HTTP, {connections} conn, {label}",
                        workload.name()
                    ))
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
