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
    /// Status line, headers and body as sent (with chunk framing, if any).
    pub sent: usize,
    /// Whether every byte was sent; false when the client went away first.
    pub complete: bool,
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
    /// How the end of the body is told, truthfully or not.
    pub framing: Framing,
    /// Send the body this many times over (1 by default): hundreds of
    /// megabytes on the wire without holding them in memory.
    pub repeat: usize,
}

/// How a response tells where its body ends. The server writes every byte
/// it is told to, whatever the headers say, so that a test can see what
/// the browser does with a server that lies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Framing {
    /// `Content-Length` with the body's true length (the default).
    #[default]
    Length,
    /// `Content-Length` with this number, whatever the body's length.
    ClaimedLength(u64),
    /// `Transfer-Encoding: chunked`, no `Content-Length`.
    Chunked,
    /// `Transfer-Encoding: chunked` and `Content-Length` with this number,
    /// which HTTP/1.1 says to ignore when the body is chunked.
    ChunkedClaiming(u64),
    /// No length at all: the body ends when the server closes the connection.
    UntilClose,
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
            framing: Framing::Length,
            repeat: 1,
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

    /// The bytes received and sent for every exchange so far, also those
    /// the client cut short (`complete` false).
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

fn serve(
    stream: TcpStream,
    started: Instant,
    log: &Mutex<Vec<Request>>,
    handler: &Mutex<Arc<Handler>>,
    stop: &AtomicBool,
    dir: Option<&std::path::Path>,
) -> Option<Traffic> {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return None,
    });
    let mut stream = stream;
    // A browser's HTTPS request to a host the test maps here arrives as a TLS
    // handshake, not as HTTP: log it under the name it asked for (SNI), so
    // that a trap sees HTTPS requests too and can tell whose they are.
    if reader.fill_buf().ok()?.first() == Some(&TLS_HANDSHAKE) {
        let name = tls_server_name(&mut reader).unwrap_or_default();
        let headers = HashMap::from([("host".to_owned(), name)]);
        log.lock().unwrap().push(Request { method: "TLS".to_owned(), path: "/".to_owned(), headers, at: started.elapsed() });
        return None;
    }
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
    if !has("date") {
        head.push_str(&format!("Date: {}\r\n", http_date(std::time::SystemTime::now())));
    }
    head.push_str("Access-Control-Allow-Headers: *\r\nAccess-Control-Expose-Headers: ETag, Last-Modified, Retry-After\r\n");
    if !has("cache-control") {
        head.push_str("Cache-Control: no-store\r\n");
    }
    let body_length = response.body.len() as u64 * response.repeat as u64;
    if response.never_finish {
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body_length + 1_000_000));
    } else if response.status == 304 || response.status == 204 {
        head.push_str("Connection: close\r\n\r\n");
    } else {
        match response.framing {
            Framing::Length => head.push_str(&format!("Content-Length: {body_length}\r\n")),
            Framing::ClaimedLength(claimed) => head.push_str(&format!("Content-Length: {claimed}\r\n")),
            Framing::Chunked => head.push_str("Transfer-Encoding: chunked\r\n"),
            Framing::ChunkedClaiming(claimed) => head.push_str(&format!("Content-Length: {claimed}\r\nTransfer-Encoding: chunked\r\n")),
            Framing::UntilClose => {}
        }
        head.push_str("Connection: close\r\n\r\n");
    }
    if stream.write_all(head.as_bytes()).is_err() {
        return None;
    }
    let mut sent = head.len();
    let chunked = matches!(response.framing, Framing::Chunked | Framing::ChunkedClaiming(_)) && !response.never_finish;
    // Pieces of at most 64 KiB, so that `sent` tells how far the server got
    // when the client hangs up in the middle.
    let piece_size = response.drip.map_or(64 * 1024, |(chunk, _)| chunk.max(1));
    let mut complete = true;
    'body: for _ in 0..response.repeat {
        for piece in response.body.chunks(piece_size) {
            let mut framed = Vec::with_capacity(piece.len() + 12);
            if chunked {
                framed.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
            }
            framed.extend_from_slice(piece);
            if chunked {
                framed.extend_from_slice(b"\r\n");
            }
            if stop.load(Ordering::Relaxed) || stream.write_all(&framed).and_then(|_| stream.flush()).is_err() {
                complete = false;
                break 'body;
            }
            sent += framed.len();
            if let Some((_, pause)) = response.drip {
                std::thread::sleep(pause);
            }
        }
    }
    if complete && chunked {
        complete = stream.write_all(b"0\r\n\r\n").is_ok();
        sent += 5;
    }
    let _ = stream.flush();
    let traffic = Traffic { path: request.path.clone(), status: response.status, received, sent, complete, at: started.elapsed() };
    if !complete {
        return Some(traffic);
    }
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

