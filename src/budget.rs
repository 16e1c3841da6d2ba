//! How long the analysis of one file may take, and a way to cancel it.
//!
//! No input may stall a run: a file whose parse or query would take longer than its budget is
//! given up and reported as skipped, like an oversized file, and the run goes on. The language
//! server also cancels the analysis of a document version that a newer edit replaced. Both
//! reach tree-sitter through its progress callbacks (the parser's and the query cursor's),
//! which it calls every few hundred steps, and the analysis's own loops poll the same
//! [`Budget`].

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The default time one file's analysis may take in `wslsp check` and the server: 2 seconds.
/// A source file of the 1 MiB size limit parses and analyses in well under 100 ms; only
/// pathological input (100,000 levels of nesting) comes near it.
pub const DEFAULT_FILE_BUDGET: Duration = Duration::from_secs(2);

/// Why an analysis stopped before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// It took longer than its budget, the duration given.
    OverBudget(Duration),
    /// The caller cancelled it (a newer version of the document arrived).
    Cancelled,
}

/// A deadline and an optional cancellation flag for one analysis. Cheap to clone; polling it
/// ([`Budget::check`]) costs a clock read.
#[derive(Debug, Clone, Default)]
pub struct Budget {
    /// The limit and the instant it runs out; `None`: no limit.
    deadline: Option<(Duration, Instant)>,
    cancel: Option<Arc<AtomicBool>>,
}

impl Budget {
    /// No deadline and no cancellation: the analysis runs to its end.
    pub fn unlimited() -> Budget {
        Budget::default()
    }

    /// A budget of `limit` from now.
    pub fn new(limit: Duration) -> Budget {
        Budget {
            deadline: Some((limit, Instant::now() + limit)),
            cancel: None,
        }
    }

    /// The same budget, also stopped as soon as `flag` is set.
    pub fn with_cancel(mut self, flag: Arc<AtomicBool>) -> Budget {
        self.cancel = Some(flag);
        self
    }

    /// `Err` once the flag is set or the deadline has passed.
    pub fn check(&self) -> Result<(), Stop> {
        if self
            .cancel
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
        {
            return Err(Stop::Cancelled);
        }
        match self.deadline {
            Some((limit, at)) if Instant::now() >= at => Err(Stop::OverBudget(limit)),
            _ => Ok(()),
        }
    }

    /// Whether it can run out at all (a deadline or a flag); an unlimited budget needs no
    /// progress callbacks.
    pub fn is_limited(&self) -> bool {
        self.deadline.is_some() || self.cancel.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_runs_out_at_its_deadline_or_when_cancelled() {
        assert_eq!(Budget::unlimited().check(), Ok(()));
        assert!(!Budget::unlimited().is_limited());
        let spent = Budget::new(Duration::ZERO);
        assert_eq!(spent.check(), Err(Stop::OverBudget(Duration::ZERO)));
        let long = Budget::new(Duration::from_secs(3600));
        assert_eq!(long.check(), Ok(()));
        let flag = Arc::new(AtomicBool::new(false));
        let cancellable = long.with_cancel(Arc::clone(&flag));
        assert_eq!(cancellable.check(), Ok(()));
        flag.store(true, Ordering::Relaxed);
        assert_eq!(cancellable.check(), Err(Stop::Cancelled));
    }
}
