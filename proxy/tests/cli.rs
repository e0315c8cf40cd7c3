//! The built binary: `token`, `check`, and serving.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn the_token_command_mints_a_token_the_proxy_accepts() {
    let dir = std::env::temp_dir().join(format!("sidebar-proxy-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (proxy, main, other) = setup("").await;
    let path = dir.join("proxy.toml");
    // the secrets come from the environment: `token` needs only the signing key
    let toml = config("", &main, &other)
        .replace(&format!("value = \"{API_KEY}\""), "value = \"env:SURELY_UNSET_VAR_FOR_TEST\"");
    std::fs::write(&path, toml).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sidebar-widgets-proxy"))
        .args(["token", "--config", path.to_str().unwrap(), "--agent", "agent-cli", "--ttl", "30m"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("v2."));
    let a = call_as(&proxy, &token, get(&main.url("/api/echo"))).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sidebar-widgets-proxy"))
        .args(["token", "--config", path.to_str().unwrap(), "--agent", "a", "--ttl", "1y"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn the_check_command_validates_the_example_config() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/proxy.example.toml");
    let run = |with_env: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_sidebar-widgets-proxy"));
        c.args(["check", "--config", example]);
        for var in [
            "SIDEBAR_PROXY_TOKEN",
            "SIDEBAR_PROXY_SIGNING_KEY",
            "LOOP_API_KEY",
            "MANUEL_CRYPTIC_KEY",
            "COMMENTS_API_KEY",
        ] {
            c.env_remove(var);
            if with_env {
                c.env(var, format!("{var}-value-0123456789abcdef0123456789"));
            }
        }
        c.output().unwrap()
    };
    let ok = run(true);
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{stdout} {}", String::from_utf8_lossy(&ok.stderr));
    assert!(stdout.contains("upstream loop: https://api.loopreturns.com/api/v2/"), "{stdout}");
    assert!(!stdout.contains("-value-0123"), "check printed a secret: {stdout}");
    let missing = run(false);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("environment variable"));
}

/// The built binary serving `toml` on a free 127.0.0.1 port; killed when dropped.
struct Binary {
    child: std::process::Child,
    url: String,
    dir: std::path::PathBuf,
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

async fn start_binary(name: &str, toml: &str) -> Binary {
    let dir = std::env::temp_dir().join(format!("sidebar-proxy-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("proxy.toml");
    std::fs::write(&path, toml).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_sidebar-widgets-proxy"))
        .args(["serve", "--config", path.to_str().unwrap(), "--listen", &listen])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let binary = Binary { child, url: format!("http://{listen}"), dir };
    for _ in 0..200 {
        if let Ok(r) = client().get(format!("{}/healthz", binary.url)).send().await {
            if r.status() == 200 {
                return binary;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the binary did not start");
}

#[tokio::test]
async fn the_binary_never_fills_a_secret_into_a_customer_name() {
    // The seed's "My 2rd action": POST a form user={{ticket.customer.name}} with the header
    // X-Api-Key: {{secret.comments_key}}; the customer is named "{{secret.comments_key}}".
    let comments = start_upstream().await;
    let toml = format!(
        r#"
[auth]
static_tokens = ["{TOKEN}"]
[[upstreams]]
name = "comments"
origin = "{origin}"
path_prefix = "/comments"
methods = ["POST"]
allow_private = true
[secrets.comments_key]
value = "{API_KEY}"
upstreams = ["comments"]
"#,
        origin = comments.origin()
    );
    let binary = start_binary("action", &toml).await;
    let envelope = |user: &str| {
        json!({"method": "POST", "url": comments.url("/comments"),
               "headers": {"X-Api-Key": "{{secret.comments_key}}"},
               "form": {"user": user}, "json": null,
               "content_type": "application/x-www-form-urlencoded",
               "placeholders": {"headers": {"X-Api-Key": ["comments_key"]}}})
    };
    let a = call(&binary.url, envelope("{{secret.comments_key}}")).await;
    assert_eq!(a.status, 400, "{}", a.body);
    assert!(a.error().contains("the form field \"user\""), "{}", a.body);
    assert!(!a.body.contains(API_KEY));
    assert_eq!(comments.hits(), 0);
    // the same action for John Doe goes through, the key in its header only
    let a = call(&binary.url, envelope("John Doe")).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let got = comments.last();
    assert_eq!(got.headers["x-api-key"], API_KEY);
    assert_eq!(got.body, "user=John+Doe");
    for r in comments.received.lock().unwrap().iter() {
        assert!(!r.body.contains("TOPSECRET"), "the upstream got the secret in its body");
    }
}

#[tokio::test]
async fn sigterm_stops_the_binary_within_the_grace_even_with_a_hanging_call() {
    let (main, other) = (start_upstream().await, start_upstream().await);
    let toml = config("shutdown_grace_secs = 0.5\ntimeout_secs = 60", &main, &other);
    let mut binary = start_binary("sigterm", &toml).await;
    let url = binary.url.clone();
    let hang = main.url("/api/hang");
    let hanging = tokio::spawn(async move {
        client()
            .post(format!("{url}/forward"))
            .bearer_auth(TOKEN)
            .body(get(&hang).to_string())
            .send()
            .await
    });
    while main.hits() == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let started = std::time::Instant::now();
    let pid = binary.child.id().to_string();
    let kill = std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(kill.success());
    let status = loop {
        if let Some(status) = binary.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "still running after 5 s");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let took = started.elapsed();
    assert!(status.success(), "{status:?}");
    assert!(took < std::time::Duration::from_secs(3), "{took:?}");
    assert!(hanging.await.unwrap().is_err(), "the hanging call was answered");
}

#[test]
fn the_check_command_reports_every_problem_in_one_run() {
    let dir = std::env::temp_dir().join(format!("sidebar-proxy-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("proxy.toml");
    let toml = r#"
listen = "nowhere"
timeout_secs = -1
idle_timeout_secs = 0
[auth]
static_tokens = ["short"]
[[upstreams]]
name = "a"
origin = "ftp://api.example.com"
[[upstreams]]
name = "b"
origin = "https://b.example.com"
methods = ["TRACE"]
[secrets.k]
value = "env:SURELY_UNSET_VAR_FOR_CHECK_TEST"
upstreams = ["nope"]
"#;
    std::fs::write(&path, toml).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sidebar-widgets-proxy"))
        .args(["check", "--config", path.to_str().unwrap()])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for problem in [
        "listen = \"nowhere\"",
        "timeout_secs must be",
        "idle_timeout_secs must be",
        "static_tokens[0] is shorter",
        "upstream \"a\": origin",
        "upstream \"b\": unknown method \"TRACE\"",
        "secret \"k\": upstreams names \"nope\"",
    ] {
        assert!(stderr.contains(problem), "{problem:?} missing from: {stderr}");
    }
    assert!(stderr.contains("7 problems"), "{stderr}");
}

#[tokio::test]
async fn check_verifies_that_redis_answers() {
    let mut redis = RedisServer::start();
    let main = start_upstream().await;
    let other = start_upstream().await;
    let dir =
        std::env::temp_dir().join(format!("sidebar-proxy-check-redis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("proxy.toml");
    // the URL read like a secret, from the environment
    let section =
        "[redis]\nurl = \"env:SIDEBAR_PROXY_TEST_REDIS_URL\"\non_redis_error = \"closed\"\n";
    std::fs::write(&path, config(section, &main, &other)).unwrap();
    let url = redis.url();
    let check = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_sidebar-widgets-proxy"))
            .args(["check", "--config", path.to_str().unwrap()])
            .env("SIDEBAR_PROXY_TEST_REDIS_URL", &url)
            .output()
            .unwrap()
    };
    let ok = check();
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{stdout} {}", String::from_utf8_lossy(&ok.stderr));
    assert!(
        stdout.contains("redis: answers") && stdout.contains("on_redis_error = closed"),
        "{stdout}"
    );
    redis.kill();
    let down = check();
    assert!(!down.status.success());
    assert!(String::from_utf8_lossy(&down.stderr).contains("Redis did not answer"));
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn the_binary_logs_one_json_line_per_call_and_writes_every_line_before_it_stops() {
    // The serving threads hand their lines over in batches: those of the last calls still go out
    // when SIGTERM stops the binary right after them.
    let (main, other) = (start_upstream().await, start_upstream().await);
    let dir = std::env::temp_dir().join(format!("sidebar-proxy-loglines-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("proxy.toml");
    std::fs::write(&path, config("", &main, &other)).unwrap();
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_sidebar-widgets-proxy"))
        .args(["serve", "--threads", "2", "--config", path.to_str().unwrap()])
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut up = false;
    for _ in 0..200 {
        if client().get(format!("{url}/healthz")).send().await.is_ok_and(|r| r.status() == 200) {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(up, "the binary did not start");
    let token = minted("agent-lines", 60);
    for _ in 0..5 {
        assert_eq!(call_as(&url, &token, get(&main.url("/api/echo"))).await.status, 200);
    }
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap()).await.unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(out.status.success(), "{:?}", out.status);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> =
        stdout.lines().map(|l| serde_json::from_str(l).expect(l)).collect();
    let forwarded = lines
        .iter()
        .filter(|l| l["fields"]["message"] == "forwarded" && l["fields"]["agent"] == "agent-lines")
        .filter(|l| l["level"] == "INFO" && l["target"] == "sidebar_widgets_proxy::access")
        .count();
    assert_eq!(forwarded, 5, "{stdout}");
    assert!(lines.last().is_some_and(|l| l["fields"]["message"] == "stopped"), "{stdout}");
}
