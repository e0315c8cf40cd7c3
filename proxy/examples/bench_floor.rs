//! The floor under the proxy's hop, for `scripts/bench-proxy.sh`: the same stack as the proxy
//! (hyper's HTTP/1 server, hyper-util's pooled client, one current-thread tokio runtime per core
//! with a `SO_REUSEPORT` socket each, mimalloc) doing only what nginx does in the benchmark:
//! each request is passed to the upstream with one header added, and its answer passed back.
//! No envelope, token, allowlist, secrets, redaction, limits, log or axum: what this costs per
//! call is what the stack costs; the proxy's own work is the difference.
//!
//!     cargo run --release -p sidebar-widgets-proxy --example bench_floor -- LISTEN UPSTREAM
//!     (for example 127.0.0.1:8790 127.0.0.1:8791)

use std::convert::Infallible;
use std::net::SocketAddr;

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use socket2::{Domain, Protocol, Socket, Type};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Upstream = Client<HttpConnector, Full<Bytes>>;

async fn pass(
    client: Upstream,
    upstream: SocketAddr,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let failed = || {
        let mut answer = Response::new(Full::new(Bytes::from_static(b"upstream failed")));
        *answer.status_mut() = hyper::StatusCode::BAD_GATEWAY;
        answer
    };
    let (parts, body) = request.into_parts();
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let Ok(uri) = format!("http://{upstream}{path}").parse::<hyper::Uri>() else {
        return Ok(failed());
    };
    let Ok(body) = body.collect().await.map(|b| b.to_bytes()) else { return Ok(failed()) };
    let mut onward = Request::new(Full::new(body));
    *onward.method_mut() = parts.method;
    *onward.uri_mut() = uri;
    *onward.headers_mut() = parts.headers;
    onward.headers_mut().remove(hyper::header::HOST);
    onward.headers_mut().insert("x-api-key", hyper::header::HeaderValue::from_static("floor"));
    let Ok(answer) = client.request(onward).await else { return Ok(failed()) };
    let (parts, body) = answer.into_parts();
    let Ok(body) = body.collect().await.map(|b| b.to_bytes()) else { return Ok(failed()) };
    Ok(Response::from_parts(parts, Full::new(body)))
}

fn listener(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    socket.set_reuse_port(true)?;
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}

fn serve(socket: std::net::TcpListener, upstream: SocketAddr) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(socket)?;
        let mut http = HttpConnector::new();
        http.set_nodelay(true);
        let client: Upstream = Client::builder(TokioExecutor::new()).build(http);
        loop {
            let (stream, _) = listener.accept().await?;
            let _ = stream.set_nodelay(true);
            let client = client.clone();
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(move |r| pass(client.clone(), upstream, r));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<SocketAddr>());
    let (Some(Ok(listen)), Some(Ok(upstream))) = (args.next(), args.next()) else {
        eprintln!("usage: bench_floor LISTEN UPSTREAM (two addresses)");
        return std::process::ExitCode::FAILURE;
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut serving = Vec::new();
    for _ in 0..threads {
        match listener(listen) {
            Ok(socket) => serving.push(std::thread::spawn(move || serve(socket, upstream))),
            Err(e) => {
                eprintln!("error: cannot listen on {listen}: {e}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    for thread in serving {
        if let Ok(Err(e)) = thread.join() {
            eprintln!("error: {e}");
        }
    }
    std::process::ExitCode::FAILURE
}
