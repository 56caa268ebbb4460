//! The Parquet library's panics on damaged input, caught: a file whose
//! bytes were changed in a way its checks do not see can make the library
//! panic part-way through a row group (an index past the end of a buffer)
//! instead of returning an error. Reading runs through [`guarded`], so
//! that such a panic is the same damaged-file problem an error would be —
//! an error row per row of the group, never a crash — and its message is
//! not printed as a crash report would be: while a guarded call runs on a
//! thread, the panic hook stays silent on that thread (every other panic
//! goes to the hook that was there before).

use crate::words::ReadProblem;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether a guarded call runs on this thread now.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Installs, once per process, the hook that keeps quiet about panics
/// inside a guarded call and hands every other one to the previous hook.
fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `read` (a call into the Parquet or Arrow library); a panic in it
/// is a damaged file, with the panic's message as its detail.
pub(crate) fn guarded<T>(read: impl FnOnce() -> T) -> Result<T, ReadProblem> {
    install_hook();
    let was = GUARDED.with(|g| g.replace(true));
    let outcome = catch_unwind(AssertUnwindSafe(read));
    GUARDED.with(|g| g.set(was));
    outcome.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the reader stopped".into());
        ReadProblem::damaged(&message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::Problem;

    #[test]
    fn a_panic_is_a_damaged_file_and_the_thread_goes_on() {
        #[allow(clippy::panic)]
        let caught = guarded(|| -> u8 { panic!("offset + len out of bounds") });
        let problem = caught.expect_err("caught");
        assert_eq!(problem.problem, Problem::Damaged);
        assert_eq!(
            problem.detail.as_deref(),
            Some("offset + len out of bounds")
        );
        assert_eq!(guarded(|| 7).ok(), Some(7));
        assert!(!GUARDED.with(Cell::get), "the guard is lifted after");
    }
}
