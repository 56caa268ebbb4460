//! `accord diff`: two versions of a policy (files, directories, or a path in
//! two git revisions) compared in meaning; the work is `accord_diff`'s, this
//! module reads the arguments, loads both sides and prints the report.

use super::{exit, render_all, usage_error};
use crate::cli::{DiffArgs, DiffFormat};
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
    let report = Report::new(&old, &new);
    let text = match args.format {
        DiffFormat::Text => report.render_text(),
        DiffFormat::Markdown => report.render_markdown(),
        DiffFormat::Json => report.render_json(),
    };
    print!("{text}");
    exit::OK
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
                        crate::leads::io_words(&e)
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
            eprint!("{}", render_all(&diagnostics, &sources, color));
            eprintln!("error: {label} has errors; run `accord check` on it");
            Err(exit::POLICY_ERRORS)
        }
        Err(e) => Err(usage_error(e)),
    }
}
