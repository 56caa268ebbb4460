//! The native half of the `accord` Python module (`accord._accord`): a
//! loaded [`accord::Policy`] as a Python class, and batch evaluation of
//! NDJSON bytes (lists of dicts) or an Arrow C stream (pyarrow, Polars,
//! pandas through pyarrow) with the GIL released. The Python half
//! (`python/accord/__init__.py`) turns inputs into one of those two and
//! rows back into the caller's kind of object.
//!
//! Rows cross back in the row contract of `accord eval --format json`:
//! for a frame or Arrow input as an Arrow table built here
//! (`accord_arrow::rows_batch`, handed over through the Arrow C stream
//! interface without copying), for a list of dicts as NDJSON text (the
//! same serializer as the CLI). Either way every input kind gives the
//! CLI's values.

use accord::{Detail, LoadError, Policy, Row};
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::{RecordBatch, RecordBatchIterator};
use chrono::{DateTime, Utc};
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyList};
use std::ffi::CString;
use std::sync::Arc;
use std::sync::Mutex;

/// A checked, compiled policy (shared by reference: evaluating never
/// changes it, so any number of threads may use one).
#[pyclass(frozen, module = "accord._accord", name = "NativePolicy")]
struct NativePolicy {
    policy: Arc<Policy>,
    /// The policy's files by path (entry first), to ship elsewhere.
    files: Vec<(String, String)>,
}

/// An RFC 3339 instant, or a `ValueError` saying what is expected.
fn parse_as_of(s: &str) -> PyResult<DateTime<Utc>> {
    accord::parse_instant(s).map_err(|why| PyValueError::new_err(format!("as_of {why}")))
}

fn detail(name: &str) -> PyResult<Detail> {
    match name {
        "summary" => Ok(Detail::Summary),
        "decisive" => Ok(Detail::Decisive),
        "full" => Ok(Detail::Full),
        other => Err(PyValueError::new_err(format!(
            "detail {other:?}: expected \"summary\", \"decisive\" or \"full\""
        ))),
    }
}

/// Diagnostics as (rendered text, list of dicts) for `PolicyError` and
/// `Policy.warnings`.
fn diagnostics_py<'py>(
    py: Python<'py>,
    diagnostics: &[accord::Diagnostic],
    sources: &accord::SourceMap,
) -> PyResult<(String, Bound<'py, PyList>)> {
    let options = accord::RenderOptions {
        color: false,
        width: 100,
    };
    let rendered: Vec<String> = diagnostics
        .iter()
        .map(|d| accord::diagnostic::render(d, sources, options))
        .collect();
    let json = serde_json::to_string(
        &diagnostics
            .iter()
            .map(|d| accord::JsonDiagnostic::new(d, sources))
            .collect::<Vec<_>>(),
    )
    .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let list = py
        .import("json")?
        .call_method1("loads", (json,))?
        .downcast_into::<PyList>()?;
    Ok((rendered.join("\n"), list))
}

/// The result of loading: the policy, or the diagnostics that stop it.
type Loaded<'py> = (Option<NativePolicy>, String, Bound<'py, PyList>);

fn loaded<'py>(
    py: Python<'py>,
    result: Result<Policy, LoadError>,
    shown: &str,
) -> PyResult<Loaded<'py>> {
    match result {
        Ok(policy) => {
            let files = policy
                .sources()
                .files()
                .iter()
                .map(|f| (f.path.clone(), f.text.clone()))
                .collect();
            let (text, list) = diagnostics_py(py, policy.warnings(), policy.sources())?;
            Ok((
                Some(NativePolicy {
                    policy: Arc::new(policy),
                    files,
                }),
                text,
                list,
            ))
        }
        Err(LoadError::Invalid {
            diagnostics,
            sources,
        }) => {
            let (text, list) = diagnostics_py(py, &diagnostics, &sources)?;
            Ok((None, text, list))
        }
        Err(LoadError::Io(e)) => {
            let message = format!("cannot read the policy {shown}: {e}");
            if e.source.kind() == std::io::ErrorKind::NotFound {
                Err(PyFileNotFoundError::new_err(message))
            } else {
                Err(PyOSError::new_err(message))
            }
        }
    }
}

