//! Log lines gathered per serving thread and handed to the log writer in batches. With one
//! access-log line per call, handing each line to the writer thread on its own (a channel
//! message and, most of the time, a wake-up of that thread: a futex call and two context
//! switches) cost about as much as the rest of the call's logging. A serving thread that
//! [`batch_this_thread`] keeps its lines in a buffer of its own and hands them over when the
//! buffer holds [`BATCH_BYTES`], every [`FLUSH_EVERY`] ([`flush_periodically`]), and when it
//! stops ([`flush`]). Other threads' lines go straight through. A line is therefore written at
//! most [`FLUSH_EVERY`] late; none is dropped, except those of a process that aborts.

use std::cell::RefCell;
use std::io::Write;
use std::time::Duration;

use tracing_subscriber::fmt::MakeWriter;

/// A serving thread hands its lines over once it holds this much.
pub const BATCH_BYTES: usize = 32 * 1024;

/// And at least this often.
pub const FLUSH_EVERY: Duration = Duration::from_millis(50);

#[derive(Default)]
struct Batch {
    /// Set on the threads that batch.
    on: bool,
    lines: Vec<u8>,
    /// Where the lines go: the writer the thread's first line was made with.
    sink: Option<Box<dyn Write>>,
}

thread_local! {
    static BATCH: RefCell<Batch> = RefCell::new(Batch::default());
}

/// From now on, this thread's lines (written through [`Batched`]) are batched.
pub fn batch_this_thread() {
    BATCH.with(|b| b.borrow_mut().on = true);
}

/// Hands this thread's gathered lines to the writer now.
pub fn flush() {
    BATCH.with(|b| {
        let mut b = b.borrow_mut();
        let Batch { lines, sink, .. } = &mut *b;
        if let Some(sink) = sink.as_mut().filter(|_| !lines.is_empty()) {
            // The writer (tracing-appender's) does not fail; a line it did refuse has nowhere
            // else to go.
            let _ = sink.write_all(lines);
        }
        lines.clear();
    });
}

/// Flushes this thread's lines every [`FLUSH_EVERY`], for as long as the task runs (spawn it on
/// the thread's own runtime).
pub async fn flush_periodically() {
    let mut every = tokio::time::interval(FLUSH_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        flush();
    }
}

/// A `MakeWriter` that batches the lines of the threads that [`batch_this_thread`].
#[derive(Debug, Clone)]
pub struct Batched<M>(pub M);

/// The writer [`Batched`] makes for one line.
pub struct BatchWriter<W>(Option<W>);

impl<'a, M> MakeWriter<'a> for Batched<M>
where
    M: MakeWriter<'a>,
    M::Writer: 'static,
{
    type Writer = BatchWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        BatchWriter(Some(self.0.make_writer()))
    }
}

impl<W: Write + 'static> Write for BatchWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let batched = BATCH.with(|b| {
            let mut b = b.borrow_mut();
            if !b.on {
                return false;
            }
            if b.sink.is_none() {
                b.sink = self.0.take().map(|w| Box::new(w) as Box<dyn Write>);
            }
            b.lines.extend_from_slice(buf);
            true
        });
        if !batched {
            return match self.0.as_mut() {
                Some(w) => w.write(buf),
                None => Ok(buf.len()),
            };
        }
        if BATCH.with(|b| b.borrow().lines.len() >= BATCH_BYTES) {
            flush();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.0.as_mut() {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn write_line<'a>(make: &'a impl MakeWriter<'a>, line: &str) {
        make.make_writer().write_all(line.as_bytes()).unwrap();
    }

    #[test]
    fn other_threads_write_through_and_batching_threads_on_flush_or_when_full() {
        let sink = Sink::default();
        let to = sink.clone();
        let make = Batched(move || to.clone());
        let seen = || String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        std::thread::scope(|s| {
            s.spawn(|| write_line(&make, "through\n"));
        });
        assert_eq!(seen(), "through\n");
        std::thread::scope(|s| {
            s.spawn(|| {
                batch_this_thread();
                write_line(&make, "one\n");
                write_line(&make, "two\n");
                assert_eq!(seen(), "through\n", "held until flushed");
                flush();
                assert_eq!(seen(), "through\none\ntwo\n");
                let long = "x".repeat(BATCH_BYTES);
                write_line(&make, &long);
                assert_eq!(seen().len(), "through\none\ntwo\n".len() + BATCH_BYTES, "full");
            });
        });
    }
}
