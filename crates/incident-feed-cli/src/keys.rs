//! `keygen`, `sign` and `verify`: detached Ed25519 signatures (see docs/signing.md).

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use incident_feed::signing::{self, PublicKey, SecretKey};
use incident_feed_cli::write_atomic;

use crate::{fail_content, fail_io, load, read, Outcome};

/// `FEED.sig` beside the feed.
pub fn default_signature_path(feed: &Path) -> PathBuf {
    let mut name = feed.as_os_str().to_owned();
    name.push(".sig");
    PathBuf::from(name)
}

pub fn keygen(out_dir: &Path, name: &str) -> Outcome {
    if name.is_empty() || name.contains('/') {
        return Err(fail_io(format!("--name {name:?} must be a plain file name")));
    }
    let private = out_dir.join(format!("{name}.key"));
    let public = out_dir.join(format!("{name}.pub"));
    for path in [&private, &public] {
        if path.exists() {
            return Err(fail_io(format!("{} exists; refusing to overwrite a key (choose another --name)", path.display())));
        }
    }
    let secret = SecretKey::generate().map_err(fail_io)?;
    write_private_key(&private, &secret).map_err(|e| fail_io(format!("{}: cannot write: {e}", private.display())))?;
    let public_text = secret.public_key().to_base64();
    write_atomic(&public, format!("{public_text}\n").as_bytes()).map_err(|e| fail_io(format!("{}: cannot write: {e}", public.display())))?;
    println!("{public_text}");
    eprintln!(
        "Private key: {} (owner-only; keep it offline, never publish or email it)\n\
         Public key:  {} (goes into the widget as data-public-key=\"{public_text}\")",
        private.display(),
        public.display()
    );
    Ok(())
}

/// Creates the private key file with mode 0600 from the start, so that the key
/// is never readable by others, not even for a moment.
fn write_private_key(path: &Path, secret: &SecretKey) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    let result = file.write_all(secret.to_file_text().as_bytes()).and_then(|_| file.sync_all());
    if result.is_err() {
        drop(file);
        let _ = std::fs::remove_file(path);
    }
    result
}

pub fn read_secret_key(path: &Path) -> Result<SecretKey, ExitCode> {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            eprintln!("incident-feed: warning: {} is readable by others; run: chmod 600 {}", path.display(), path.display());
        }
    }
    let text = read(path)?;
    SecretKey::from_file_text(&text).map_err(|e| fail_io(format!("{}: {e}", path.display())))
}

/// Signs the feed file's bytes and returns the signature path.
pub fn sign(feed: &Path, key: &Path, out: Option<&Path>) -> Result<PathBuf, ExitCode> {
    let secret = read_secret_key(key)?;
    let (text, _) = load(feed)?;
    let out = out.map(Path::to_path_buf).unwrap_or_else(|| default_signature_path(feed));
    sign_bytes(text.as_bytes(), &secret, &out)?;
    eprintln!("{}: signed, signature in {}", feed.display(), out.display());
    Ok(out)
}

pub fn sign_bytes(bytes: &[u8], secret: &SecretKey, out: &Path) -> Outcome {
    let signature = secret.sign(bytes);
    write_atomic(out, format!("{signature}\n").as_bytes()).map_err(|e| fail_io(format!("{}: cannot write: {e}", out.display())))
}

pub fn verify(feed: &Path, public_key: &str, signature: Option<&Path>) -> Outcome {
    let key_text = if Path::new(public_key).is_file() { read(Path::new(public_key))? } else { public_key.to_owned() };
    let key = PublicKey::from_base64(&key_text).map_err(fail_io)?;
    let bytes = std::fs::read(feed).map_err(|e| fail_io(format!("{}: cannot read: {e}", feed.display())))?;
    let sig_path = signature.map(Path::to_path_buf).unwrap_or_else(|| default_signature_path(feed));
    let sig = read(&sig_path)?;
    // Up to MAX_SIGNATURE_LINES lines, one signature each (docs/signing.md
    // "No torn publish"): the feed verifies if any line signs it.
    use incident_feed::client::decode::{signature_lines, MAX_SIGNATURE_LINES};
    let Some(lines) = signature_lines(&sig) else {
        return Err(fail_content(format!("{}: NOT VERIFIED: the signature file has more than {MAX_SIGNATURE_LINES} lines", feed.display())));
    };
    let mut last_error = None;
    for (n, line) in lines.iter().enumerate() {
        match signing::verify(&bytes, line, &key) {
            Ok(()) => {
                let which = if lines.len() > 1 { format!(" (line {} of {})", n + 1, lines.len()) } else { String::new() };
                eprintln!("{}: signature verified with key {}{which}", feed.display(), key.to_base64());
                return Ok(());
            }
            Err(e) => last_error = Some(e.to_string()),
        }
    }
    let reason = last_error.unwrap_or_else(|| "the signature file is empty".to_owned());
    Err(fail_content(format!("{}: NOT VERIFIED: {reason}", feed.display())))
}
