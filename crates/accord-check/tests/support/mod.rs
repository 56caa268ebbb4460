//! Shared helpers for the checker's integration tests: check a policy given
//! as text (with an in-memory file system) and render its diagnostics the
//! way people see them.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io;
use std::path::Path;

use accord_check::Workspace;
use accord_syntax::diagnostic::{render, RenderOptions};
use accord_syntax::Diagnostic;

/// A schema, a calendar and a list most test policies lean on.
pub const PRELUDE: &str = r#"lead fields identified by lead_id:
  lead_id is text
  email is an email
  industry is text
  employees is a number
  conversion is a percentage
  title_level is one of "VP", "Director", "Manager"
  phone_verified is yes/no
  status is one of "lead", "customer"
  time_zone is a time zone
  routed_at is a timestamp
  accepted_at is an optional timestamp
  rejection_reason is optional text
  rejected_at is an optional timestamp
  recycle_count is a number
  activities are events:
    kind is one of "website_visit", "page_view", "demo_request"
    page is optional text
  attempts are events:
    channel is one of "phone", "email"

calendar sales_hours "Business hours":
  open Monday to Friday from 08:00 to 18:00 in the lead's time zone

list free_domains: "gmail.com", "yahoo.com"
"#;

/// An in-memory workspace holding `files` (path, text); the first is the entry.
pub fn workspace(files: &[(&str, &str)]) -> (Workspace, accord_check::PolicyId) {
    let map: HashMap<String, String> = files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let mut ws = Workspace::with_reader(move |p: &Path| {
        map.get(&p.to_string_lossy().to_string())
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    });
    let entry = files.first().map(|(p, _)| *p).unwrap_or("test.accord");
    let id = ws.load(Path::new(entry)).expect("entry is in the map");
    (ws, id)
}

/// The diagnostics of a one-file policy.
pub fn diagnostics(src: &str) -> (Workspace, Vec<Diagnostic>) {
    let (ws, id) = workspace(&[("test.accord", src)]);
    let d = ws.diagnostics(id);
    (ws, d)
}

/// Renders diagnostics (no color, 80 columns).
pub fn render_all(ws: &Workspace, diags: &[&Diagnostic]) -> String {
    let sources = ws.sources();
    diags
        .iter()
        .map(|d| {
            render(
                d,
                &sources,
                RenderOptions {
                    color: false,
                    width: 80,
                },
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every rendered diagnostic of a one-file policy.
pub fn check(src: &str) -> String {
    let (ws, diags) = diagnostics(src);
    render_all(&ws, &diags.iter().collect::<Vec<_>>())
}

/// The rendered diagnostics with code `code` (with the prelude prepended).
pub fn check_code(src: &str, code: &str) -> String {
    let (ws, diags) = diagnostics(&with_prelude(src));
    let picked: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == code).collect();
    render_all(&ws, &picked)
}

/// The codes reported for a policy (with the prelude prepended).
pub fn codes(src: &str) -> Vec<String> {
    let (_, diags) = diagnostics(&with_prelude(src));
    diags.into_iter().map(|d| d.code).collect()
}

pub fn with_prelude(src: &str) -> String {
    format!("{PRELUDE}\n{src}")
}
