//! Each thread's own copy of a compiled policy, so that threads deciding
//! leads under one policy do not contend for its texts.
//!
//! A decision shares the policy's texts (names, routes, reason codes, the
//! policy's name and hash: `Arc<str>`) instead of copying them, and
//! sharing a text means counting its references: an atomic add when a
//! decision takes it, a subtract when the decision is dropped. Threads
//! doing that to the *same* texts pass the counters' cache lines back and
//! forth — measured on 2 cores, a decision of the seed agreement took
//! 12–15% longer with both threads on one policy than with each on its
//! own compiled copy (the routing answers alone, which share no text,
//! took the same either way), and every core added makes it worse.
//!
//! So [`CompiledPolicy::on_this_thread`] runs a decision on this thread's
//! copy of the policy: compiled again from the same checked files the
//! first time a thread decides under it (about a millisecond for the
//! seed agreement; the same plan, its texts its own allocations), kept
//! for as long as the policy (or a clone of it) lives
//! ([`accord_records::per_thread`], the one mechanism, which the lead
//! decoder uses too). Decisions are the same, text for text; only
//! whose reference counts they touch differs. (Inside the crate, the
//! summary finds an SLA's definition by the very name its outcome shares:
//! it is built in the evaluation, on the plan the decision is made on.)

use crate::plan::CompiledPolicy;
use accord_records::per_thread;
use std::sync::Arc;

accord_records::per_thread_copies!(CompiledPolicy);

impl CompiledPolicy {
    /// Runs `f` on this thread's copy of the policy (made on first use,
    /// [`accord_records::per_thread::with_copy`]; the policy itself when
    /// the thread's storage is gone, at its exit).
    pub(crate) fn on_this_thread<R>(&self, f: impl FnOnce(&CompiledPolicy) -> R) -> R {
        per_thread::with_copy(
            &self.identity,
            || self.thread_copy(),
            |c| f(c.unwrap_or(self)),
        )
    }

