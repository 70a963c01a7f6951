//! Load generator for `txlab serve` (loopback only, bounded in time; stops by itself).
//!
//! `cargo bench --bench http_load` builds txlab in release mode, starts `txlab serve --port 0` on 127.0.0.1 and
//! measures requests per second and latency (p50, p99) for PutItem and for a TransactWriteItems of 2 Puts, with
//! 1 and 8 keep-alive connections, for a session in memory and for a session file (journaled). As a reference it
//! runs the same requests in-process through `Session::execute` (no HTTP), in the same run.
//!
//! Each connection sends one request, waits for the answer, sends the next (closed loop). The client is a
//! minimal HTTP/1.1 writer/reader, all connections on one event-loop thread, so that it costs the shared CPU as
//! little as possible.
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
use txlab::session::clock::SystemClock;
use txlab::session::store::OpenMode;
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
    /// CPU time of the server (or of the in-process loop) during the measured seconds.
    server_cpu: Duration,
    /// CPU time of the load generator during the measured seconds (none in-process).
    client_cpu: Option<Duration>,
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
    fn per_request(&self, cpu: Duration) -> f64 {
        cpu.as_secs_f64() * 1e6 / self.requests.max(1) as f64
    }
    fn row(&self, label: &str) -> String {
        format!(
            "| {label} | {:.0} | {:.0} µs | {:.0} µs | {:.1} µs | {} | {} |",
            self.rate(),
            self.percentile(0.50).as_secs_f64() * 1e6,
            self.percentile(0.99).as_secs_f64() * 1e6,
            self.per_request(self.server_cpu),
            self.client_cpu
                .map(|c| format!("{:.1} µs", self.per_request(c)))
                .unwrap_or_else(|| "-".into()),
            self.errors
        )
    }
}

/// Closed-loop load from `connections` keep-alive connections for `warmup + secs`; only the last `secs` count.
/// All connections are driven by one thread (a tokio event loop, as `wrk -t1` does): on a 2-core machine, a
/// thread per connection would spend the cores switching between client threads.
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
    let client = {
        let (stop, measuring) = (stop.clone(), measuring.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async move {
                let tasks: Vec<_> = (0..connections)
                    .map(|conn| {
                        // A pool of prepared requests per connection, cycled: building them costs nothing during
                        // the run.
                        let pool: Vec<Vec<u8>> = (0..KEYS)
                            .map(|i| http_request(workload.operation(), &workload.request(conn, i)))
                            .collect();
                        tokio::spawn(drive(addr, pool, stop.clone(), measuring.clone()))
                    })
                    .collect();
                let mut out = Vec::new();
                for t in tasks {
                    out.push(t.await.expect("a connection"));
                }
                out
            })
        })
    };
    std::thread::sleep(warmup);
    measuring.store(true, Ordering::Relaxed);
    let (server0, client0) = (server_pid.map(|p| cpu_time(Some(p))), cpu_time(None));
    let started = Instant::now();
    std::thread::sleep(secs);
    stop.store(true, Ordering::Relaxed);
    let elapsed = started.elapsed();
    let (server1, client1) = (server_pid.map(|p| cpu_time(Some(p))), cpu_time(None));
    let mut m = Measured {
        requests: 0,
        errors: 0,
        elapsed,
        latencies_ns: Vec::new(),
        server_cpu: server1
            .zip(server0)
            .map(|(b, a)| b.saturating_sub(a))
            .unwrap_or_default(),
        client_cpu: Some(client1.saturating_sub(client0)),
    };
    for (r, e, l) in client.join().expect("the load generator") {
        m.requests += r;
        m.errors += e;
        m.latencies_ns.extend(l);
    }
    m.latencies_ns.sort_unstable();
    m
}

/// One connection: send, wait for the whole answer, send the next.
async fn drive(
    addr: SocketAddr,
    pool: Vec<Vec<u8>>,
    stop: Arc<AtomicBool>,
    measuring: Arc<AtomicBool>,
) -> (usize, usize, Vec<u64>) {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).ok();
    let mut buf = Vec::with_capacity(16 * 1024);
    let (mut requests, mut errors) = (0usize, 0usize);
    let mut latencies = Vec::with_capacity(1 << 20);
    let mut i = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let started = Instant::now();
        stream.write_all(&pool[i % pool.len()]).await.expect("send");
        let status = read_response_async(&mut stream, &mut buf)
            .await
            .expect("a response");
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
}

