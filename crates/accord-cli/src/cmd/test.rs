//! `accord test [PATH]... [--coverage]`: run policy tests (`*.accord-test`
//! files; a directory stands for every one under it, default `.`). The
//! file format, expectations and coverage rules are crate `accord-test`'s.
//! A failing case prints what it expected, what the agreement decided, and
//! the explanation of that decision. Exit 1 when a case fails, a test file
//! or its policy has errors, or (with `--coverage`) a clause was not
//! exercised both ways.

use super::{exit, render_all, usage_error};
use crate::cli::TestArgs;
use accord::{LoadError, Policy};
use accord_syntax::diagnostic::io_words;
use accord_syntax::{Diagnostic, SourceMap, Span};
use accord_test::{Case, Coverage, LeadSource, TestFile};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub fn run(args: &TestArgs, color: bool) -> u8 {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    for path in &roots {
        if path.is_dir() {
            match accord_fmt::files_ending_in(path, ".accord-test") {
                Ok(found) => files.extend(found),
                Err(e) => {
                    return usage_error(format!("cannot read {}: {}", path.display(), io_words(&e)))
                }
            }
        } else if path.extension().is_some_and(|e| e == "accord") {
            return usage_error(policy_given_for_tests(path));
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return usage_error(format!("no such file or directory: {}", path.display()));
        }
    }
    let files = accord_fmt::without_repeats(files);
    if files.is_empty() {
        return usage_error("no test files (*.accord-test) found");
    }
    let mut totals = Totals::default();
    // Coverage over the whole run (see `accord_test::coverage`): a policy's
    // own file is reported after its cases, an imported file once, here.
    let mut run_coverage = Coverage::default();
    let mut entry_files = Vec::new();
    // Each file read and parsed once (an unreadable one is said when its
    // turn comes, after the files before it have run).
    let parsed: Vec<Result<ParsedFile, String>> =
        files.iter().map(|file| ParsedFile::read(file)).collect();
    let shared = policies_of_several(&parsed);
    for file in parsed {
        let file = match file {
            Ok(file) => file,
            Err(message) => {
                errln!("error: {message}");
                return exit::USAGE;
            }
        };
        if let Some((entry, coverage)) = run_file(file, args.coverage, &shared, color, &mut totals)
        {
            run_coverage.merge(&coverage);
            entry_files.push(entry);
        }
    }
    if args.coverage {
        for file in run_coverage.files() {
            let which = if !entry_files.iter().any(|e| e == file) {
                "imported; all test files together"
            } else if shared.iter().any(|e| e == file) {
                "all its test files together"
            } else {
                continue;
            };
            let name = file.strip_prefix(&current_folder()).unwrap_or(file);
            report_coverage(
                &format!("{name} ({which})"),
                &run_coverage.only_file(file),
                &current_folder(),
                &mut totals,
            );
        }
    }
    outln!(
        "test result: {}. {} passed; {} failed{}{}",
        if totals.ok() { "ok" } else { "FAILED" },
        totals.passed,
        totals.failed,
        if totals.broken > 0 {
            format!("; {} test file(s) not run", totals.broken)
        } else {
            String::new()
        },
        if args.coverage {
            format!("; {} clause(s) not exercised both ways", totals.gaps)
        } else {
            String::new()
        }
    );
    if totals.ok() {
        exit::OK
    } else {
        exit::POLICY_ERRORS
    }
}

/// A test file read and parsed: its text (for diagnostics), its tests
/// and the problems parsing found.
struct ParsedFile {
    path: PathBuf,
    sources: SourceMap,
    tests: TestFile,
    diagnostics: Vec<Diagnostic>,
}

impl ParsedFile {
    /// Reads and parses `path`; an I/O problem in words.
    fn read(path: &Path) -> Result<ParsedFile, String> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {name}: {}", io_words(&e)))?;
        let mut sources = SourceMap::new();
        let id = sources.add(name, text);
        let (tests, diagnostics) =
            accord_test::parse(id, sources.get(id).map_or("", |f| f.text.as_str()));
        Ok(ParsedFile {
            path: path.to_path_buf(),
            sources,
            tests,
            diagnostics,
        })
    }
}

