//! Which addresses the proxy may connect to. Loopback, private (RFC 1918, ULA), link-local,
//! CGNAT, unspecified, multicast and reserved addresses are refused unless the upstream has
//! `allow_private = true`. The check runs on the addresses actually connected to: IP-literal
//! hosts are checked before the call, and host names go through a guarded [`Resolver`], which
//! drops refused addresses from what DNS answered, so a name that later re-resolves to a private
//! address (DNS rebinding) is refused at connection time too.

use std::error::Error as StdError;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::task::{Context, Poll};

use hyper_util::client::legacy::connect::dns::Name;

/// Why the proxy will not connect to `ip` without `allow_private`, if it will not.
pub fn refused_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => v6_reason(v6),
    }
}

fn v4_reason(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    match (a, b, c) {
        (0, _, _) => Some("unspecified"),
        (127, _, _) => Some("loopback"),
        (10, _, _) | (192, 168, _) => Some("private"),
        (172, b, _) if (b & 0xf0) == 16 => Some("private"),
        (169, 254, _) => Some("link-local"),
        (100, b, _) if (b & 0xc0) == 64 => Some("shared address space (CGNAT)"),
        (192, 0, 0) => Some("reserved"),
        (198, b, _) if (b & 0xfe) == 18 => Some("reserved"),
        (224..=239, _, _) => Some("multicast"),
        (240..=255, _, _) => Some("reserved"),
        _ => None,
    }
}

fn v6_reason(ip: Ipv6Addr) -> Option<&'static str> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_reason(v4);
    }
    let s = ip.segments();
    let embedded =
        |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    if s[..6].iter().all(|&x| x == 0) {
        // IPv4-compatible (deprecated) ::a.b.c.d
        return v4_reason(embedded(s[6], s[7])).or(Some("reserved"));
    }
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6].iter().all(|&x| x == 0) {
        // NAT64 64:ff9b::/96
        return v4_reason(embedded(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        // 6to4 2002::/16
        return v4_reason(embedded(s[1], s[2]));
    }
    if (s[0] & 0xfe00) == 0xfc00 {
        return Some("private (unique local)");
    }
    if (s[0] & 0xffc0) == 0xfe80 {
        return Some("link-local");
    }
    if (s[0] & 0xffc0) == 0xfec0 {
        return Some("private (site-local)");
    }
    if (s[0] & 0xff00) == 0xff00 {
        return Some("multicast");
    }
    None
}

/// A host whose addresses are all refused.
#[derive(Debug)]
pub struct RefusedAddress {
    /// The host name that was resolved.
    pub host: String,
    /// One of its refused addresses.
    pub ip: IpAddr,
    /// What kind of address `ip` is (`loopback`, `private`, `link-local`, ...).
    pub reason: &'static str,
}

impl RefusedAddress {
    /// The sentence for the 403 answer.
    pub fn message(&self) -> String {
        format!(
            "{} resolves to {} ({} address); the proxy does not call such addresses unless the upstream has allow_private = true",
            self.host, self.ip, self.reason
        )
    }
}

impl std::fmt::Display for RefusedAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl StdError for RefusedAddress {}

/// Finds a [`RefusedAddress`] in an error's source chain.
pub fn find_refused<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a RefusedAddress> {
    let mut current: Option<&'a (dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(r) = e.downcast_ref::<RefusedAddress>() {
            return Some(r);
        }
        current = e.source();
    }
    None
}

/// What resolving a host gives: its addresses, or why there are none.
pub type Resolved = Result<std::vec::IntoIter<SocketAddr>, Box<dyn StdError + Send + Sync>>;

/// The upstream client's DNS resolver: the system's (`getaddrinfo`, on tokio's blocking pool);
/// when guarded, it keeps only the addresses [`refused_reason`] allows, and fails with
/// [`RefusedAddress`] when none is left.
#[derive(Debug, Clone, Copy)]
pub struct Resolver {
    guarded: bool,
}

impl Resolver {
    /// A resolver that refuses private addresses if `guarded`.
    pub fn new(guarded: bool) -> Resolver {
        Resolver { guarded }
    }
}

async fn resolve(host: String, guarded: bool) -> Resolved {
    let resolved = tokio::net::lookup_host((host.as_str(), 0)).await?;
    let mut allowed: Vec<SocketAddr> = Vec::new();
    let mut refused = None;
    for addr in resolved {
        match refused_reason(addr.ip()).filter(|_| guarded) {
            Some(reason) => refused = Some((addr.ip(), reason)),
            None => allowed.push(addr),
        }
    }
    if allowed.is_empty() {
        return Err(match refused {
            Some((ip, reason)) => Box::new(RefusedAddress { host, ip, reason }),
            None => format!("{host} has no address").into(),
        });
    }
    Ok(allowed.into_iter())
}

impl tower_service::Service<Name> for Resolver {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = Box<dyn StdError + Send + Sync>;
    type Future = Pin<Box<dyn Future<Output = Resolved> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        Box::pin(resolve(name.as_str().to_string(), self.guarded))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn r(s: &str) -> Option<&'static str> {
        refused_reason(s.parse().unwrap())
    }

    #[test]
    fn classifies() {
        for bad in [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "ff02::1",
            "::127.0.0.1",
        ] {
            assert!(r(bad).is_some(), "{bad} should be refused");
        }
        for good in [
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "1.1.1.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "172.15.0.1",
        ] {
            assert!(r(good).is_none(), "{good} should be allowed");
        }
    }
}
