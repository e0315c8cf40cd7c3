//! The built binary: `token`, `check`, and serving.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

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
    assert!(token.starts_with("v1."));
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