/// The policies (as [`entry_key`]s) that more than one of the test files
/// test: their own coverage is that of all their test files together,
/// reported once at the end of the run rather than after each test file.
fn policies_of_several(files: &[Result<ParsedFile, String>]) -> Vec<String> {
    let mut tested: Vec<String> = files
        .iter()
        .flatten()
        .filter(|file| !file.tests.policy.is_empty())
        .map(|file| entry_key(&file.path, &file.tests.policy))
        .collect();
    tested.sort();
    let mut several: Vec<String> = tested
        .windows(2)
        .filter(|pair| pair[0] == pair[1])
        .map(|pair| pair[0].clone())
        .collect();
    several.dedup();
    several
}

/// The path of the policy a test file tests (`policy` as the file writes
/// it, relative to the file), `/`-separated: the key of its coverage.
fn entry_key(test_file: &Path, policy: &str) -> String {
    let dir = test_file.parent().unwrap_or(Path::new("."));
    dir.join(policy).to_string_lossy().replace('\\', "/")
}

/// The words for a policy file given where a test file is expected: a
/// policy read as a test file would be one diagnostic per line.
fn policy_given_for_tests(policy: &Path) -> String {
    let tests = policy.with_extension("accord-test");
    let found = if tests.is_file() {
        format!("its tests are in {}", tests.display())
    } else {
        format!("its tests would go in {}", tests.display())
    };
    format!(
        "{} is a policy, not a test file: {found}; give a test file or a folder",
        policy.display()
    )
}

#[derive(Default)]
struct Totals {
    passed: usize,
    failed: usize,
    /// Test files not run: they or their policies have errors.
    broken: usize,
    gaps: usize,
}

impl Totals {
    fn ok(&self) -> bool {
        self.failed == 0 && self.broken == 0 && self.gaps == 0
    }
}

/// Prints one file's coverage and its gaps (places shown without
/// `folder`, the current one); counts the gaps.
fn report_coverage(name: &str, coverage: &Coverage, folder: &str, totals: &mut Totals) {
    let gaps = coverage.gaps();
    let (clauses, covered) = coverage.counts();
    outln!("coverage of {name}: {covered} of {clauses} clauses exercised both ways");
    for g in &gaps {
        let location = g.location.strip_prefix(folder).unwrap_or(&g.location);
        outln!("  {location}  {}  — {}", g.clause, g.missing.words());
    }
    totals.gaps += gaps.len();
}

/// The current directory with a trailing `/`, so that places under it are
/// shown relative to it (as the paths given on the command line are).
fn current_folder() -> String {
    std::env::current_dir()
        .map(|d| format!("{}/", d.to_string_lossy().replace('\\', "/")))
        .unwrap_or_default()
}

/// What a test file's cases saw: its policy's file (named from the common
/// folder) and the coverage of every file of the policy.
type FileCoverage = Option<(String, Coverage)>;

