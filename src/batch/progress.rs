//! The progress bar on stderr: files read, their rate and the time left, then after the
//! last file the step the run is in (the cross-year checks and the workbook can take as
//! long as the reading).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The progress bar, and after the last file the step the run is in; cleared when
/// dropped (hidden under `--quiet` or without a terminal: every call is a no-op then).
pub(super) struct Phases {
    bar: ProgressBar,
    shown: bool,
}

impl Phases {
    /// The bar over `files` files, drawn when `shown` (the caller decides: a terminal and
    /// not `--quiet`), hidden otherwise.
    pub(super) fn new(files: usize, shown: bool) -> Phases {
        let bar = if shown {
            let bar =
                ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files  {rate}  {elapsed} elapsed, ETA {eta}",
            ) {
                bar.set_style(style.with_key(
                    "rate",
                    |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0} files/s", s.per_sec());
                    },
                ));
            }
            bar
        } else {
            ProgressBar::hidden()
        };
        Phases { bar, shown }
    }

    pub(super) fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    /// The files are all read: say what runs now (`{pos}/{len} files read; STEP…`).
    pub(super) fn phase(&self, step: &'static str) {
        if !self.shown {
            return;
        }
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {pos}/{len} files read; {msg}…  {elapsed}")
        {
            self.bar.set_style(style);
        }
        self.bar.set_message(step);
        // Drawn now, past the draw rate limit: a step of a few milliseconds is still said.
        self.bar.force_draw();
        self.bar
            .enable_steady_tick(std::time::Duration::from_millis(120));
    }
}

impl Drop for Phases {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
