//! Installs the tools the build and the tests need, skipping what is already
//! there at the right version. Nothing is downloaded from outside the package
//! registries: trunk and wasm-bindgen-cli come from crates.io, wasm-opt from
//! npm's `binaryen`, Chromium, ChromeDriver and nginx from Debian.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{root, step};

pub const TRUNK_VERSION: &str = "0.21.14";
/// Debian's binaryen (version_108) produces a .wasm that fails at run time;
/// npm's binaryen is pinned in tools/package.json instead.
pub const WASM_OPT_VERSION: &str = "version_132";

/// Where the tools are, for the commands that need them.
pub struct Tools {
    /// PATH with tools/node_modules/.bin and ~/.cargo/bin in front.
    pub path: String,
    pub chromedriver: PathBuf,
    pub chromium: PathBuf,
}

impl Tools {
    /// A command with the tools on PATH and CHROMEDRIVER set.
    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("PATH", &self.path).env("CHROMEDRIVER", &self.chromedriver).env("CHROMIUM", &self.chromium).current_dir(root());
        c
    }
}

/// Runs a command, failing with its exit status.
pub fn run(command: &mut Command) -> Result<(), String> {
    let status = command.status().map_err(|e| format!("cannot start {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed with {status}"))
    }
}

fn output(program: &str, args: &[&str], path: &str) -> Option<String> {
    let out = Command::new(program).args(args).env("PATH", path).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn timed(what: &str, f: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    let start = Instant::now();
    step(what);
    f()?;
    step(&format!("  done in {:.0} s", start.elapsed().as_secs_f64()));
    Ok(())
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")).and_then(|l| l.strip_suffix('"')) {
                return Ok(v.to_owned());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

/// Installs everything that is missing and returns where the tools are.
pub fn ensure_all() -> Result<Tools, String> {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let cargo_bin = Path::new(&home).join(".cargo/bin");
    let npm_bin = root().join("tools/node_modules/.bin");
    let path = format!("{}:{}:{}", npm_bin.display(), cargo_bin.display(), std::env::var("PATH").unwrap_or_default());

    let targets = output("rustup", &["target", "list", "--installed"], &path).unwrap_or_default();
    if !targets.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        timed("adding the Rust target wasm32-unknown-unknown", || run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"])))?;
    }

    let trunk = output("trunk", &["--version"], &path).unwrap_or_default();
    if trunk != format!("trunk {TRUNK_VERSION}") {
        timed(&format!("installing trunk {TRUNK_VERSION} from crates.io (about 8 minutes on 2 cores)"), || {
            // Trunk's release profile uses fat LTO, which alone takes most of
            // the build; a build tool does not need it.
            run(Command::new("cargo")
                .args(["install", "trunk", "--version", &format!("={TRUNK_VERSION}"), "--locked"])
                .env("CARGO_PROFILE_RELEASE_LTO", "false")
                .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"))
        })?;
    }

    let wanted = locked_wasm_bindgen_version()?;
    let have = output("wasm-bindgen", &["--version"], &path).unwrap_or_default();
    let have_runner = output("wasm-bindgen-test-runner", &["--version"], &path).unwrap_or_default();
    if have != format!("wasm-bindgen {wanted}") || !have_runner.ends_with(&wanted) {
        timed(&format!("installing wasm-bindgen-cli {wanted} (the version in Cargo.lock; about 4 minutes)"), || {
            // Without --locked: the CLI's own lock file pins a crate version
            // that the registry mirror here does not carry.
            run(Command::new("cargo")
                .args(["install", "wasm-bindgen-cli", "--version", &format!("={wanted}"), "--force"])
                .env("CARGO_PROFILE_RELEASE_LTO", "false")
                .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"))
        })?;
    }

    let wasm_opt = output(&npm_bin.join("wasm-opt").to_string_lossy(), &["--version"], &path).unwrap_or_default();
    let lock_stamp = root().join("tools/node_modules/.package-lock.json");
    if !wasm_opt.contains(WASM_OPT_VERSION) || !lock_stamp.exists() || !npm_bin.join("esbuild").exists() {
        timed("installing npm tools (binaryen's wasm-opt, esbuild, axe-core, MiniSearch, Fuse.js) into tools/node_modules", || {
            run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--prefix"]).arg(root().join("tools")))
        })?;
    }

    let chromium = PathBuf::from("/usr/bin/chromium");
    let chromedriver = PathBuf::from("/usr/bin/chromedriver");
    if !chromium.exists() || !chromedriver.exists() {
        let is_root = output("id", &["-u"], &path).as_deref() == Some("0");
        let is_debian = Path::new("/etc/debian_version").exists();
        if !(is_root && is_debian) {
            return Err("Chromium and ChromeDriver are missing: install them (Debian: apt-get install chromium chromium-driver) so that /usr/bin/chromium and /usr/bin/chromedriver exist".into());
        }
        timed("installing Chromium and ChromeDriver from Debian (apt-get)", || {
            let install = || run(Command::new("apt-get").args(["install", "-y", "chromium", "chromium-driver"]).env("DEBIAN_FRONTEND", "noninteractive"));
            install().or_else(|_| {
                run(Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
                install()
            })
        })?;
    }
    // The WebDAV target of the publish tests (e2e/tests/publish.rs): a real
    // server taking PUT, as a customer's would.
    if !Path::new("/usr/sbin/nginx").exists() {
        let is_root = output("id", &["-u"], &path).as_deref() == Some("0");
        let is_debian = Path::new("/etc/debian_version").exists();
        if !(is_root && is_debian) {
            return Err("nginx is missing: install it (Debian: apt-get install nginx) so that /usr/sbin/nginx exists".into());
        }
        timed("installing nginx from Debian (apt-get), the WebDAV server of the publish tests", || {
            let install = || run(Command::new("apt-get").args(["install", "-y", "nginx"]).env("DEBIAN_FRONTEND", "noninteractive"));
            install().or_else(|_| {
                run(Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
                install()
            })
        })?;
    }
    Ok(Tools { path, chromedriver, chromium })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trunk, the crate and the CLI must agree on wasm-bindgen, or the
    /// generated JS and the .wasm do not fit together.
    #[test]
    fn wasm_bindgen_pins_agree() {
        let locked = locked_wasm_bindgen_version().unwrap();
        let trunk = std::fs::read_to_string(root().join("Trunk.toml")).unwrap();
        assert!(trunk.contains(&format!("wasm_bindgen = \"{locked}\"")), "Trunk.toml [tools] wasm_bindgen must be {locked}");
        let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
        assert!(manifest.contains(&format!("wasm-bindgen = \"={locked}\"")), "Cargo.toml must pin wasm-bindgen = \"={locked}\"");
        assert!(trunk.contains(&format!("wasm_opt = \"{WASM_OPT_VERSION}\"")));
    }
}