/// Runs one test file (and, with `coverage`, reports its policy's own
/// file, unless the policy is one of the `shared` ones several test files
/// test).
fn run_file(
    file: ParsedFile,
    coverage: bool,
    shared: &[String],
    color: bool,
    totals: &mut Totals,
) -> FileCoverage {
    let ParsedFile {
        path,
        sources,
        tests,
        mut diagnostics,
    } = file;
    let path = path.as_path();
    let name = path.display().to_string();
    let dir = path.parent().unwrap_or(Path::new("."));
    let policy_path = dir.join(&tests.policy);
    // Loaded first for its `identified by` field, which keys the leads
    // file; its errors are shown after the test file's.
    let loaded = Policy::load(&policy_path);
    let id_field = loaded.as_ref().ok().and_then(|p| {
        let schema = p.schema();
        Some(schema.fields.get(schema.id_field?)?.name.clone())
    });
    let leads = match &tests.leads {
        Some((leads_path, span)) => read_leads(
            &dir.join(leads_path),
            *span,
            id_field.as_deref(),
            &mut diagnostics,
        ),
        None => HashMap::new(),
    };
    for case in &tests.cases {
        check_case(case, &tests, &leads, &mut diagnostics);
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        err!("{}", render_all(&diagnostics, &sources, color));
        errln!("{name}: not run (the test file has errors)");
        totals.broken += 1;
        return None;
    }
    let policy = match loaded {
        Ok(p) => p,
        Err(LoadError::Invalid {
            diagnostics,
            sources,
        }) => {
            err!("{}", render_all(&diagnostics, &sources, color));
            errln!("{name}: not run (the policy has errors)");
            totals.broken += 1;
            return None;
        }
        Err(LoadError::Io(e)) => {
            let d = Diagnostic::error(
                "accord::test::policy-unreadable",
                tests.policy_span,
                format!("the policy cannot be read: {e}"),
            )
            .with_label("this policy")
            .with_help("the path is relative to the test file");
            err!("{}", render_all(&[d], &sources, color));
            errln!("{name}: not run (its policy cannot be read)");
            totals.broken += 1;
            return None;
        }
    };
    let unknown = tests.unknown_names(policy.compiled());
    if !unknown.is_empty() {
        err!("{}", render_all(&unknown, &sources, color));
        errln!("{name}: not run (the test file has errors)");
        totals.broken += 1;
        return None;
    }
    outln!("running {} case(s) from {name}", tests.cases.len());
    let mut cov = Coverage::new(policy.compiled().clauses());
    for (n, case) in tests.cases.iter().enumerate() {
        let Some(lead) = lead_of(case, &leads) else {
            continue;
        };
        let lead = case.apply_changes(&lead);
        let Some(as_of) = case.as_of.or(tests.as_of) else {
            continue;
        };
        let row = policy.evaluate_json(&lead, n + 1, as_of, true);
        let at = sources.location(case.span);
        if !row.errors.is_empty() {
            outln!("  FAILED  {}  ({at})", case.name);
            outln!("          the lead cannot be read:");
            for e in &row.errors {
                outln!("            {}", e.message);
            }
            totals.failed += 1;
            continue;
        }
        let mismatches: Vec<_> = case
            .expectations
            .iter()
            .filter_map(|(e, _)| e.check(&row))
            .collect();
        if let Some(explanation) = &row.explanation {
            cov.record(explanation);
        }
        if mismatches.is_empty() {
            outln!("  ok      {}", case.name);
            totals.passed += 1;
            continue;
        }
        outln!("  FAILED  {}  ({at})", case.name);
        for m in &mismatches {
            outln!(
                "          {}: expected {}, got {}",
                m.what,
                m.expected,
                m.actual
            );
        }
        if let Some(explanation) = &row.explanation {
            outln!("          why (accord explain):");
            for line in explanation.render_text(accord::Detail::Decisive).lines() {
                outln!("            {line}");
            }
        }
        totals.failed += 1;
    }
    let policy_dir = policy_path.parent().unwrap_or(Path::new("."));
    let cov = cov.in_folder(policy_dir);
    let entry = entry_key(path, &tests.policy);
    if coverage && !shared.contains(&entry) {
        // Named from the current folder, like the test file and every
        // imported file, so that each place can be opened as printed.
        let folder = current_folder();
        let shown = entry.strip_prefix(&folder).unwrap_or(&entry);
        report_coverage(shown, &cov.only_file(&entry), &folder, totals);
    }
    Some((entry, cov))
}

