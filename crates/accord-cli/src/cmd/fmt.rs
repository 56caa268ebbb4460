//! `accord fmt [--check] PATH...`: lay policy files out in the one canonical
//! layout (crate `accord-fmt`). A directory stands for every `.accord` file
//! under it; `-` reads standard input and writes the result to standard
//! output. With `--check` nothing is written: a unified diff of what would
//! change is printed, and the exit code is 1 when any file would change.
//! A file with syntax errors is never touched: its diagnostics are printed
//! and the exit code is 1.

use super::{exit, render_all, usage_error};
use crate::cli::FmtArgs;
use accord_fmt::FormatError;
use accord_syntax::diagnostic::io_words;
use accord_syntax::SourceMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub fn run(args: &FmtArgs, color: bool) -> u8 {
    let mut files = Vec::new();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            files.push(path.clone());
        } else if path.is_dir() {
            match accord_fmt::policy_files(path) {
                Ok(found) => files.extend(found),
                Err(e) => {
                    return usage_error(format!(
                        "cannot read directory {}: {}",
                        path.display(),
                        io_words(&e)
                    ))
                }
            }
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return usage_error(format!("no such file or directory: {}", path.display()));
        }
    }
    let files = accord_fmt::without_repeats(files);
    let mut tally = Tally::default();
    for file in &files {
        if let Err(message) = format_one(file, args.check, color, &mut tally) {
            errln!("error: {message}");
            tally.unreadable += 1;
        }
    }
    if files.iter().any(|f| f.as_os_str() != "-") {
        errln!("{}", tally.summary(args.check));
    }
    if tally.unreadable > 0 {
        exit::USAGE
    } else if tally.refused > 0 || (args.check && tally.changed > 0) {
        exit::POLICY_ERRORS
    } else {
        exit::OK
    }
}

/// What happened to the files of one run.
#[derive(Default)]
struct Tally {
    changed: usize,
    unchanged: usize,
    refused: usize,
    unreadable: usize,
}

impl Tally {
    fn summary(&self, check: bool) -> String {
        let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
        let mut s = if check {
            format!(
                "{} would be reformatted, {} already formatted",
                files(self.changed),
                self.unchanged
            )
        } else {
            format!(
                "{} reformatted, {} already formatted",
                files(self.changed),
                self.unchanged
            )
        };
        if self.refused > 0 {
            s.push_str(&format!(
                ", {} left as they are (syntax errors)",
                self.refused
            ));
        }
        s
    }
}

/// Formats one file (or standard input); an I/O problem is returned in words.
fn format_one(path: &Path, check: bool, color: bool, tally: &mut Tally) -> Result<(), String> {
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let text = if stdin {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        s
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {name}: {}", io_words(&e)))?
    };
    let mut sources = SourceMap::new();
    let id = sources.add(name.clone(), text.clone());
    let formatted = match accord_fmt::format(id, &text) {
        Ok(f) => f,
        Err(FormatError::Syntax(diagnostics)) => {
            err!("{}", render_all(&diagnostics, &sources, color));
            errln!(
                "{name}: not formatted: {}",
                FormatError::Syntax(diagnostics)
            );
            tally.refused += 1;
            return Ok(());
        }
        Err(e) => {
            errln!("{name}: not formatted: {e}");
            tally.refused += 1;
            return Ok(());
        }
    };
    if check {
        // A closed pipe (`| head`) is no error worth a message.
        let diff = accord_fmt::unified_diff(&name, &text, &formatted);
        let _ = std::io::stdout().write_all(diff.as_bytes());
        if formatted != text {
            errln!("{name}: would be reformatted");
        }
    } else if stdin {
        std::io::stdout()
            .write_all(formatted.as_bytes())
            .map_err(|e| format!("cannot write standard output: {e}"))?;
    } else if formatted != text {
        write_in_place(path, &formatted)?;
    }
    // Counted once written: a file that could not be written is not
    // "reformatted".
    if formatted == text {
        tally.unchanged += 1;
    } else {
        tally.changed += 1;
    }
    Ok(())
}

/// Writes next to the file, then renames over it: an interrupted run never
/// leaves a half-written policy. A symbolic link is followed (the file it
/// points to is rewritten and the link stays a link), the file keeps its
/// permissions, and a read-only file is refused rather than replaced.
fn write_in_place(path: &Path, text: &str) -> Result<(), String> {
    let name = path.display();
    let failed = |e: std::io::Error| format!("cannot write {name}: {}", io_words(&e));
    let target = std::fs::canonicalize(path).map_err(failed)?;
    let permissions = std::fs::metadata(&target).map_err(failed)?.permissions();
    if permissions.readonly() {
        return Err(format!(
            "cannot write {name}: the file is read-only; make it writable to format it, or use --check"
        ));
    }
    let mut temp = target.as_os_str().to_owned();
    temp.push(".accord-fmt-tmp");
    let temp = PathBuf::from(temp);
    std::fs::write(&temp, text)
        .and_then(|()| std::fs::set_permissions(&temp, permissions))
        .and_then(|()| std::fs::rename(&temp, &target))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            failed(e)
        })
}