/// The first byte of a TLS record that carries a handshake message.
const TLS_HANDSHAKE: u8 = 0x16;

/// Reads a TLS ClientHello and returns the host name of its server_name
/// extension (RFC 6066), or `None` when there is none or the bytes are not one.
fn tls_server_name(reader: &mut impl Read) -> Option<String> {
    // The handshake message may span several records; it is bounded well
    // below the 64 KiB read here.
    let mut handshake = Vec::new();
    while handshake.len() < 4 || handshake.len() < 4 + u24(&handshake[1..4]) {
        let mut header = [0u8; 5];
        reader.read_exact(&mut header).ok()?;
        if header[0] != TLS_HANDSHAKE || handshake.len() > 1 << 16 {
            return None;
        }
        let mut fragment = vec![0; u16::from_be_bytes([header[3], header[4]]) as usize];
        reader.read_exact(&mut fragment).ok()?;
        handshake.extend_from_slice(&fragment);
    }
    const CLIENT_HELLO: u8 = 1;
    if handshake[0] != CLIENT_HELLO {
        return None;
    }
    let mut hello = Cursor(&handshake[4..4 + u24(&handshake[1..4])]);
    hello.skip(2 + 32)?; // version, random
    hello.with_u8_length()?; // session id
    hello.with_u16_length()?; // cipher suites
    hello.with_u8_length()?; // compression methods
    let mut extensions = Cursor(hello.with_u16_length()?);
    while let (Some(kind), Some(length)) = (extensions.u16(), extensions.u16()) {
        let data = extensions.take(length as usize)?;
        const SERVER_NAME: u16 = 0;
        if kind != SERVER_NAME {
            continue;
        }
        let mut names = Cursor(Cursor(data).with_u16_length()?);
        while let Some(name_type) = names.u8() {
            let name = names.with_u16_length()?;
            const HOST_NAME: u8 = 0;
            if name_type == HOST_NAME {
                return String::from_utf8(name.to_vec()).ok();
            }
        }
    }
    None
}

fn u24(bytes: &[u8]) -> usize {
    (bytes[0] as usize) << 16 | (bytes[1] as usize) << 8 | bytes[2] as usize
}