/// Read one response (status line, headers, Content-Length body) into `buf`; returns its status.
async fn read_response_async(
    stream: &mut tokio::net::TcpStream,
    buf: &mut Vec<u8>,
) -> std::io::Result<u16> {
    use tokio::io::AsyncReadExt;
    buf.clear();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let status = head
                .split_whitespace()
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let length = head
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Ok(status);
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// The same requests in-process, one after another: the server's work without HTTP (parse the body, run it
/// through `Session::execute_owned`, encode the response).
fn in_process(workload: Workload, secs: Duration, mut session: Session) -> Measured {
    let _ = session.execute("bench", "CreateTable", &create_table());
    let pool: Vec<Vec<u8>> = (0..KEYS)
        .map(|i| workload.request(0, i).to_string().into_bytes())
        .collect();
    let mut latencies = Vec::with_capacity(1 << 22);
    let cpu = cpu_time(None);
    let started = Instant::now();
    let mut i = 0;
    let mut errors = 0;
    while started.elapsed() < secs {
        let t = Instant::now();
        let ok = match txlab::api::parse_body(&pool[i % pool.len()]) {
            Ok(request) => session
                .execute_owned("bench", workload.operation(), request)
                .map(|e| {
                    let body = serde_json::to_vec(&e.response).unwrap_or_default();
                    e.status == 200 && !body.is_empty()
                })
                .unwrap_or(false),
            Err(_) => false,
        };
        latencies.push(t.elapsed().as_nanos() as u64);
        if !ok {
            errors += 1;
        }
        i += 1;
    }
    let elapsed = started.elapsed();
    let cpu = cpu_time(None).saturating_sub(cpu);
    let _ = session.close();
    latencies.sort_unstable();
    Measured {
        requests: i,
        errors,
        elapsed,
        latencies_ns: latencies,
        server_cpu: cpu,
        client_cpu: None,
    }
}

/// CPU time (user + system) used so far by process `pid`, or by this process.
fn cpu_time(pid: Option<u32>) -> Duration {
    let path = match pid {
        Some(p) => format!("/proc/{p}/stat"),
        None => "/proc/self/stat".to_string(),
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = text.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name; clock ticks of 1/100 s.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

fn create_table_at(addr: SocketAddr) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.write_all(&http_request("CreateTable", &create_table()))
        .expect("create the table");
    let mut reader = BufReader::new(s);
    let _ = read_response(&mut reader, &mut String::new());
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
    println!("\n| case | requests/s | p50 | p99 | server CPU per request | client CPU per request | errors |");
    println!("|---|---:|---:|---:|---:|---:|---:|");

    // Profiling aid: load an already running server (TXLAB_BENCH_ADDR=127.0.0.1:PORT; its table is created here).
    if let Some(addr) = std::env::var("TXLAB_BENCH_ADDR")
        .ok()
        .and_then(|a| a.parse().ok())
    {
        create_table_at(addr);
        for workload in workloads {
            for connections in [1, 8] {
                let m = load(addr, None, workload, connections, warmup, secs);
                println!(
                    "{}",
                    m.row(&format!(
                        "{}, HTTP, {connections} conn, external server",
                        workload.name()
                    ))
                );
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
    for workload in workloads {
        let m = in_process(workload, secs, Session::in_memory());
        println!(
            "{}",
            m.row(&format!(
                "{}, in-process, memory (reference)",
                workload.name()
            ))
        );
        fresh();
        let session = Session::open(&file, OpenMode::ReadWrite, Arc::new(SystemClock))
            .expect("open a session");
        let m = in_process(workload, secs, session);
        println!(
            "{}",
            m.row(&format!(
                "{}, in-process, session file (reference)",
                workload.name()
            ))
        );
    }
    for (label, on_file) in [("--memory", false), ("session file", true)] {
        for workload in workloads {
            for connections in [1, 8] {
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