/// Takes over the Arrow C stream in a `__arrow_c_stream__` capsule.
fn stream_reader(capsule: &Bound<'_, PyCapsule>) -> PyResult<RecordBatchStreamReader> {
    let name = capsule.name()?.map(|n| n.to_string_lossy().into_owned());
    if name.as_deref() != Some("arrow_array_stream") {
        return Err(PyValueError::new_err(
            "expected an Arrow C stream capsule (from __arrow_c_stream__)",
        ));
    }
    let pointer = capsule.pointer().cast::<FFI_ArrowArrayStream>();
    // SAFETY: the capsule is named "arrow_array_stream", so by the Arrow
    // PyCapsule interface it holds a valid FFI_ArrowArrayStream. `from_raw`
    // moves the stream out and leaves a released (empty) one behind, so the
    // capsule's destructor releases nothing twice.
    #[allow(unsafe_code)]
    let reader = unsafe { RecordBatchStreamReader::from_raw(pointer) };
    reader.map_err(|e| PyValueError::new_err(format!("not a readable Arrow stream: {e}")))
}

/// Rows as NDJSON bytes (the CLI's `--format ndjson` lines).
fn ndjson(rows: impl Iterator<Item = Row>) -> Vec<u8> {
    let mut out = Vec::new();
    for row in rows {
        out.extend_from_slice(row.to_json_line().as_bytes());
        out.push(b'\n');
    }
    out
}

/// Rows built as an Arrow table in Rust, handed to Python through the
/// Arrow PyCapsule interface (`pyarrow.table(rows)` takes it without
/// copying). The batch is handed over once; a second request raises.
#[pyclass(module = "accord._accord", name = "ArrowRows")]
struct ArrowRows {
    batch: Mutex<Option<RecordBatch>>,
}

#[pymethods]
impl ArrowRows {
    /// The Arrow C stream of the rows (one batch).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema; // the rows have one schema; callers cast
        let batch = self
            .batch
            .lock()
            .map_err(|_| PyValueError::new_err("the rows are in use"))?
            .take()
            .ok_or_else(|| PyValueError::new_err("these rows were already handed over"))?;
        let schema = batch.schema();
        let reader = RecordBatchIterator::new([Ok(batch)], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        let name =
            CString::new("arrow_array_stream").map_err(|e| PyValueError::new_err(e.to_string()))?;
        // The capsule owns the stream; a consumer moves its contents out
        // (leaving a released stream), and dropping it releases whatever
        // is left, so nothing is released twice or leaked.
        PyCapsule::new(py, stream, Some(name))
    }
}

/// The result of a batch: NDJSON bytes, or (`columnar`) an Arrow table
/// (None for no rows).
fn result<'py>(
    py: Python<'py>,
    rows: Vec<Row>,
    explain: bool,
    columnar: bool,
) -> PyResult<PyObject> {
    if !columnar {
        return Ok(PyBytes::new(py, &ndjson(rows.into_iter()))
            .into_any()
            .unbind());
    }
    let batch = py
        .allow_threads(|| accord_arrow::rows_batch(rows, explain))
        .map_err(|e| PyValueError::new_err(format!("cannot build the result table: {e}")))?;
    match batch {
        None => Ok(py.None()),
        Some(batch) => Ok(Py::new(
            py,
            ArrowRows {
                batch: Mutex::new(Some(batch)),
            },
        )?
        .into_any()),
    }
}

