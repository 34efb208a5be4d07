//! A real nginx (Debian's, `/usr/sbin/nginx`) on 127.0.0.1 that takes
//! WebDAV `PUT` into a folder and serves that folder back, with CORS for the
//! widget: the kind of server `incident-feed publish` writes to. It runs as
//! a child process (`daemon off`, one process) with everything — config,
//! pid, logs, upload temp files — in a temporary folder, and is stopped and
//! removed when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NGINX: &str = "/usr/sbin/nginx";

pub struct Nginx {
    pub port: u16,
    /// The folder it serves and PUT writes into.
    pub root: PathBuf,
    dir: PathBuf,
    child: Child,
}

/// One line of the access log.
#[derive(Clone, Debug)]
pub struct Logged {
    /// When nginx finished the request (`$msec`), in milliseconds since the epoch.
    pub at_ms: f64,
    pub method: String,
    pub path: String,
    pub status: u16,
}

impl Nginx {
    /// Starts nginx on a free port; `name` tells its temporary folder apart.
    pub fn start(name: &str) -> Nginx {
        assert!(Path::new(NGINX).exists(), "{NGINX} is missing: run `cargo xtask install` (Debian: apt-get install nginx)");
        let dir = std::env::temp_dir().join(format!("e2e-nginx-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let root = dir.join("www");
        // Upload temp files on the same file system as the root: nginx
        // renames a complete upload into place, so a reader sees the old file
        // or the new one, never a half-written one.
        let temp = dir.join("temp");
        for d in [&root, &temp] {
            std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        }
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let conf = dir.join("nginx.conf");
        // CORS as a feed host needs it (the widget's If-None-Match makes the
        // feed request need a preflight; it reads ETag). `no-cache`, what
        // many hosts send for JSON: the browser may keep the files but must
        // revalidate them, with nginx's ETag (mtime in seconds and size),
        // which two signature files of one size written in the same second
        // share. The widget therefore fetches the signature `no-store`
        // (src/fetch.rs); the race test in e2e/tests/publish.rs holds it to that.
        let text = format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\nevents {{ worker_connections 256; }}\n\
             http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  log_format polls '$msec $request_method $uri $status';\n  access_log {d}/access.log polls;\n\
             \x20 client_body_temp_path {t}/body;\n  proxy_temp_path {t}/proxy;\n  fastcgi_temp_path {t}/fastcgi;\n  uwsgi_temp_path {t}/uwsgi;\n  scgi_temp_path {t}/scgi;\n\
             \x20 server {{\n    listen 127.0.0.1:{port};\n    root {r};\n    client_max_body_size 16m;\n\
             \x20   add_header Cache-Control \"no-cache\" always;\n    add_header Access-Control-Allow-Origin \"*\" always;\n\
             \x20   add_header Access-Control-Allow-Headers \"$http_access_control_request_headers\" always;\n    add_header Access-Control-Expose-Headers \"ETag, Last-Modified\" always;\n\
             \x20   location / {{\n      dav_methods PUT DELETE;\n      create_full_put_path on;\n      dav_access user:rw group:r all:r;\n      if ($request_method = OPTIONS) {{ return 204; }}\n    }}\n  }}\n}}\n",
            d = dir.display(),
            t = temp.display(),
            r = root.display(),
        );
        std::fs::write(&conf, text).unwrap();
        let stderr = std::fs::File::create(dir.join("stderr.log")).unwrap();
        let child = Command::new(NGINX)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {NGINX}: {e}"));
        let mut nginx = Nginx { port, root, dir, child };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            let log = || std::fs::read_to_string(nginx.dir.join("error.log")).unwrap_or_default();
            if let Ok(Some(status)) = nginx.child.try_wait() {
                panic!("nginx exited with {status}:\n{}", log());
            }
            assert!(started.elapsed() < Duration::from_secs(10), "nginx did not listen on {port} within 10 s:\n{}", log());
            std::thread::sleep(Duration::from_millis(20));
        }
        nginx
    }

    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin())
    }

    /// Every request logged so far, oldest first.
    pub fn access_log(&self) -> Vec<Logged> {
        let text = std::fs::read_to_string(self.dir.join("access.log")).unwrap_or_default();
        text.lines()
            .filter_map(|line| {
                let mut f = line.split(' ');
                let at_ms = f.next()?.parse::<f64>().ok()? * 1000.0;
                let (method, path, status) = (f.next()?.to_owned(), f.next()?.to_owned(), f.next()?.parse().ok()?);
                Some(Logged { at_ms, method, path, status })
            })
            .collect()
    }

    /// What nginx wrote to its error log (for failure messages).
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
