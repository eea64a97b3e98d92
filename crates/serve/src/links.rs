//! URLs. Every object's page is its resource's prefix followed by its
//! identifier, whose `/`-separated parts become path segments:
//!
//! | object | identifier parts | page | API object |
//! |---|---|---|---|
//! | authority | 1 | `/authorities/{authority}` | `/api/v1/authorities/{authority}` |
//! | committee | 2 | `/committees/{authority}/{committee}` | `/api/v1/committees/…` |
//! | person | 2 | `/people/{authority}/{person}` | `/api/v1/people/…` |
//! | meeting | 3 | `/meetings/{authority}/{committee}/{date}` | `/api/v1/meetings/…` |
//! | item | 4 | `/items/{authority}/{committee}/{date}/{item}` | `/api/v1/items/…` |
//! | action | 5 | `/actions/{authority}/{committee}/{date}/{item}/{action}` | `/api/v1/actions/…` |
//!
//! Identifiers are slugs (`a-z`, `0-9`, `-`, `_`, `~`), so they never need
//! escaping; each segment is percent-encoded anyway, so a stored identifier
//! can never break out of its URL.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// The API's path prefix.
pub const API: &str = "/api/v1";

/// A kind of object with pages and API objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// A council.
    Authority,
    /// A committee.
    Committee,
    /// A person.
    Person,
    /// A meeting.
    Meeting,
    /// An agenda item.
    Item,
    /// A tracked action.
    Action,
}

impl Resource {
    /// The path prefix of its pages.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Authority => "/authorities",
            Self::Committee => "/committees",
            Self::Person => "/people",
            Self::Meeting => "/meetings",
            Self::Item => "/items",
            Self::Action => "/actions",
        }
    }
}

/// Characters left as they are in a path segment (RFC 3986 unreserved).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `prefix/part/part/…` for an identifier.
fn under(prefix: &str, id: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + id.len() + 1);
    out.push_str(prefix);
    for part in id.split('/') {
        out.push('/');
        out.extend(utf8_percent_encode(part, SEGMENT));
    }
    out
}

/// The page of an object.
pub fn page(r: Resource, id: &str) -> String {
    under(r.prefix(), id)
}

/// The API object of an object (a path; see [`absolute`]).
pub fn api(r: Resource, id: &str) -> String {
    under(&format!("{API}{}", r.prefix()), id)
}

/// A file under an object's page (`…/meetings.atom`).
pub fn file(r: Resource, id: &str, name: &str) -> String {
    format!("{}/{name}", page(r, id))
}

/// `path` on the configured public base URL.
pub fn absolute(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

/// Percent-encodes a query-string value.
pub fn query_value(v: &str) -> String {
    utf8_percent_encode(v, SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_become_path_segments() {
        let id = "westford-county-council/audit-committee/2024-06-13/5~2";
        assert_eq!(
            page(Resource::Item, id),
            "/items/westford-county-council/audit-committee/2024-06-13/5~2"
        );
        assert_eq!(api(Resource::Meeting, "a/b/c"), "/api/v1/meetings/a/b/c");
        assert_eq!(
            page(Resource::Person, "a/<x> \"y\""),
            "/people/a/%3Cx%3E%20%22y%22"
        );
        assert_eq!(
            file(Resource::Committee, "a/b", "meetings.atom"),
            "/committees/a/b/meetings.atom"
        );
        assert_eq!(absolute("http://h:1/", "/x"), "http://h:1/x");
        assert_eq!(
            query_value("2024-01-01T00:00:00.000Z~a/b"),
            "2024-01-01T00%3A00%3A00.000Z~a%2Fb"
        );
    }
}
