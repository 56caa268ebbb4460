//! `accord serve POLICY... [--addr A] [--port P] [--tokens-file F] [--decision-log F] …`
//! (the HTTP decision service, `accord-server`) and `accord replay LOG
//! [--policies DIR]` (a decision log evaluated again).

use super::{exit, render_all, usage_error};
use crate::cli::{DiagnosticFormat, LogFormat, ReplayArgs, ServeArgs};
use accord_server::{Config, StartError};
use std::path::Path;
use std::time::Duration;

/// `16M`, `512K`, `1048576`: bytes.
fn parse_bytes(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let (digits, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, ""),
    };
    let scale: usize = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "--max-body {s:?}: write bytes, e.g. 16M or 1048576"
            ))
        }
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("--max-body {s:?}: write bytes, e.g. 16M or 1048576"))
}

/// Tokens from ACCORD_TOKENS (comma-separated) and the tokens file (one a
/// line, blank lines and `#` comments skipped).
fn tokens(file: Option<&Path>) -> Result<Vec<String>, String> {
    let mut tokens: Vec<String> = std::env::var("ACCORD_TOKENS")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect();
    if let Some(path) = file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "cannot read --tokens-file {}: {}",
                path.display(),
                accord_syntax::diagnostic::io_words(&e)
            )
        })?;
        let before = tokens.len();
        tokens.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(String::from),
        );
        if tokens.len() == before {
            return Err(format!(
                "--tokens-file {} holds no token (one a line)",
                path.display()
            ));
        }
    }
    if let Some(t) = tokens.iter().find(|t| t.chars().any(char::is_whitespace)) {
        return Err(format!(
            "a token may not contain spaces ({} characters long, from ACCORD_TOKENS or --tokens-file)",
            t.chars().count()
        ));
    }
    Ok(tokens)
}

pub fn run_serve(args: &ServeArgs, color: bool) -> u8 {
    let max_body = match parse_bytes(&args.max_body) {
        Ok(n) => n,
        Err(e) => return usage_error(e),
    };
    let tokens = match tokens(args.tokens_file.as_deref()) {
        Ok(t) => t,
        Err(e) => return usage_error(e),
    };
    if !(args.watch.is_finite() && args.watch >= 0.0) {
        return usage_error("--watch takes seconds, 0 or more");
    }
    let mut addr = args.addr;
    if let Some(port) = args.port {
        addr.set_port(port);
    }
    let mut config = Config::new(args.policy.clone(), addr);
    config.root = args.root.clone();
    config.tokens = tokens;
    config.insecure_no_auth = args.insecure_no_auth;
    config.max_body_bytes = max_body;
    config.timeout = Duration::from_secs(args.timeout.max(1));
    config.max_concurrent = args.max_concurrent.max(1);
    config.watch = (args.watch > 0.0).then(|| Duration::from_secs_f64(args.watch));
    config.decision_log = args.decision_log.clone();
    config.policy_store = args.policy_store.clone();
    let log_format = match args.log_format {
        LogFormat::Text => accord_server::LogFormat::Text,
        LogFormat::Json => accord_server::LogFormat::Json,
    };
    match accord_server::serve_blocking(config, log_format) {
        Ok(()) => exit::OK,
        Err(StartError::Usage(m)) => usage_error(m),
        Err(StartError::Policy(e)) => {
            if !e.diagnostics.is_empty() {
                err!("{}", render_all(&e.diagnostics, &e.sources, color));
            }
            errln!("error: {e}");
            if e.diagnostics.is_empty() {
                exit::USAGE
            } else {
                exit::POLICY_ERRORS
            }
        }
    }
}

pub fn run_replay(args: &ReplayArgs) -> u8 {
    let store = args
        .policies
        .clone()
        .unwrap_or_else(|| accord_server::decision_log::default_store(&args.log));
    let report = match accord_server::replay::replay(&args.log, &store) {
        Ok(r) => r,
        Err(e) => return usage_error(e),
    };
    match args.format {
        DiagnosticFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => outln!("{s}"),
            Err(e) => return usage_error(e),
        },
        DiagnosticFormat::Text => out!("{}", report.render_text()),
    }
    if report.is_clean() {
        exit::OK
    } else {
        exit::POLICY_ERRORS
    }
}

#[cfg(test)]
mod tests {
    use super::parse_bytes;

    #[test]
    fn body_sizes_read_with_units() {
        assert_eq!(parse_bytes("16M"), Ok(16 << 20));
        assert_eq!(parse_bytes("512k"), Ok(512 << 10));
        assert_eq!(parse_bytes("1000"), Ok(1000));
        assert!(parse_bytes("0").is_err());
        assert!(parse_bytes("lots").is_err());
        assert!(parse_bytes("16 parsecs").is_err());
    }
}
