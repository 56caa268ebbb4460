//! `accord diff`: two versions of a policy (files, directories, or a path in
//! two git revisions) compared in meaning; the work is `accord_diff`'s, this
//! module reads the arguments, loads both sides and prints the report.

use super::{exit, render_all, usage_error};
use crate::cli::{DiffArgs, DiffFormat};
use crate::leads::{InputFiles, Inputs};
use accord_diff::drift::drift_checks;
use accord_diff::leads::LeadImpact;
use accord_diff::report::EntryImpact;
use accord_diff::{LoadError, Origin, Report, Version};
use std::path::{Path, PathBuf};

pub fn run(args: &DiffArgs, color: bool) -> u8 {
    let sides = match sides(args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let [old, new] = sides;
    let old = match load(&old.0, old.1, color) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let new = match load(&new.0, new.1, color) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let as_of = match super::eval::parse_as_of(args.as_of.as_deref()) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut report = Report::new(&old, &new, as_of);
    if let Some(leads) = &args.leads {
        // Every policy and both its versions are evaluated on the same
        // leads: a pipe is read once, into a copy they all read.
        let files = match InputFiles::rereadable(leads, args.events.as_deref()) {
            Ok(f) => f,
            Err(code) => return code,
        };
        for (a, b) in accord_diff::paired_entries(&old, &new) {
            match impact(a, b, &files, as_of) {
                Ok(i) => report.impact.push(i),
                Err(code) => return code,
            }
        }
    }
    let text = match args.format {
        DiffFormat::Text => report.render_text(),
        DiffFormat::Markdown => report.render_markdown(),
        DiffFormat::Json => report.render_json(),
    };
    out!("{text}");
    exit::OK
}

/// Both versions of one policy over the same leads (with explanations, to
/// name the clause behind each flip), and the new version's drift rules.
fn impact(
    old: &accord_diff::Entry,
    new: &accord_diff::Entry,
    files: &InputFiles,
    as_of: chrono::DateTime<chrono::Utc>,
) -> Result<EntryImpact, u8> {
    let old_inputs = Inputs::new(old.compiled.schema(), files);
    let new_inputs = Inputs::new(new.compiled.schema(), files);
    let old_rows = old_inputs.rows_of(&old.compiled, as_of, true, 0)?;
    let new_rows = new_inputs.rows_of(&new.compiled, as_of, true, 0)?;
    let leads = LeadImpact::from_rows(old_rows, new_rows);
    new_inputs.report();
    let drift = drift_checks(&new.files, &leads.old, &leads.new);
    Ok(EntryImpact {
        policy: new.rel.clone(),
        leads,
        drift,
    })
}

/// The two sides to load: (path, where it is read from).
fn sides(args: &DiffArgs) -> Result<[(PathBuf, Origin); 2], u8> {
    if let Some(driver) = &args.git_driver {
        // git calls: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE
        let [path, old_file, _, _, new_file, _, _] = driver.as_slice() else {
            return Err(usage_error(
                "--git-driver takes the 7 arguments git gives an external diff driver",
            ));
        };
        let side = |file: &Path, prefix: &str| -> Result<(PathBuf, Origin), u8> {
            let text = if file == Path::new("/dev/null") {
                String::new()
            } else {
                std::fs::read_to_string(file).map_err(|e| {
                    usage_error(format!(
                        "cannot read {}: {}",
                        file.display(),
                        accord_syntax::diagnostic::io_words(&e)
                    ))
                })?
            };
            let prefix = prefix.to_string();
            Ok((path.clone(), Origin::Text { text, prefix }))
        };
        return Ok([side(old_file, "a")?, side(new_file, "b")?]);
    }
    match (args.git, args.paths.as_slice()) {
        (true, [rev1, rev2, path]) => Ok([
            (
                path.clone(),
                Origin::Git(rev1.to_string_lossy().into_owned()),
            ),
            (
                path.clone(),
                Origin::Git(rev2.to_string_lossy().into_owned()),
            ),
        ]),
        (true, _) => Err(usage_error(
            "--git takes REV1 REV2 PATH, e.g. `accord diff --git main HEAD policies/`",
        )),
        (false, [old, new]) => Ok([
            (old.clone(), Origin::FileSystem),
            (new.clone(), Origin::FileSystem),
        ]),
        (false, _) => Err(usage_error(
            "give OLD and NEW (two policy files or two directories), or --git REV1 REV2 PATH",
        )),
    }
}

fn load(path: &Path, origin: Origin, color: bool) -> Result<Version, u8> {
    match Version::load(path, origin) {
        Ok(v) => Ok(v),
        Err(LoadError::Invalid {
            label,
            diagnostics,
            sources,
        }) => {
            err!("{}", render_all(&diagnostics, &sources, color));
            errln!("error: {label} has errors; run `accord check` on it");
            Err(exit::POLICY_ERRORS)
        }
        Err(e) => Err(usage_error(e)),
    }
}