    /// The policy compiled again from its checked files: the same plan,
    /// with texts of its own. (Compiling cannot fail where it succeeded
    /// before; if it did, the copy would share the texts, nothing worse.)
    fn thread_copy(&self) -> CompiledPolicy {
        let inputs = &self.inputs;
        let mut copy = match crate::compile(&inputs.files, &inputs.schema, &inputs.sources) {
            Ok(copy) => copy,
            Err(_) => self.clone(),
        };
        copy.identity = self.identity.for_copy();
        copy.inputs = Arc::default();
        copy.other_versions.clone_from(&self.other_versions);
        copy
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::Arc;

    /// A decision is the one the policy itself makes, text for text, but
    /// its texts are this thread's copy's: not the policy's, not another
    /// thread's; the copy is made once per thread, and again when the
    /// policy learns of other versions.
    #[test]
    fn decisions_share_this_threads_copy_of_the_texts() {
        let (mut p, schema) = crate::tests::compiled();
        let lead = crate::tests::good_lead(&schema);
        let as_of = "2026-11-20T15:00:00Z".parse().unwrap();
        let direct = p.evaluate_parts(&lead, as_of, true, true, |_| {});
        let d = p.evaluate(&lead, as_of, true);
        assert_eq!(d, direct, "the same decision, explanation and all");
        assert!(!d.slas.is_empty() && !d.fits.is_empty());
        for s in &d.slas {
            assert!(p.slas.iter().any(|def| def.name == s.name));
            assert!(!p.slas.iter().any(|def| Arc::ptr_eq(&def.name, &s.name)));
        }
        assert!(!Arc::ptr_eq(&d.policy.name, &p.meta.name));
        assert!(!Arc::ptr_eq(&d.policy.hash, &direct.policy.hash));

        let again = p.evaluate(&lead, as_of, false);
        assert!(
            Arc::ptr_eq(&d.policy.name, &again.policy.name),
            "one copy a thread"
        );
        let elsewhere =
            std::thread::scope(|s| s.spawn(|| p.evaluate(&lead, as_of, true)).join().unwrap());
        assert_eq!(elsewhere, d);
        assert!(
            !Arc::ptr_eq(&d.policy.name, &elsewhere.policy.name),
            "a copy each thread"
        );

        p.set_other_versions(Vec::new());
        let after = p.evaluate(&lead, as_of, false);
        assert!(
            !Arc::ptr_eq(&d.policy.name, &after.policy.name),
            "a new copy"
        );
        assert_eq!(after, again);
    }

    /// Rows share their policy's name, version and hash as one counted
    /// value (one count to take, not three), this thread's copy's: the
    /// same for every row of a thread, another thread's its own.
    #[test]
    fn rows_share_this_threads_policy_identity() {
        use crate::output::Row;
        let (p, schema) = crate::tests::compiled();
        let lead = crate::tests::good_lead(&schema);
        let as_of = "2026-11-20T15:00:00Z".parse().unwrap();
        let row = || Row::for_lead(&p, &lead, as_of, false);
        let (a, b) = (row(), row());
        assert_eq!(a, b);
        assert!(Arc::ptr_eq(&a.policy, &b.policy), "one identity a thread");
        assert!(
            !Arc::ptr_eq(&a.policy, &p.policy_ref),
            "the thread's copy's"
        );
        let there = std::thread::scope(|s| s.spawn(row).join().unwrap());
        assert_eq!(there.policy, a.policy);
        assert!(!Arc::ptr_eq(&a.policy, &there.policy), "a copy each thread");
        assert_eq!(&*a.policy.name, &*p.meta.name);
        assert_eq!(a.policy.hash, p.meta.hash);
    }

    /// A row made from a decision names the policy that made it, also
    /// when handed another policy.
    #[test]
    fn a_row_names_the_policy_that_decided() {
        use crate::output::{PolicyRef, Row};
        let (p, schema) = crate::tests::compiled();
        let lead = crate::tests::good_lead(&schema);
        let as_of = "2026-11-20T15:00:00Z".parse().unwrap();
        let mut other = p.clone();
        other.meta.hash = "another policy".into();
        other.policy_ref = Arc::new(PolicyRef {
            name: "Other".into(),
            version: None,
            hash: Arc::clone(&other.meta.hash),
        });
        let row = Row::from_decision(&other, p.evaluate(&lead, as_of, false));
        assert_eq!(row.policy.hash, p.meta.hash);
        assert_eq!(row.policy.name, p.meta.name);
        let own = Row::from_decision(&p, p.evaluate(&lead, as_of, false));
        assert!(
            Arc::ptr_eq(&own.policy, &p.policy_ref),
            "shared when it decided"
        );
    }

    /// A thread keeps its copy while the policy or a clone of it lives,
    /// and lets it go with the last of them.
    #[test]
    fn a_copy_goes_with_its_policy() {
        let kept = accord_records::per_thread::copies_kept::<crate::plan::CompiledPolicy>;
        std::thread::scope(|s| {
            s.spawn(|| {
                let (p, schema) = crate::tests::compiled();
                let lead = crate::tests::good_lead(&schema);
                let as_of = "2026-11-20T15:00:00Z".parse().unwrap();
                p.evaluate(&lead, as_of, false);
                assert_eq!(kept(), 1);
                // A decoder's copy is kept on a list of its own.
                let decoder = accord_records::RecordDecoder::new(&schema);
                let _ = decoder.decode_value(&serde_json::json!({}), 1, None);
                let decoders =
                    accord_records::per_thread::copies_kept::<accord_records::RecordDecoder>;
                assert_eq!((decoders(), kept()), (1, 1));
                let clone = p.clone();
                drop(p);
                let d = clone.evaluate(&lead, as_of, false);
                assert_eq!(kept(), 1, "a clone is the same policy");
                drop(clone);
                let (q, _) = crate::tests::compiled();
                assert_eq!(q.evaluate(&lead, as_of, false), d);
                assert_eq!(kept(), 1, "the dropped policy's copy went");
                drop(q);
            })
            .join()
            .unwrap();
        });
    }
}
