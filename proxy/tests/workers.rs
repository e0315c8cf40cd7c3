//! The server binary's serving threads (one runtime per core, a listening socket each on one
//! address): calls on any thread are answered, the state (here the per-agent limit) is one for
//! all threads, and shutdown stops every thread.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::*;
use sidebar_widgets_proxy::Config;

/// Serves `toml` on `threads` serving threads of their own; returns the proxy's URL, the thread
/// running [`sidebar_widgets_proxy::workers::serve`] and the sender that stops it.
fn start_threads(
    toml: &str,
    threads: usize,
) -> (String, std::thread::JoinHandle<Result<(), String>>, tokio::sync::oneshot::Sender<()>) {
    let mut config = Config::from_toml_str(toml, None).unwrap();
    config.listen = "127.0.0.1:0".parse().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (tell, told) = std::sync::mpsc::channel();
    let serving = std::thread::spawn(move || {
        let started = move |addr| tell.send(addr).unwrap();
        sidebar_widgets_proxy::workers::serve(config, threads, started, async move {
            let _ = stopped.await;
        })
    });
    let addr: std::net::SocketAddr = told.recv_timeout(Duration::from_secs(10)).unwrap();
    (format!("http://{addr}"), serving, stop)
}

#[tokio::test]
async fn three_serving_threads_answer_every_connection_and_share_one_agent_limit() {
    let main = start_upstream().await;
    let other = start_upstream().await;
    let (proxy, serving, stop) =
        start_threads(&config("rate_limit_per_minute = 6", &main, &other), 3);
    let token = minted("agent-threads", 60);
    // Each call on a new connection, so the kernel spreads them over the three sockets.
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(call_as(&proxy, &token, get(&main.url("/api/echo"))).await.status);
    }
    let allowed = statuses.iter().filter(|s| **s == 200).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((allowed, limited), (6, 6), "{statuses:?}");
    assert_eq!(main.hits(), 6, "one limit for all threads");

    stop.send(()).unwrap();
    let stopped = tokio::task::spawn_blocking(move || serving.join().unwrap()).await.unwrap();
    assert_eq!(stopped, Ok(()));
    assert!(client().get(format!("{proxy}/healthz")).send().await.is_err(), "still listening");
}