/// Reads big-endian fields off the front of a byte slice.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn skip(&mut self, n: usize) -> Option<()> {
        self.take(n).map(|_| ())
    }
    /// A field that starts with its length in one byte.
    fn with_u8_length(&mut self) -> Option<&'a [u8]> {
        let n = self.u8()? as usize;
        self.take(n)
    }
    /// A field that starts with its length in two bytes.
    fn with_u16_length(&mut self) -> Option<&'a [u8]> {
        let n = self.u16()? as usize;
        self.take(n)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_be_bytes([b[0], b[1]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ClientHello as a client builds it: record header, handshake header,
    /// and an SNI extension among others.
    fn client_hello(host: &str, records: usize) -> Vec<u8> {
        let mut sni = Vec::new();
        let name = host.as_bytes();
        sni.extend_from_slice(&((name.len() + 3) as u16).to_be_bytes());
        sni.push(0);
        sni.extend_from_slice(&(name.len() as u16).to_be_bytes());
        sni.extend_from_slice(name);
        let mut extensions = Vec::new();
        extensions.extend_from_slice(&[0x00, 0x0b, 0x00, 0x02, 0x01, 0x00]); // ec_point_formats
        extensions.extend_from_slice(&[0x00, 0x00]);
        extensions.extend_from_slice(&(sni.len() as u16).to_be_bytes());
        extensions.extend_from_slice(&sni);
        let mut body = vec![0x03, 0x03];
        body.extend_from_slice(&[0x0a; 32]); // a random with newlines in it
        body.push(0);
        body.extend_from_slice(&[0x00, 0x02, 0x13, 0x01]);
        body.extend_from_slice(&[0x01, 0x00]);
        body.extend_from_slice(&(extensions.len() as u16).to_be_bytes());
        body.extend_from_slice(&extensions);
        let mut handshake = vec![1, 0, (body.len() >> 8) as u8, body.len() as u8];
        handshake.extend_from_slice(&body);
        let mut out = Vec::new();
        for chunk in handshake.chunks(handshake.len().div_ceil(records)) {
            out.extend_from_slice(&[0x16, 0x03, 0x01]);
            out.extend_from_slice(&(chunk.len() as u16).to_be_bytes());
            out.extend_from_slice(chunk);
        }
        out
    }

    #[test]
    fn reads_the_server_name_of_a_client_hello() {
        assert_eq!(tls_server_name(&mut &client_hello("evil.example", 1)[..]).as_deref(), Some("evil.example"));
        assert_eq!(tls_server_name(&mut &client_hello("www.google.com", 3)[..]).as_deref(), Some("www.google.com"));
    }

    #[test]
    fn gives_up_on_cut_or_foreign_bytes() {
        let hello = client_hello("evil.example", 1);
        for cut in [0, 3, 5, 20, hello.len() - 1] {
            assert_eq!(tls_server_name(&mut &hello[..cut]), None, "cut at {cut}");
        }
        assert_eq!(tls_server_name(&mut &b"GET / HTTP/1.1\r\n\r\n"[..]), None);
    }

    /// A real server round trip: the TLS hello is logged with its name, not
    /// misread as an HTTP request line.
    #[test]
    fn logs_a_tls_hello_under_its_server_name() {
        let server = Server::start(None);
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream.write_all(&client_hello("tracker.example", 2)).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while server.requests().is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        let requests = server.requests();
        assert_eq!(requests.len(), 1, "{requests:?}");
        assert_eq!((requests[0].method.as_str(), requests[0].header("host")), ("TLS", Some("tracker.example")));
    }
}

/// An HTTP date (IMF-fixdate, RFC 9110), as every real server sends in `Date`.
pub fn http_date(at: std::time::SystemTime) -> String {
    let (weekday, year, month, day, rest) = civil(at);
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][(month - 1) as usize];
    format!("{weekday}, {day:02} {month} {year} {:02}:{:02}:{:02} GMT", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// An RFC 3339 timestamp in UTC, as feeds carry them.
pub fn rfc3339_utc(at: std::time::SystemTime) -> String {
    let (_, year, month, day, rest) = civil(at);
    format!("{year}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// Weekday, year, month, day and seconds into the day (UTC).
fn civil(at: std::time::SystemTime) -> (&'static str, i64, i64, i64, i64) {
    let secs = at.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    (weekday, year, month, day, rest)
}

#[cfg(test)]
mod http_date_tests {
    #[test]
    fn http_dates() {
        use std::time::{Duration, UNIX_EPOCH};
        assert_eq!(super::http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(super::http_date(UNIX_EPOCH + Duration::from_secs(1_796_237_314)), "Wed, 02 Dec 2026 18:48:34 GMT");
        assert_eq!(super::http_date(UNIX_EPOCH + Duration::from_secs(951_782_400)), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(super::rfc3339_utc(UNIX_EPOCH + Duration::from_secs(1_796_237_314)), "2026-12-02T18:48:34Z");
    }
}
