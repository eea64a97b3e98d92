//! People across meetings: "Councillor June Burns", "Cllr J. Burns" and
//! "Burns" are one person within a committee when nothing else fits.
//!
//! Within one tracker committee, spellings are grouped by surname. Full
//! given names ("June", "Danny") are different people. An initial ("J.")
//! is the one person with a matching given name, if there is exactly one. A
//! surname alone is the one person of that surname, if there is exactly
//! one; otherwise it stays unresolved (it is recorded as itself, with the
//! candidates as evidence).

use minutebook_record::Meeting;
use minutebook_store::ids;
use minutebook_store::tracking::PersonAlias;
use std::collections::{BTreeMap, BTreeSet};

/// The committee's members named at a meeting (present, apologies, absent).
pub(crate) fn members(m: &Meeting) -> Vec<String> {
    let a = &m.attendance;
    a.present
        .iter()
        .chain(&a.apologies)
        .chain(&a.absent)
        .map(|p| p.name.clone())
        .collect()
}

/// A spelling split into given names and surname.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Spelling {
    surname: String,
    given: Vec<String>,
    written: String,
}

impl Spelling {
    fn new(name: &str) -> Option<Self> {
        let words: Vec<&str> = name
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| c == ',' || c == ';'))
            .filter(|w| !w.is_empty())
            .collect();
        let (surname, given) = words.split_last()?;
        Some(Self {
            surname: surname.to_lowercase(),
            given: given
                .iter()
                .map(|g| g.trim_end_matches('.').to_lowercase())
                .filter(|g| !g.is_empty())
                .collect(),
            written: words.join(" "),
        })
    }
    fn first_name(&self) -> Option<&str> {
        self.given
            .first()
            .map(String::as_str)
            .filter(|g| g.chars().count() > 1)
    }
    fn initial(&self) -> Option<char> {
        self.given.first().and_then(|g| g.chars().next())
    }
}

/// "burns j": surname and first initial, to compare memberships.
pub(crate) fn key(name: &str) -> String {
    match Spelling::new(name) {
        Some(s) => match s.initial() {
            Some(i) => format!("{} {i}", s.surname),
            None => s.surname,
        },
        None => String::new(),
    }
}

/// Every spelling of every person named in a committee's meetings, with the
/// person it is.
pub fn identify(group_id: &str, authority_id: &str, meetings: &[&Meeting]) -> Vec<PersonAlias> {
    let mut spellings: BTreeSet<Spelling> = BTreeSet::new();
    for m in meetings {
        spellings
            .extend(minutebook_store::sql::all_people(m).filter_map(|p| Spelling::new(&p.name)));
    }
    let mut by_surname: BTreeMap<String, Vec<Spelling>> = BTreeMap::new();
    for s in spellings {
        by_surname.entry(s.surname.clone()).or_default().push(s);
    }
    let mut out = Vec::new();
    // Spellings that differ only in case or punctuation ("J. Burns",
    // "J Burns", "J. BURNS") are one archive person: keep the first.
    let mut seen = BTreeSet::new();
    for bucket in by_surname.values() {
        for s in bucket {
            let person_id = ids::person_id(authority_id, &s.written);
            if !seen.insert(person_id.clone()) {
                continue;
            }
            let (canonical, evidence) = resolve(s, bucket);
            out.push(PersonAlias {
                group_id: group_id.to_owned(),
                person_id,
                authority_id: authority_id.to_owned(),
                name: s.written.clone(),
                canonical_id: ids::person_id(authority_id, &canonical.written),
                canonical_name: canonical.written.clone(),
                evidence,
            });
        }
    }
    out
}

/// The person a spelling is, among the spellings of its surname.
fn resolve<'a>(s: &'a Spelling, bucket: &'a [Spelling]) -> (&'a Spelling, Option<String>) {
    // The people of this surname: one per distinct first name, or per
    // initial when no full name carries that initial.
    let full: Vec<&Spelling> = bucket.iter().filter(|b| b.first_name().is_some()).collect();
    let fullest = |cands: Vec<&'a Spelling>| {
        cands.into_iter().max_by_key(|c| {
            (
                c.given.iter().map(String::len).sum::<usize>(),
                c.written.clone(),
            )
        })
    };
    if s.first_name().is_some() {
        // The fullest spelling with the same first name ("June Burns" for
        // "June M. Burns" too).
        let same: Vec<&Spelling> = full
            .iter()
            .copied()
            .filter(|b| b.first_name() == s.first_name())
            .collect();
        return (fullest(same).unwrap_or(s), None);
    }
    let people = distinct_people(bucket);
    match s.initial() {
        Some(i) => {
            let matching: Vec<&Spelling> = full
                .iter()
                .copied()
                .filter(|b| b.initial() == Some(i))
                .collect();
            let firsts: BTreeSet<&str> = matching.iter().filter_map(|b| b.first_name()).collect();
            if firsts.len() == 1 {
                let why = format!(
                    "the only {} with the initial {}",
                    cap(&s.surname),
                    i.to_uppercase()
                );
                (fullest(matching).unwrap_or(s), Some(why))
            } else if firsts.is_empty() {
                (s, None)
            } else {
                (s, Some(ambiguous(&matching)))
            }
        }
        None if people.len() == 1 => {
            let only = people[0];
            if std::ptr::eq(only, s) {
                (s, None)
            } else {
                (
                    only,
                    Some(format!("the only {} in the committee", cap(&s.surname))),
                )
            }
        }
        None => (s, Some(ambiguous(&people))),
    }
}

/// One spelling per person of a surname: full first names, then initials
/// no full name accounts for, then the bare surname if nothing else.
fn distinct_people(bucket: &[Spelling]) -> Vec<&Spelling> {
    let mut firsts: BTreeMap<&str, &Spelling> = BTreeMap::new();
    for b in bucket {
        if let Some(f) = b.first_name() {
            firsts.entry(f).or_insert(b);
        }
    }
    let mut people: Vec<&Spelling> = firsts.values().copied().collect();
    for b in bucket.iter().filter(|b| b.first_name().is_none()) {
        if let Some(i) = b.initial()
            && !people.iter().any(|p| p.initial() == Some(i))
        {
            people.push(b);
        }
    }
    if people.is_empty() {
        people.extend(bucket.first());
    }
    people
}

fn ambiguous(cands: &[&Spelling]) -> String {
    let names: Vec<&str> = cands.iter().map(|c| c.written.as_str()).collect();
    format!("ambiguous: could be {}", names.join(" or "))
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
