//! `sidebar-widgets-proxy`: serve (default), `check` a configuration, or mint a `token`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sidebar_widgets_proxy::{auth, config, shared, Config};

// Every call allocates a few dozen small buffers (headers, URL, JSON, the log line) on its
// serving thread; mimalloc's per-thread free lists make that cheaper than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "sidebar-widgets-proxy",
    version,
    about = "Forwards the helpdesk sidebar's API calls with the operator's secrets"
)]
struct Cli {
    /// The configuration file (TOML).
    #[arg(long, global = true, value_name = "FILE", default_value = "proxy.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve (the default).
    Serve {
        /// Listen on this address instead of the configuration's `listen`.
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
        /// Serving threads (default: one per core the process may use).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
        threads: Option<u16>,
    },
    /// Validate the configuration (reads every env: and file: value) and print a summary.
    Check,
    /// Print a signed token for an agent (needs auth.signing_key).
    Token {
        /// The agent id carried by the token (rate limits and logs use it).
        #[arg(long)]
        agent: String,
        /// How long the token lives: 30m, 1h, 2d, ...
        #[arg(long, default_value = "1h")]
        ttl: String,
    },
    /// Revoke an agent's tokens issued until now, or one token, on every instance (needs
    /// [redis]).
    Revoke {
        /// The agent whose tokens are refused (those issued before now).
        #[arg(long, conflicts_with = "token", required_unless_present = "token")]
        agent: Option<String>,
        /// One token to refuse (until it expires).
        #[arg(long)]
        token: Option<String>,
        /// How long an agent's revocation is kept (it must outlive the tokens it refuses).
        #[arg(long, default_value = "366d")]
        keep: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => serve(&cli.config, None, None),
        Some(Command::Serve { listen, threads }) => serve(&cli.config, listen, threads),
        Some(Command::Check) => check(&cli.config),
        Some(Command::Token { agent, ttl }) => token(&cli.config, &agent, &ttl),
        Some(Command::Revoke { agent, token, keep }) => {
            revoke(&cli.config, agent.as_deref(), token.as_deref(), &keep)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn token(path: &std::path::Path, agent: &str, ttl: &str) -> Result<(), String> {
    let ttl = auth::parse_ttl(ttl)?;
    let key = config::load_signing_key(path).map_err(|e| e.to_string())?;
    let now = auth::now_unix();
    let token = auth::mint_issued(&key, agent, now, now.saturating_add(ttl.as_secs()))?;
    println!("{token}");
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))
}

fn revoke(
    path: &std::path::Path,
    agent: Option<&str>,
    token: Option<&str>,
    keep: &str,
) -> Result<(), String> {
    let config = Config::load(path).map_err(|e| problems(path, &e))?;
    let Some(mut settings) = config.redis else {
        return Err("revoke needs a [redis] section: revocations are kept in Redis".into());
    };
    // A command-line tool may wait longer than a call does.
    settings.timeout = settings.timeout.max(std::time::Duration::from_secs(2));
    settings.connect_timeout = settings.connect_timeout.max(std::time::Duration::from_secs(2));
    let keep = auth::parse_ttl(keep)?;
    let now = auth::now_unix();
    runtime()?.block_on(async {
        let shared = shared::Shared::new(settings)?;
        let unavailable = |_| "Redis did not answer: nothing was revoked".to_string();
        match (agent, token) {
            (Some(agent), _) => {
                shared.revoke_agent(agent, now, keep).await.map_err(unavailable)?;
                println!("revoked: tokens of agent {agent} issued until now are refused");
            }
            (None, Some(token)) => {
                // Kept until the token expires (it is refused after that anyway).
                let expiry = token.split('.').rev().nth(1).and_then(|e| e.parse::<u64>().ok());
                let left = expiry.map_or(keep.as_secs(), |e| e.saturating_sub(now).max(1));
                shared
                    .revoke_token(token, std::time::Duration::from_secs(left))
                    .await
                    .map_err(unavailable)?;
                println!("revoked: the token is refused");
            }
            (None, None) => return Err("give --agent ID or --token TOKEN".to_string()),
        }
        Ok(())
    })
}

/// A configuration's problems, one a line, counted when there are several.
fn problems(path: &std::path::Path, e: &config::ConfigError) -> String {
    let lines: Vec<&str> = e.0.lines().collect();
    match lines.as_slice() {
        [one] => one.to_string(),
        many => {
            format!("{} has {} problems:\n  - {}", path.display(), many.len(), many.join("\n  - "))
        }
    }
}

fn check(path: &std::path::Path) -> Result<(), String> {
    let config = Config::load(path).map_err(|e| problems(path, &e))?;
    println!("{}: valid", path.display());
    println!("  listen {}", config.listen);
    println!(
        "  allowed origins: {}",
        if config.allowed_origins.is_empty() {
            "none (server callers only)".into()
        } else {
            config.allowed_origins.join(", ")
        }
    );
    println!(
        "  auth: {} static token(s), signed tokens {}",
        config.auth.static_tokens.len(),
        if config.auth.signing_key.is_some() { "enabled" } else { "disabled" }
    );
    for u in &config.upstreams {
        let methods: Vec<&str> = u.methods.iter().map(|m| m.as_str()).collect();
        println!(
            "  upstream {}: {}{} [{}]{}",
            u.name,
            u.origin_text,
            u.path_prefix,
            methods.join(", "),
            if u.allow_private { " (private addresses allowed)" } else { "" }
        );
        if let Some(q) = &u.quota {
            println!("    quota: {} calls/s, burst {}", q.limit.per_sec, q.limit.burst);
        }
        if let Some(c) = &u.cache {
            println!("    cache: {} s, scope {:?}", c.ttl.as_secs_f64(), c.scope);
        }
    }
    for (name, s) in &config.secrets {
        println!("  secret {name} -> {}", s.upstreams.join(", "));
    }
    if let Some(addr) = config.metrics_listen {
        println!("  metrics: http://{addr}/metrics");
    }
    if let Some(redis) = &config.redis {
        let wait = redis.connect_timeout.max(std::time::Duration::from_secs(2));
        runtime()?.block_on(shared::ping(&redis.url, wait))?;
        println!(
            "  redis: answers (key prefix {}, on_redis_error = {}, {} instance(s))",
            redis.key_prefix,
            redis.on_error.as_str(),
            redis.instances
        );
    }
    for w in &config.warnings {
        println!("  warning: {w}");
    }
    Ok(())
}

fn serve(
    path: &std::path::Path,
    listen: Option<std::net::SocketAddr>,
    threads: Option<u16>,
) -> Result<(), String> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Log lines are written by a thread of their own, in batches (flushed whenever it has caught
    // up), not by each call: a write to stdout per call cost the hop several per cent. None is
    // dropped when it falls behind. Serving threads hand it their lines in batches too
    // (logbatch.rs).
    let (writer, _flush_on_exit) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .finish(std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout()));
    tracing_subscriber::fmt()
        .event_format(sidebar_widgets_proxy::logline::JsonLine)
        .with_env_filter(filter)
        .with_writer(sidebar_widgets_proxy::logbatch::Batched(writer))
        .init();

    let mut config = Config::load(path).map_err(|e| problems(path, &e))?;
    if let Some(listen) = listen {
        config.listen = listen;
    }
    for w in &config.warnings {
        tracing::warn!(warning = %w, "configuration");
    }
    let threads = threads.map_or_else(sidebar_widgets_proxy::workers::default_threads, usize::from);
    let started = |addr: std::net::SocketAddr| {
        tracing::info!(listen = %addr, threads, "sidebar-widgets-proxy listening");
    };
    sidebar_widgets_proxy::workers::serve(
        config,
        threads,
        started,
        sidebar_widgets_proxy::shutdown_signal(),
    )?;
    tracing::info!("stopped");
    Ok(())
}