#[pymethods]
impl NativePolicy {
    /// Loads a policy file. Returns (policy or None, diagnostics text,
    /// diagnostics list): warnings when loaded, errors when not.
    #[staticmethod]
    #[pyo3(signature = (path, root=None))]
    fn load<'py>(py: Python<'py>, path: &str, root: Option<&str>) -> PyResult<Loaded<'py>> {
        let result =
            py.allow_threads(|| Policy::load_with_root(path, root.map(std::path::Path::new)));
        loaded(py, result, path)
    }

    /// A policy from text in memory: `entry` is the policy's path among
    /// `files` (path → text, its imports by their relative paths).
    #[staticmethod]
    fn from_texts<'py>(
        py: Python<'py>,
        entry: &str,
        files: Vec<(String, String)>,
    ) -> PyResult<Loaded<'py>> {
        let result = py.allow_threads(|| Policy::load_texts(&files, entry, None));
        loaded(py, result, entry)
    }

    /// `(name, version, hash, effective date or None)`.
    fn meta(&self) -> (String, Option<String>, String, Option<String>) {
        let m = self.policy.compiled().meta();
        (
            m.name.to_string(),
            m.version.as_deref().map(str::to_string),
            m.hash.to_string(),
            m.effective.map(|d| d.to_string()),
        )
    }

    /// The policy's files, entry first: `[(path, text)]`.
    fn files(&self) -> Vec<(String, String)> {
        self.files.clone()
    }

    /// The schema's field names, in declaration order.
    fn field_names(&self) -> Vec<String> {
        self.policy
            .schema()
            .fields
            .iter()
            .map(|f| f.name.clone())
            .collect()
    }

    /// Evaluates NDJSON records (one object per line); returns NDJSON rows,
    /// or (`columnar`) an Arrow table of them.
    fn evaluate_ndjson(
        &self,
        py: Python<'_>,
        data: &[u8],
        as_of: &str,
        explain: bool,
        threads: usize,
        columnar: bool,
    ) -> PyResult<PyObject> {
        let as_of = parse_as_of(as_of)?;
        let policy = &self.policy;
        let rows: Vec<Row> = py.allow_threads(|| {
            policy
                .evaluate_reader(
                    data,
                    accord::InputFormat::Ndjson,
                    None,
                    as_of,
                    explain,
                    threads,
                )
                .collect()
        });
        result(py, rows, explain, columnar)
    }

    /// Evaluates the rows of an Arrow C stream (a capsule from
    /// `__arrow_c_stream__`), with events from a second stream when given;
    /// returns (NDJSON rows or, `columnar`, an Arrow table of them; the
    /// events table's errors as NDJSON).
    #[pyo3(signature = (leads, as_of, explain, threads, columnar, events=None))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate_arrow<'py>(
        &self,
        py: Python<'py>,
        leads: &Bound<'py, PyCapsule>,
        as_of: &str,
        explain: bool,
        threads: usize,
        columnar: bool,
        events: Option<&Bound<'py, PyCapsule>>,
    ) -> PyResult<(PyObject, Bound<'py, PyBytes>)> {
        let as_of = parse_as_of(as_of)?;
        let leads = stream_reader(leads)?;
        let events = events.map(stream_reader).transpose()?;
        let policy = &self.policy;
        let (rows, errors) = py.allow_threads(|| {
            let (index, mut errors) = match events {
                Some(reader) => {
                    let (index, errors) = accord_arrow::events_index(policy.decoder(), reader);
                    (Some(index), errors)
                }
                None => (None, Vec::new()),
            };
            let unmatched = index.as_ref().map(accord::EventsIndex::unmatched_handle);
            let rows: Vec<Row> =
                accord_arrow::evaluate_batches(policy, leads, index, as_of, explain, threads)
                    .collect();
            errors.extend(unmatched.and_then(|u| u.get()).unwrap_or_default());
            let mut text = Vec::new();
            for e in errors {
                if let Ok(line) = serde_json::to_string(&e) {
                    text.extend_from_slice(line.as_bytes());
                    text.push(b'\n');
                }
            }
            (rows, text)
        });
        Ok((
            result(py, rows, explain, columnar)?,
            PyBytes::new(py, &errors),
        ))
    }

    /// Explains one lead given as JSON text: `format` "text" or
    /// "markdown" gives the rendering (None for a record with errors),
    /// anything else None; always the full row as JSON text too.
    fn explain(
        &self,
        py: Python<'_>,
        record: &str,
        as_of: &str,
        detail_name: &str,
        format: &str,
    ) -> PyResult<(Option<String>, String)> {
        let as_of = parse_as_of(as_of)?;
        let detail = detail(detail_name)?;
        let value: serde_json::Value = serde_json::from_str(record)
            .map_err(|e| PyValueError::new_err(format!("the lead is not JSON: {e}")))?;
        let policy = &self.policy;
        py.allow_threads(|| {
            let row = policy.explain_json(&value, 1, as_of);
            let rendered = row.explanation.as_ref().and_then(|e| match format {
                "text" => Some(e.render_text(detail)),
                "markdown" => Some(e.render_markdown(detail)),
                _ => None,
            });
            let json =
                serde_json::to_string(&row).map_err(|e| PyValueError::new_err(e.to_string()))?;
            Ok((rendered, json))
        })
    }
}

/// The native module.
#[pymodule]
#[pyo3(name = "_accord")]
fn accord_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativePolicy>()?;
    m.add_class::<ArrowRows>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_THREADS", accord::MAX_THREADS)?;
    Ok(())
}
