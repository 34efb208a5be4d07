//! A small scripted HTTP/1.1 server on 127.0.0.1 for the tests.
//!
//! Written on std alone because the tests need to misbehave in ways a real
//! server framework makes hard: bodies that never end, drip-fed bytes, wrong
//! lengths. Every request is logged with its arrival time so that tests can
//! check how often, and how far apart, the widget asked.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// Path with the query string.
    pub path: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    /// Time since the server started.
    pub at: Duration,
}

impl Request {
    /// The path without the query string.
    pub fn route(&self) -> &str {
        self.path.split('?').next().unwrap_or("")
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// The bytes one exchange cost on the wire (HTTP only: no TCP/IP or TLS
/// overhead), for the polling benchmark.
#[derive(Clone, Debug)]
pub struct Traffic {
    /// Path with the query string.
    pub path: String,
    pub status: u16,
    /// Request line, headers and body as received.
    pub received: usize,
    /// Status line, headers and body as sent.
    pub sent: usize,
    /// Time since the server started.
    pub at: Duration,
}

/// What to answer.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before sending anything.
    pub delay: Duration,
    /// Send the body in pieces of this many bytes with this pause between.
    pub drip: Option<(usize, Duration)>,
    /// Send the headers and part of the body, then keep the connection open
    /// without finishing (a response that never ends).
    pub never_finish: bool,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
            drip: None,
            never_finish: false,
        }
    }
    pub fn json(body: impl Into<Vec<u8>>) -> Self {
        Response::new(200, "application/json", body)
    }
    pub fn status(status: u16) -> Self {
        Response::new(status, "text/plain", format!("status {status}"))
    }
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = dyn Fn(&Request) -> Option<Response> + Send + Sync;

/// A running server; it stops when dropped.
pub struct Server {
    pub port: u16,
    log: Arc<Mutex<Vec<Request>>>,
    handler: Arc<Mutex<Arc<Handler>>>,
    stop: Arc<AtomicBool>,
    traffic: Arc<Mutex<Vec<Traffic>>>,
}

impl Server {
    /// Serves files from `dir` (with CORS for every origin) unless the handler answers first.
    pub fn start(dir: Option<PathBuf>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Mutex<Arc<Handler>>> = Arc::new(Mutex::new(Arc::new(|_: &Request| None)));
        let stop = Arc::new(AtomicBool::new(false));
        let traffic = Arc::new(Mutex::new(Vec::new()));
        let started = Instant::now();
        {
            let (log, handler, stop, traffic) = (log.clone(), handler.clone(), stop.clone(), traffic.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let (log, handler, stop, dir, traffic) = (log.clone(), handler.clone(), stop.clone(), dir.clone(), traffic.clone());
                            std::thread::spawn(move || {
                                if let Some(t) = serve(stream, started, &log, &handler, &stop, dir.as_deref()) {
                                    traffic.lock().unwrap().push(t);
                                }
                            });
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            });
        }
        Server { port, log, handler, stop, traffic }
    }

    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin())
    }

    /// Replaces the scripted part; `None` from the handler falls back to files.
    pub fn handle(&self, f: impl Fn(&Request) -> Option<Response> + Send + Sync + 'static) {
        *self.handler.lock().unwrap() = Arc::new(f);
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }

    /// Requests to one route (path without query).
    pub fn requests_to(&self, route: &str) -> Vec<Request> {
        self.requests().into_iter().filter(|r| r.route() == route).collect()
    }

    pub fn clear_log(&self) {
        self.log.lock().unwrap().clear();
    }

    /// The bytes received and sent for every finished exchange so far.
    pub fn traffic(&self) -> Vec<Traffic> {
        self.traffic.lock().unwrap().clone()
    }

    pub fn clear_traffic(&self) {
        self.traffic.lock().unwrap().clear();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(stream: TcpStream, started: Instant, log: &Mutex<Vec<Request>>, handler: &Mutex<Arc<Handler>>, stop: &AtomicBool, dir: Option<&std::path::Path>) -> Option<Traffic> {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return None,
    });
    let mut stream = stream;
    let mut line = String::new();
    let mut received = reader.read_line(&mut line).unwrap_or(0);
    if received == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let path = parts.next().unwrap_or("/").to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        let n = reader.read_line(&mut h).unwrap_or(0);
        received += n;
        if n == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    if length > 0 {
        let mut body = vec![0; length.min(1 << 20)];
        if reader.read_exact(&mut body).is_ok() {
            received += body.len();
        }
    }
    let request = Request { method, path, headers, at: started.elapsed() };
    log.lock().unwrap().push(request.clone());

    let scripted = handler.lock().unwrap().clone();
    let response = if request.method == "OPTIONS" {
        Response::new(204, "text/plain", "")
    } else {
        scripted(&request).or_else(|| dir.and_then(|d| file(d, request.route()))).unwrap_or_else(|| Response::status(404))
    };
    std::thread::sleep(response.delay);
    let reason = match response.status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", response.status);
    let has = |name: &str| response.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
    for (k, v) in &response.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !has("access-control-allow-origin") {
        head.push_str("Access-Control-Allow-Origin: *\r\n");
    }
    head.push_str("Access-Control-Allow-Headers: *\r\nAccess-Control-Expose-Headers: ETag, Last-Modified, Retry-After\r\n");
    if !has("cache-control") {
        head.push_str("Cache-Control: no-store\r\n");
    }
    if response.never_finish {
        head.push_str(&format!("Content-Length: {}\r\n\r\n", response.body.len() + 1_000_000));
    } else if response.status != 304 && response.status != 204 {
        head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", response.body.len()));
    } else {
        head.push_str("Connection: close\r\n\r\n");
    }
    if stream.write_all(head.as_bytes()).is_err() {
        return None;
    }
    let mut sent = head.len();
    match response.drip {
        Some((chunk, pause)) => {
            for piece in response.body.chunks(chunk.max(1)) {
                if stop.load(Ordering::Relaxed) || stream.write_all(piece).and_then(|_| stream.flush()).is_err() {
                    return None;
                }
                sent += piece.len();
                std::thread::sleep(pause);
            }
        }
        None => {
            if stream.write_all(&response.body).is_ok() {
                sent += response.body.len();
            }
        }
    }
    let _ = stream.flush();
    let traffic = Traffic { path: request.path.clone(), status: response.status, received, sent, at: started.elapsed() };
    if response.never_finish {
        // Hold the connection open until the client gives up or the test ends.
        let started = Instant::now();
        while !stop.load(Ordering::Relaxed) && started.elapsed() < Duration::from_secs(120) {
            std::thread::sleep(Duration::from_millis(50));
            if stream.write_all(b" ").is_err() {
                return None;
            }
        }
    }
    Some(traffic)
}

fn file(dir: &std::path::Path, route: &str) -> Option<Response> {
    let relative = route.trim_start_matches('/');
    let relative = if relative.is_empty() || relative.ends_with('/') { format!("{relative}index.html") } else { relative.to_owned() };
    if relative.split('/').any(|p| p == "..") {
        return None;
    }
    let path = dir.join(&relative);
    let body = std::fs::read(&path).ok()?;
    let content_type = match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "sig" => "text/plain",
        _ => "application/octet-stream",
    };
    Some(Response::new(200, content_type, body))
}
