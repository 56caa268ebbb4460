//! Document URIs ↔ the paths the checker's workspace uses as keys.
//!
//! `file:` URIs become absolute paths (percent-decoded, `localhost`
//! authority allowed, `/C:/…` drive paths kept as `C:/…`). Documents with
//! another scheme (an editor's unsaved `untitled:Untitled-1`) get a key of
//! their own under `untitled/`, so they are checked like any file but their
//! imports are looked for relative to the server's folder.

use std::str::FromStr;

use lsp_types::Uri;

/// The workspace key (path) of a document.
pub fn to_path(uri: &Uri) -> String {
    let s = uri.as_str();
    match s.strip_prefix("file://") {
        Some(rest) => {
            let path = rest.strip_prefix("localhost").unwrap_or(rest);
            let path = decode(path);
            let bytes = path.as_bytes();
            let drive = bytes.len() >= 3
                && bytes[0] == b'/'
                && bytes[1].is_ascii_alphabetic()
                && bytes[2] == b':';
            if drive {
                path.get(1..).unwrap_or("").to_string()
            } else {
                path
            }
        }
        None => format!("untitled/{}", s.replace([':', '/', '\\'], "_")),
    }
}

/// The URI of a workspace key made by [`to_path`].
pub fn from_path(path: &str) -> Option<Uri> {
    let absolute = if path.starts_with('/') {
        path.to_string()
    } else if path.as_bytes().get(1) == Some(&b':') {
        format!("/{path}")
    } else {
        let cwd = std::env::current_dir().ok()?;
        format!("{}/{}", cwd.to_string_lossy().trim_end_matches('/'), path)
    };
    Uri::from_str(&format!("file://{}", encode(&absolute))).ok()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~' | b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip_with_spaces_and_non_ascii() {
        let path = "/tmp/Acme Deals/ümlaut policy.accord";
        let uri = from_path(path).expect("a uri");
        assert_eq!(
            uri.as_str(),
            "file:///tmp/Acme%20Deals/%C3%BCmlaut%20policy.accord"
        );
        assert_eq!(to_path(&uri), path);
    }

    #[test]
    fn drive_letters_and_other_schemes() {
        let uri = Uri::from_str("file:///c%3A/work/a.accord").expect("uri");
        assert_eq!(to_path(&uri), "c:/work/a.accord");
        let untitled = Uri::from_str("untitled:Untitled-1").expect("uri");
        assert_eq!(to_path(&untitled), "untitled/untitled_Untitled-1");
    }
}
