//! The key a rate limit counts a client under: its IPv4 address, or its IPv6 /64.
//!
//! One IPv6 subscriber usually holds a whole /64 and can pick any address in it, so limits
//! keyed per IPv6 address would be no limit at all. The key is only ever a limiter's key,
//! never stored.

use std::net::IpAddr;

/// The rate-limit key for the client at `address` (as `CF-Connecting-IP` gives it):
/// `203.0.113.7`, or `2001:db8:1:2::/64` for every address of that /64. Anything that is
/// not an address is kept as it is, so it still counts against itself.
pub fn limiter_key(address: &str) -> String {
    match address.trim().parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Err(_) => address.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_address_of_one_ipv6_64_shares_a_key() {
        let a = limiter_key("2001:db8:1:2::1");
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(a, limiter_key("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"));
        assert_ne!(a, limiter_key("2001:db8:1:3::1"));
    }

    #[test]
    fn ipv4_addresses_count_alone() {
        assert_eq!(limiter_key("203.0.113.7"), "203.0.113.7");
        assert_ne!(limiter_key("203.0.113.7"), limiter_key("203.0.113.8"));
        assert_eq!(limiter_key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(limiter_key("unknown"), "unknown");
    }
}
