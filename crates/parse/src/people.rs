//! People and lists of people, as minutes print them.
//!
//! "Councillors A Adeyemo (Councillor K Thomas - substitute), K Blunt and
//! co-opted Member Mr B Hall", "Ms. Joan McCarthy, Archdiocese
//! Representative", "Councillor Doyle – Cabinet Member – Children's Social
//! Care": a plural honorific carries over to the names after it, a
//! parenthesis says who substituted or who chaired, and words that are not
//! a name describe the person before them.

use crate::norm::Norm;
use minutebook_record::{Person, Role};
use regex::Regex;
use std::sync::LazyLock;

static HONORIFIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:(?:the\s+)?(?:(?:county|borough|town|city|district|parish)\s+)?(?:councillors?|cllrs?)|mr|mrs|ms|miss|mx|dr|prof|professor|rev|reverend|sir|dame|lord|lady|baroness|alderman|alderwoman|aldermen)\.?(?:\s+|$)")
        .expect("static regex")
});
static CO_OPTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^co-?opted\s+(?:members?|representatives?)\s+").expect("static regex")
});
const PARTICLES: &[&str] = &[
    "al", "ap", "bin", "da", "de", "den", "der", "di", "du", "la", "le", "st", "st.", "van", "von",
];
const POST_NOMINALS: &[&str] = &[
    "MBE", "OBE", "CBE", "JP", "DL", "KC", "QC", "BEM", "MP", "KBE", "DBE",
];
/// Words that make a phrase a description, not a name (sorted, for a
/// binary search).
const NOT_NAME_WORDS: &[&str] = &[
    "absence",
    "academy",
    "access",
    "adult",
    "adviser",
    "advisor",
    "all",
    "also",
    "and",
    "any",
    "apologies",
    "apology",
    "archdiocese",
    "as",
    "assistant",
    "at",
    "attended",
    "authority",
    "board",
    "business",
    "by",
    "cabinet",
    "care",
    "chair",
    "chairman",
    "chairperson",
    "chairs",
    "chief",
    "children",
    "children's",
    "clerk",
    "college",
    "commissioner",
    "committee",
    "communities",
    "community",
    "council",
    "councillor",
    "declared",
    "democratic",
    "deputy",
    "diocese",
    "director",
    "early",
    "education",
    "england",
    "environment",
    "executive",
    "finance",
    "for",
    "forum",
    "from",
    "governor",
    "group",
    "had",
    "has",
    "head",
    "health",
    "healthwatch",
    "highways",
    "holder",
    "housing",
    "improvement",
    "in",
    "inclusion",
    "independent",
    "interest",
    "item",
    "items",
    "lead",
    "leader",
    "learning",
    "legal",
    "maintained",
    "manager",
    "mayor",
    "meeting",
    "member",
    "members",
    "minutes",
    "nhs",
    "no",
    "none",
    "observer",
    "of",
    "officer",
    "officers",
    "on",
    "operations",
    "other",
    "panel",
    "partnership",
    "planning",
    "police",
    "policy",
    "portfolio",
    "present",
    "primary",
    "principal",
    "programme",
    "project",
    "public",
    "representative",
    "resources",
    "review",
    "safeguarding",
    "school",
    "schools",
    "scrutiny",
    "secondary",
    "service",
    "services",
    "social",
    "solicitor",
    "special",
    "strategy",
    "substitute",
    "support",
    "team",
    "the",
    "to",
    "transport",
    "treasurer",
    "trust",
    "unit",
    "university",
    "vice-chair",
    "was",
    "were",
    "with",
    "worker",
    "years",
];

/// A person found in text, with where they were named.
#[derive(Debug, Clone)]
pub struct Found {
    /// The person.
    pub person: Person,
    /// Who substituted for this person (from "(X - substitute)").
    pub substituted_by: Option<Person>,
}

/// Split an honorific off the front of `text`: ("Councillor Dr", "Danny Burns").
pub fn split_honorific(text: &str) -> (Option<String>, &str) {
    let mut rest = text.trim();
    let mut parts: Vec<String> = Vec::new();
    while let Some(m) = HONORIFIC.find(rest) {
        let word = m.as_str().trim().trim_end_matches('.');
        if m.end() == rest.len() {
            break;
        }
        parts.push(normalise_honorific(word));
        rest = rest[m.end()..].trim_start();
    }
    let honorific = (!parts.is_empty()).then(|| parts.join(" "));
    (honorific, rest)
}

