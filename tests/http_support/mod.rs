//! A raw HTTP/1.1 client for the endpoint tests: sends exactly the bytes given, reads one response.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use txlab::server::{Config, SessionChoice};

/// A signature-shaped Authorization header (never verified).
pub const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123456789abcdef";

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

pub fn test_config() -> Config {
    let mut c = Config::new([127, 0, 0, 1].into(), 0, SessionChoice::Memory);
    c.header_timeout = Duration::from_millis(700);
    c.body_timeout = Duration::from_millis(700);
    // Two serving threads whatever the machine (the default is half the CPUs): requests also meet across
    // threads, at the session's lock and in group commit.
    c.threads = 2;
    c
}

pub fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).ok();
    s.set_nodelay(true).ok();
    s
}

/// Read one response from `reader` (Content-Length or chunked bodies).
pub fn read_reply(reader: &mut impl BufRead) -> std::io::Result<Reply> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    if line.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((n, v)) = l.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let mut reply = Reply {
        status,
        headers,
        body: Vec::new(),
    };
    if let Some(n) = reply
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok())
    {
        let mut body = vec![0; n];
        reader.read_exact(&mut body)?;
        reply.body = body;
    } else if reply.header("transfer-encoding") == Some("chunked") {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let n = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk)?;
            if n == 0 {
                break;
            }
            reply.body.extend_from_slice(&chunk[..n]);
        }
    }
    Ok(reply)
}

/// Send `head` (request line and headers, without the blank line; Content-Length is added) and `body`.
pub fn exchange(addr: SocketAddr, head: &str, body: &[u8]) -> Reply {
    let mut s = connect(addr);
    let mut req = format!(
        "{head}\r\nHost: localhost\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    s.write_all(&req).expect("send");
    read_reply(&mut BufReader::new(s)).expect("a response")
}

/// A signed-looking POST of `operation` with `body`.
pub fn post(addr: SocketAddr, operation: &str, body: &str) -> Reply {
    exchange(
        addr,
        &format!(
            "POST / HTTP/1.1\r\nX-Amz-Target: DynamoDB_20120810.{operation}\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 20260101T000000Z\r\nAuthorization: {AUTH}"
        ),
        body.as_bytes(),
    )
}

/// A folder removed when dropped.
pub struct TempDir(pub std::path::PathBuf);
impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("txlab-http-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
    pub fn file(&self, name: &str) -> std::path::PathBuf {
        self.0.join(name)
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The real `txlab serve` with `args` and `env`, its stderr discarded (for tests that kill it over and over):
/// the process and the address it printed. Its stdout is drained so that it never blocks on a full pipe.
pub fn spawn_serve(args: &[&str], env: &[(&str, &str)]) -> (std::process::Child, SocketAddr) {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_txlab"))
        .arg("serve")
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("txlab serve starts");
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
    (child, addr)
}

/// The real `txlab serve` binary, started with `args`; killed when dropped.
pub struct Served {
    pub child: std::process::Child,
    pub addr: SocketAddr,
    pub url: String,
    /// What it printed to stdout up to the address line, and the session line after it.
    pub banner: Vec<String>,
}

impl Served {
    pub fn start(args: &[&str]) -> Served {
        use std::process::{Command, Stdio};
        let mut child = Command::new(env!("CARGO_BIN_EXE_txlab"))
            .arg("serve")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start txlab serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut banner = Vec::new();
        let url = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                panic!("txlab serve did not start: {banner:?} {err}");
            };
            banner.push(line.clone());
            if let Some(i) = line.find("http://") {
                break line[i..]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string();
            }
        };
        // The line after the address names the session.
        if let Some(Ok(line)) = lines.next() {
            banner.push(line);
        }
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let addr = url
            .trim_start_matches("http://")
            .parse()
            .expect("an address");
        Served {
            child,
            addr,
            url,
            banner,
        }
    }

    /// Send a signal (by process id) and wait for the exit; returns (success, stderr).
    pub fn signal(mut self, name: &str) -> (bool, String) {
        let pid = self.child.id().to_string();
        let _ = std::process::Command::new("kill")
            .args(["-s", name, &pid])
            .status();
        let status = self.child.wait().map(|s| s.success()).unwrap_or(false);
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        (status, err)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
