//! A fast local upstream for `scripts/bench-proxy.sh`: answers every request with a small JSON
//! body (and whether the `X-Api-Key` header arrived). Prints its address on its first line.
//!
//!     cargo run --release -p sidebar-widgets-proxy --example bench_upstream -- 127.0.0.1:0

use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::Router;

async fn answer(request: Request) -> Response {
    let ok = request.headers().contains_key("x-api-key");
    let body = if ok {
        r#"{"ok":true,"returns":[{"id":1,"state":"open","total":"42.00"}]}"#
    } else {
        r#"{"ok":false}"#
    };
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

fn main() -> std::process::ExitCode {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:0".to_string());
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&addr).await?;
        println!("{}", listener.local_addr()?);
        axum::serve(listener, Router::new().fallback(answer)).await
    });
    match served {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