fn normalise_honorific(word: &str) -> String {
    let lower = word.to_lowercase();
    let lower = lower.trim_start_matches("the ").to_owned();
    let mapped = match lower.as_str() {
        "councillors" | "councillor" | "cllr" | "cllrs" => "Councillor",
        "county councillors" | "county councillor" => "County Councillor",
        "mr" => "Mr",
        "mrs" => "Mrs",
        "ms" => "Ms",
        "miss" => "Miss",
        "mx" => "Mx",
        "dr" => "Dr",
        "prof" | "professor" => "Professor",
        "rev" | "reverend" => "Reverend",
        "aldermen" | "alderman" => "Alderman",
        _ => return capitalise_words(&lower),
    };
    mapped.to_owned()
}

fn capitalise_words(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` (without honorific) reads as a person's name:
/// "June Burns", "M. Byrne", "J.W. Thomas", "Lloyd-Johnson", "Jawaid MBE".
pub fn is_name(text: &str) -> bool {
    let words = text.split_whitespace().count();
    if words == 0 || words > 5 {
        return false;
    }
    let mut real = 0;
    for w in text.split_whitespace() {
        let bare = w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '"'));
        if bare.is_empty() {
            return false;
        }
        if POST_NOMINALS.contains(&bare) || real > 0 && listed(PARTICLES, bare) {
            continue;
        }
        if listed(NOT_NAME_WORDS, bare) {
            return false;
        }
        let first = bare.chars().next().unwrap_or(' ');
        if !first.is_uppercase() || bare.chars().any(|c| c.is_ascii_digit()) {
            return false;
        }
        real += 1;
    }
    real > 0
}

/// Whether `word`, in small letters, is in `list` (sorted, lower-case ASCII).
fn listed(list: &[&str], word: &str) -> bool {
    if !word.is_ascii() {
        return list.binary_search(&word.to_lowercase().as_str()).is_ok();
    }
    list.binary_search_by(|probe| {
        probe
            .bytes()
            .cmp(word.bytes().map(|b| b.to_ascii_lowercase()))
    })
    .is_ok()
}

/// Trailing capitals that are not part of a name ("Michele Chilcott WASSH"),
/// known post-nominals kept.
fn strip_trailing_acronym(name: &str) -> &str {
    let Some((head, last)) = name.rsplit_once(' ') else {
        return name;
    };
    let letters = last.chars().filter(|c| c.is_alphabetic()).count();
    let caps = last.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
    if caps
        && letters >= 3
        && !POST_NOMINALS.contains(&last)
        && !last.contains('.')
        && is_name(head)
    {
        head
    } else {
        name
    }
}

/// A person from "Mr. M. Byrne" (with `inherited` honorific where none is
/// printed). `None` if it is not a name.
pub fn person(text: &Norm, inherited: Option<&str>) -> Option<Person> {
    let raw = text.text.trim().trim_end_matches(['.', ',', ';', ':']);
    let (co_opted, raw) = match CO_OPTED.find(raw) {
        Some(m) => (true, &raw[m.end()..]),
        None => (false, raw),
    };
    let (honorific, rest) = split_honorific(raw);
    let name = strip_trailing_acronym(rest.trim());
    if !is_name(name) {
        return None;
    }
    let offset = text.text.find(name).unwrap_or(0);
    let mut p = Person::named(name);
    p.honorific = honorific.or_else(|| inherited.map(str::to_owned));
    p.span = text.span_of(offset, offset + name.len());
    if co_opted {
        p.role = Some(Role::CoOpted);
    }
    Some(p)
}

/// One entry of a list: its text without the parenthesis, the
/// parenthesis, and where the entry lies in the list's text.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The entry without its parenthesis.
    pub name: Norm,
    /// What the parenthesis said.
    pub paren: Option<Norm>,
    /// Byte range of the entry in the list text.
    pub range: (usize, usize),
}

/// Split a list of people ("A, B (x), C and D") into entries.
pub fn split_list(text: &Norm) -> Vec<Entry> {
    let t = &text.text;
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut paren: Option<(usize, usize)> = None;
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => {
                if depth == 0 {
                    paren = Some((i, i));
                }
                depth += 1;
            }
            b')' => {
                depth -= 1;
                if depth == 0
                    && let Some((a, _)) = paren
                {
                    paren = Some((a, i + 1));
                }
            }
            _ => {}
        }
        if depth == 0 {
            let sep = separator_at(t, i);
            if sep > 0 {
                out.push(entry(text, start, i, paren.take()));
                start = i + sep;
                i = start;
                continue;
            }
        }
        i += 1;
    }
    out.push(entry(text, start, t.len(), paren.take()));
    out.into_iter().filter(|e| !e.name.is_empty()).collect()
}

fn separator_at(t: &str, i: usize) -> usize {
    let Some(rest) = t.get(i..) else { return 0 };
    for sep in [", and ", ",and ", " and ", " & ", ", ", "; ", ","] {
        if rest.starts_with(sep) {
            return sep.len();
        }
    }
    0
}

fn entry(text: &Norm, start: usize, end: usize, paren: Option<(usize, usize)>) -> Entry {
    match paren {
        Some((a, b)) if a >= start && b <= end => {
            let mut name = text.slice(start, a);
            let after = text.slice(b, end);
            if !after.is_empty() {
                name.push_spaced(&after);
            }
            Entry {
                name,
                paren: Some(text.slice(a + 1, b.saturating_sub(1))),
                range: (start, end),
            }
        }
        _ => Entry {
            name: text.slice(start, end),
            paren: None,
            range: (start, end),
        },
    }
}

/// Read a list of people. Entries that are not names describe the person
/// before them ("Ms B Reilly, NHS England"), in the list's own words.
pub fn people(text: &Norm) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut inherited: Option<String> = None;
    let mut description: Option<(usize, usize)> = None;
    for e in split_list(text) {
        let (h, _) = split_honorific(&e.name.text);
        if let Some(h) = &h {
            let plural = e.name.text.to_lowercase().starts_with(&plural_of(h));
            inherited = plural.then(|| h.clone());
        }
        // "…, Strategy and Growth": a lone word inside a description is more
        // of the description, not a surname.
        let lone_word = h.is_none() && inherited.is_none() && !e.name.text.contains(' ');
        let found = if lone_word && description.is_some() {
            None
        } else {
            person(&e.name, inherited.as_deref())
        };
        match found {
            Some(mut p) => {
                close_description(text, &mut out, description.take());
                let mut substituted_by = None;
                if let Some(par) = &e.paren {
                    read_parenthesis(par, &mut p, &mut substituted_by);
                }
                out.push(Found {
                    person: p,
                    substituted_by,
                });
            }
            None if !out.is_empty() => {
                description = Some(description.map_or(e.range, |(a, _)| (a, e.range.1)));
            }
            None => {}
        }
    }
    close_description(text, &mut out, description);
    out
}

fn close_description(text: &Norm, out: &mut [Found], range: Option<(usize, usize)>) {
    if let (Some((a, b)), Some(last)) = (range, out.last_mut()) {
        append_description(&mut last.person, &text.slice(a, b).text);
    }
}

fn plural_of(h: &str) -> String {
    match h {
        "Councillor" => "councillors".to_owned(),
        "County Councillor" => "county councillors".to_owned(),
        "Alderman" => "aldermen".to_owned(),
        other => format!("{}s ", other.to_lowercase()),
    }
}

fn append_description(p: &mut Person, desc: &str) {
    let desc = desc.trim().trim_start_matches(['–', '-', '—']).trim();
    if desc.is_empty() {
        return;
    }
    p.description = Some(match p.description.take() {
        Some(d) => format!("{d}, {desc}"),
        None => desc.to_owned(),
    });
}

static SUB_IN_PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:substitute[:\s]+(?P<a>.+)|(?P<b>.+?)\s*(?:[-–—,]\s*substitute|attended as (?:a )?substitute|as substitute|attended in (?:his|her|their) absence|substituting))$")
        .expect("static regex")
});

/// "(in the Chair)", "(Vice-Chair)", "(Councillor K Thomas - substitute)",
/// "(substitute for Dawn Payne)", "(Healthwatch Representative)".
fn read_parenthesis(par: &Norm, p: &mut Person, substituted_by: &mut Option<Person>) {
    let lower = par.text.to_lowercase();
    if lower.contains("vice") && lower.contains("chair") {
        p.role = Some(Role::ViceChair);
        return;
    }
    if lower.contains("chair") && !lower.contains("substitut") {
        p.role = Some(Role::Chair);
        return;
    }
    if let Some(rest) = lower
        .strip_prefix("substitute for ")
        .or_else(|| lower.strip_prefix("substituting for "))
    {
        let at = par.text.len() - rest.len();
        p.role = Some(Role::Substitute);
        p.substitute_for = person(&par.slice(at, par.text.len()), None).map(|x| x.name);
        return;
    }
    if let Some(c) = SUB_IN_PAREN.captures(&par.text)
        && let Some(m) = c.name("a").or_else(|| c.name("b"))
    {
        let who = par.slice(m.start(), m.end());
        let who = who.slice(0, who.text.find(',').unwrap_or(who.text.len()));
        if let Some(mut s) = person(&who, None) {
            s.role = Some(Role::Substitute);
            s.substitute_for = Some(p.name.clone());
            *substituted_by = Some(s);
        }
        return;
    }
    let ignorable =
        lower.starts_with("due to") || lower.starts_with("until") || lower.starts_with("from ");
    if !ignorable {
        append_description(p, &par.text);
    }
}

/// The role a description implies.
pub fn role_from_description(desc: &str) -> Option<Role> {
    let lower = desc.to_lowercase();
    if lower.contains("cabinet member")
        || lower.contains("portfolio holder")
        || lower.contains("executive member")
    {
        Some(Role::CabinetMember)
    } else if lower.contains("co-opted") || lower.contains("advisory member") {
        Some(Role::CoOpted)
    } else if lower.contains("representative") || lower.contains("independent") {
        Some(Role::Representative)
    } else if [
        "director",
        "officer",
        "manager",
        "head of",
        "chief",
        "lead",
        "adviser",
        "advisor",
        "solicitor",
        "clerk",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        Some(Role::Officer)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        people(&Norm::from_source(text, 0))
            .into_iter()
            .map(|f| f.person.name)
            .collect()
    }

    #[test]
    fn word_lists_are_sorted_for_their_binary_search() {
        for list in [PARTICLES, NOT_NAME_WORDS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        assert!(listed(NOT_NAME_WORDS, "Children's") && !listed(NOT_NAME_WORDS, "Childs"));
        assert!(!is_name("Head of Service") && is_name("Anna de Vries"));
    }

    #[test]
    fn plural_honorific_carries_over() {
        let found = people(&Norm::from_source(
            "Councillors Danny Burns, Carlin, Lloyd-Johnson and McKee",
            0,
        ));
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.person.name.as_str(), f.person.honorific.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Danny Burns", Some("Councillor")),
                ("Carlin", Some("Councillor")),
                ("Lloyd-Johnson", Some("Councillor")),
                ("McKee", Some("Councillor")),
            ]
        );
    }

    #[test]
    fn substitutes_in_parentheses() {
        let found = people(&Norm::from_source(
            "Councillors A Adeyemo (Councillor K Thomas - substitute), K Blunt and co-opted Member Mr B Hall.",
            0,
        ));
        assert_eq!(found.len(), 3);
        let sub = found[0].substituted_by.as_ref().unwrap();
        assert_eq!(sub.name, "K Thomas");
        assert_eq!(sub.substitute_for.as_deref(), Some("A Adeyemo"));
        assert_eq!(found[2].person.name, "B Hall");
        assert_eq!(found[2].person.honorific.as_deref(), Some("Mr"));
        assert_eq!(found[2].person.role, Some(Role::CoOpted));
    }

    #[test]
    fn descriptions_attach_to_the_person_before() {
        let found = people(&Norm::from_source(
            "Mr I Jones and Ms B Reilly, NHS England",
            0,
        ));
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].person.description.as_deref(), Some("NHS England"));
        assert_eq!(
            names("Dr. Emma Ghaffari and Stacy Seales"),
            vec!["Emma Ghaffari", "Stacy Seales"]
        );
        assert_eq!(
            names("Rebecca Carson (Primary Academy Representative), Michele Chilcott WASSH"),
            vec!["Rebecca Carson", "Michele Chilcott"]
        );
    }

    #[test]
    fn chairs_and_initials() {
        let found = people(&Norm::from_source(
            "Councillor June Burns (in the Chair)",
            0,
        ));
        assert_eq!(found[0].person.role, Some(Role::Chair));
        assert_eq!(
            names("Councillors K. Hatton, J.W. Thomas and Mrs. M.R. Wilkinson"),
            vec!["K. Hatton", "J.W. Thomas", "M.R. Wilkinson"]
        );
        let (h, rest) = split_honorific("Councillor Dr Sexton");
        assert_eq!((h.as_deref(), rest), (Some("Councillor Dr"), "Sexton"));
    }
}