/// Problems a case has that only show with its leads file: an unknown lead
/// id, no `as of`.
fn check_case(
    case: &Case,
    tests: &TestFile,
    leads: &HashMap<String, Value>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some((LeadSource::ById(id), span)) = &case.lead {
        if tests.leads.is_some() && !leads.contains_key(id) && !leads.is_empty() {
            let mut known: Vec<&str> = leads.keys().map(String::as_str).collect();
            known.sort_unstable();
            let closest = accord_syntax::suggest::closest(id, known)
                .map(|k| format!(" (did you mean \"{k}\"?)"))
                .unwrap_or_default();
            diagnostics.push(
                Diagnostic::error(
                    "accord::test::unknown-lead",
                    *span,
                    format!("the leads file has no lead \"{id}\""),
                )
                .with_label("no such lead")
                .with_help(format!("use the id of a lead in the leads file{closest}")),
            );
        }
    }
    let as_of_unreadable =
        tests.unreadable.contains(&"as of") || case.unreadable.contains(&"as of");
    if case.as_of.is_none() && tests.as_of.is_none() && !as_of_unreadable {
        diagnostics.push(
            Diagnostic::error(
                "accord::test::no-as-of",
                case.span,
                "this case does not say when it is judged",
                )
            .with_label("no `as of`")
            .with_help("add `as of 2026-11-20T15:00:00Z` under the case, or once at the top of the file for every case"),
        );
    }
}

fn lead_of(case: &Case, leads: &HashMap<String, Value>) -> Option<Value> {
    match &case.lead {
        Some((LeadSource::ById(id), _)) => leads.get(id).cloned(),
        Some((LeadSource::Inline(v), _)) => Some(v.clone()),
        None => None,
    }
}

/// A leads file's leads, each with its place: what it is (`line` of NDJSON,
/// `item` of an array) and its number, from 1.
type Numbered = (&'static str, Vec<(usize, Value)>);

/// The leads of an NDJSON file or JSON array, by the policy's `identified
/// by` field (`id_field`; without one, `lead_id` or else `id`). Two leads
/// with one id are an error naming both lines (items of an array).
fn read_leads(
    path: &Path,
    span: Span,
    id_field: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, Value> {
    let problem = |message: String| {
        Diagnostic::error("accord::test::leads-unreadable", span, message)
            .with_label("this leads file")
            .with_help("give an NDJSON file (one lead per line) or a JSON array of leads; the path is relative to the test file")
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diagnostics.push(problem(format!(
                "the leads file {} cannot be read: {}",
                path.display(),
                io_words(&e)
            )));
            return HashMap::new();
        }
    };
    let values: Result<Numbered, String> = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(items)) => Ok((
            "item",
            items.into_iter().zip(1..).map(|(v, n)| (n, v)).collect(),
        )),
        Ok(one @ Value::Object(_)) => Ok(("item", vec![(1, one)])),
        _ => text
            .lines()
            .zip(1..)
            .filter(|(l, _)| !l.trim().is_empty())
            .map(|(l, n)| {
                serde_json::from_str(l)
                    .map(|v| (n, v))
                    .map_err(|e| format!("line {n}: {e}"))
            })
            .collect::<Result<_, _>>()
            .map(|lines| ("line", lines)),
    };
    match values {
        Ok((place, values)) => {
            let id_of = |v: &Value| -> Option<(String, String)> {
                let (key, id) = match id_field {
                    Some(f) => (f, v.get(f)?),
                    None => match v.get("lead_id") {
                        Some(id) => ("lead_id", id),
                        None => ("id", v.get("id")?),
                    },
                };
                let id = id.as_str().map_or_else(|| id.to_string(), str::to_string);
                Some((key.to_string(), id))
            };
            let mut leads: HashMap<String, (usize, Value)> = HashMap::new();
            for (n, v) in values {
                let Some((key, id)) = id_of(&v) else { continue };
                if let Some((first, _)) = leads.get(&id) {
                    diagnostics.push(
                        Diagnostic::error(
                            "accord::test::duplicate-lead",
                            span,
                            format!(
                                "the leads file has two leads with {key} \"{id}\": {place}s {first} and {n}"
                            ),
                        )
                        .with_label("this leads file")
                        .with_help("give each lead its own id, so that `lead \"ID\"` names one"),
                    );
                    continue;
                }
                leads.insert(id, (n, v));
            }
            leads.into_iter().map(|(id, (_, v))| (id, v)).collect()
        }
        Err(e) => {
            diagnostics.push(problem(format!(
                "the leads file {} is not NDJSON or a JSON array ({e})",
                path.display()
            )));
            HashMap::new()
        }
    }
}
