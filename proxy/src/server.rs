//! Serving connections with the timeouts a public server needs, which `axum::serve` lacks:
//!
//! - **header read timeout**: once the first byte of a request has arrived, its request line and
//!   headers must arrive within `header_read_timeout` (a client sending half a request line holds
//!   nothing for long);
//! - **idle timeout**: a connection with no request in flight is closed after `idle_timeout` (a
//!   keep-alive connection waiting for its next request, a client that connects and says nothing,
//!   a client that stops reading an answer);
//! - **shutdown grace**: on shutdown the listener closes, idle connections close, calls in flight
//!   may finish for `shutdown_grace`, and whatever is left is then cut.
//!
//! Each connection is HTTP/1.1 through hyper; a watchdog per connection enforces the first two.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;
use tokio::time::Instant;

/// The connection timeouts (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeouts {
    /// How long a request's line and headers may take to arrive, from its first byte.
    pub header_read: Duration,
    /// How long a connection with no request in flight is kept open.
    pub idle: Duration,
    /// How long calls in flight may finish for once shutdown starts.
    pub shutdown_grace: Duration,
}

struct State {
    in_flight: usize,
    /// When the connection last had no request in flight.
    idle_since: Instant,
    /// When the first byte of the next request arrived, if one has.
    head_started: Option<Instant>,
    /// The deadline the watchdog sleeps until (`None`: it waits for a change).
    watched: Option<Instant>,
}

impl State {
    /// When the connection is to be closed, as things stand.
    fn deadline(&self, timeouts: Timeouts) -> Option<Instant> {
        match (self.in_flight, self.head_started) {
            (0, Some(started)) => Some(started + timeouts.header_read),
            (0, None) => Some(self.idle_since + timeouts.idle),
            _ => None,
        }
    }
}

/// What a connection is doing, shared by its reader, its service and its watchdog.
struct Activity {
    state: Mutex<State>,
    timeouts: Timeouts,
    changed: Notify,
}

impl Activity {
    fn new(timeouts: Timeouts) -> Activity {
        Activity {
            state: Mutex::new(State {
                in_flight: 0,
                idle_since: Instant::now(),
                head_started: None,
                watched: None,
            }),
            timeouts,
            changed: Notify::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock only means a panic elsewhere mid-update; the counters are still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Applies `f`, and wakes the watchdog only if the deadline is now earlier than the one it
    /// sleeps until (a later one it finds when it wakes): one wake-up per request at most,
    /// not one per change.
    fn with(&self, f: impl FnOnce(&mut State)) {
        let mut state = self.lock();
        f(&mut state);
        let wake = match (state.deadline(self.timeouts), state.watched) {
            (Some(deadline), Some(watched)) => deadline < watched,
            (Some(_), None) => true,
            (None, _) => false,
        };
        drop(state);
        if wake {
            self.changed.notify_one();
        }
    }

    fn bytes_read(&self) {
        self.with(|s| {
            if s.in_flight == 0 && s.head_started.is_none() {
                s.head_started = Some(Instant::now());
            }
        });
    }

    fn begin(self: &Arc<Self>) -> InFlight {
        self.with(|s| {
            s.in_flight += 1;
            s.head_started = None;
        });
        InFlight(self.clone())
    }

    /// Completes when the connection has been idle, or reading a request head, for too long.
    async fn expired(&self) {
        loop {
            let deadline = {
                let mut s = self.lock();
                s.watched = s.deadline(self.timeouts);
                s.watched
            };
            match deadline {
                None => self.changed.notified().await,
                Some(deadline) if Instant::now() >= deadline => return,
                Some(deadline) => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(deadline) => {}
                        _ = self.changed.notified() => {}
                    }
                }
            }
        }
    }
}

/// One request in flight on a connection.
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.with(|s| {
            s.in_flight = s.in_flight.saturating_sub(1);
            if s.in_flight == 0 {
                s.idle_since = Instant::now();
                s.head_started = None;
            }
        });
    }
}

/// The TCP stream, telling the connection's [`Activity`] when bytes arrive.
struct Tracked {
    stream: tokio::net::TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.bytes_read();
        }
        result
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// The router as a hyper service that counts the requests in flight on its connection.
#[derive(Clone)]
struct Counted {
    router: TowerToHyperService<Router>,
    activity: Arc<Activity>,
}

type Answer =
    <TowerToHyperService<Router> as hyper::service::Service<hyper::Request<Incoming>>>::Response;
type Failure =
    <TowerToHyperService<Router> as hyper::service::Service<hyper::Request<Incoming>>>::Error;

impl hyper::service::Service<hyper::Request<Incoming>> for Counted {
    type Response = Answer;
    type Error = Failure;
    type Future = Pin<Box<dyn Future<Output = Result<Answer, Failure>> + Send>>;

    fn call(&self, request: hyper::Request<Incoming>) -> Self::Future {
        let in_flight = self.activity.begin();
        let answer = self.router.call(request);
        Box::pin(async move {
            let answer = answer.await;
            drop(in_flight);
            answer
        })
    }
}

async fn connection(
    stream: tokio::net::TcpStream,
    router: Router,
    timeouts: Timeouts,
    mut stopping: watch::Receiver<bool>,
) {
    let activity = Arc::new(Activity::new(timeouts));
    let io = TokioIo::new(Tracked { stream, activity: activity.clone() });
    let service = Counted { router: TowerToHyperService::new(router), activity: activity.clone() };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.keep_alive(true).header_read_timeout(None);
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    let expired = activity.expired();
    tokio::pin!(expired);
    let mut draining = false;
    loop {
        tokio::select! {
            _ = conn.as_mut() => return,
            // Dropping the connection closes it.
            _ = &mut expired => return,
            changed = stopping.changed(), if !draining => {
                draining = true;
                if changed.is_ok() {
                    // Closes the connection once the request in flight, if any, is answered.
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// Serves `router` on `listener` with `timeouts` until `shutdown` completes, then drains (see the
/// module's documentation).
pub async fn serve<F>(
    listener: TcpListener,
    router: Router,
    timeouts: Timeouts,
    shutdown: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(connection(stream, router.clone(), timeouts, stopping.clone()));
                }
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    let _ = stop.send(true);
    let open = connections.len();
    tracing::info!(connections = open, "shutting down: calls in flight may finish");
    let drained = tokio::time::timeout(timeouts.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            connections = connections.len(),
            grace_secs = timeouts.shutdown_grace.as_secs_f64(),
            "shutdown grace over: cutting the calls still in flight"
        );
        connections.shutdown().await;
    }
    Ok(())
}
