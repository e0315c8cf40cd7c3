//! The server binary's way of serving: one single-threaded tokio runtime per core, as nginx runs
//! one worker process per core. Each serving thread has its own listening socket on the same
//! address (`SO_REUSEPORT`: the kernel spreads new connections among them), serves the
//! connections it accepts and drives its own pooled upstream connections ([`crate::router`]
//! gives each thread its own clients), so a call runs on one thread from the caller's request to
//! the upstream's answer and back, waking no other thread. The limits, the cache, Redis and the
//! tokens are one state shared by every thread; each thread batches its log lines
//! ([`logbatch`]). A control thread serves the metrics, probes Redis and waits for the shutdown
//! signal.
//!
//! (A multi-threaded runtime moves a call between threads: the upstream connection's task, the
//! handler and the client connection wake each other across threads, each wake-up a futex call
//! and a context switch.)

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use socket2::{Domain, Protocol, Socket, Type};
use tokio::sync::watch;

use crate::config::Config;
use crate::logbatch;
use crate::server::{self, Timeouts};
use crate::state::AppState;

/// Connections waiting to be accepted, per listening socket.
const BACKLOG: i32 = 1024;

/// A listening socket on `addr` that other threads of this process may listen on too.
fn listener(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    // Only sockets of the same user may share the port (Linux's rule for SO_REUSEPORT).
    #[cfg(unix)]
    socket.set_reuse_port(true)?;
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    socket.listen(BACKLOG)?;
    Ok(socket.into())
}

/// How many serving threads: one per core the process may use.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// One serving thread: its runtime, its listener and its router, until `stop` says so.
fn serving_thread(
    index: usize,
    socket: std::net::TcpListener,
    state: Arc<AppState>,
    timeouts: Timeouts,
    mut stop: watch::Receiver<bool>,
) -> std::io::Result<std::thread::JoinHandle<std::io::Result<()>>> {
    std::thread::Builder::new().name(format!("proxy-serve-{index}")).spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        runtime.block_on(async move {
            logbatch::batch_this_thread();
            let flusher = tokio::spawn(logbatch::flush_periodically());
            let listener = tokio::net::TcpListener::from_std(socket)?;
            let router = crate::router(&state);
            let served = server::serve(listener, router, timeouts, async move {
                let _ = stop.wait_for(|s| *s).await;
            })
            .await;
            flusher.abort();
            logbatch::flush();
            served
        })
    })
}

/// Serves `config` on `threads` serving threads (at least one) until `shutdown` completes, then
/// lets each thread drain its calls (see [`server`]). `started` is told the address listened on.
pub fn serve<F>(
    config: Config,
    threads: usize,
    started: impl FnOnce(SocketAddr),
    shutdown: F,
) -> Result<(), String>
where
    F: Future<Output = ()> + Send + 'static,
{
    let timeouts = config.connections;
    let metrics_listen = config.metrics_listen;
    let wanted = config.listen;
    let state = crate::state(config).map_err(|e| e.to_string())?;
    let first = listener(wanted).map_err(|e| format!("cannot listen on {wanted}: {e}"))?;
    // With port 0 the first socket's port is the one the others share.
    let addr = first.local_addr().map_err(|e| e.to_string())?;
    let mut sockets = vec![first];
    for _ in 1..threads.max(1) {
        sockets.push(listener(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?);
    }

    let control = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let (stop, stopping) = watch::channel(false);
    let handles = control.block_on(async {
        let metrics = match metrics_listen {
            Some(at) => Some(crate::bind_metrics(at).await.map_err(|e| e.to_string())?),
            None => None,
        };
        let mut handles = Vec::new();
        for (index, socket) in sockets.into_iter().enumerate() {
            let handle = serving_thread(index, socket, state.clone(), timeouts, stopping.clone())
                .map_err(|e| format!("cannot start a serving thread: {e}"))?;
            handles.push(handle);
        }
        started(addr);
        crate::probe_redis(&state);
        if let Some(metrics) = metrics {
            tokio::spawn(crate::serve_metrics(metrics, timeouts, stopping.clone()));
        }
        shutdown.await;
        let _ = stop.send(true);
        Ok::<_, String>(handles)
    })?;
    let mut failed = None;
    for handle in handles {
        match handle.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failed = failed.or(Some(format!("server error: {e}"))),
            Err(_) => failed = failed.or(Some("a serving thread stopped abnormally".into())),
        }
    }
    failed.map_or(Ok(()), Err)
}
