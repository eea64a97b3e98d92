//! Which council a meeting belongs to, from what its minutes say.
//!
//! Evidence is scored per council:
//! - its name (or an alias) in the header (committee, venue, contact): 10;
//! - its name in the minutes: 3 a mention (two at most);
//! - the venue's town, when that town is a main town of this council only
//!   (after a building such as "County Hall" has picked the tier): 8;
//!   when it is a main town of several: 2 each (evidence, not certainty);
//! - its area's name in the minutes ("Sefton"): 1 a mention (three at most).
//!
//! The best council is certain when it scores 6 or more and at least 3 more
//! than the next: so the minutes alone can name a council, but another
//! council they mention cannot outweigh where the meeting was held. A council named in the header that is not in the gazetteer
//! ("Northmoor County Council") is recognised by that name alone.

use crate::{Authority, AuthorityType, Gazetteer, fold};
use minutebook_record::Meeting;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The sort of a piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    /// The council's name in the committee, venue or contact.
    HeaderName,
    /// The council's name in the minutes.
    NameInText,
    /// The venue is in one of the council's main towns.
    VenueTown,
    /// The area's name in the minutes.
    AreaInText,
}

/// One piece of evidence for a council.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Evidence {
    /// What sort.
    pub kind: EvidenceKind,
    /// Where in the record (`venue`, `item 4 minutes`, …).
    pub field: String,
    /// The words found.
    pub text: String,
}

/// A council the minutes point at, with its score.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Candidate {
    /// The council's name.
    pub name: String,
    /// Its gazetteer entry, when it has one.
    pub gss: Option<String>,
    /// The total weight of the evidence.
    pub score: u32,
    /// The evidence, strongest first.
    pub evidence: Vec<Evidence>,
}

/// A council the document makes certain.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Recognition {
    /// The council's name (the gazetteer's, or as written when it is not in
    /// the gazetteer).
    pub name: String,
    /// Its GSS code, when it is in the gazetteer.
    pub gss: Option<String>,
    /// Why it is certain.
    pub evidence: Vec<Evidence>,
}

const HEADER_NAME: u32 = 10;
const TEXT_NAME: u32 = 3;
const TEXT_NAME_MAX: usize = 2;
const SOLE_TOWN: u32 = 8;
const SHARED_TOWN: u32 = 2;
const AREA_MAX: usize = 3;
const CERTAIN: u32 = 6;
const MARGIN: u32 = 3;
/// Text scanned per field, at most (minutes can be long; councils name
/// themselves early).
const FIELD_MAX: usize = 20_000;

/// A council's name as written: capitalised words, then a council type.
static COUNCIL_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"[A-Z][\w'’.\-]*";
    let link = r"(?:and|upon|on|with|of|under|in|the|le|en|de|la|by|next|nan|h-Eileanan)";
    Regex::new(&format!(
        r"(?:(?:London|Royal) Borough of|City and County of|Borough Council of|Council of the|Comhairle nan)\s+{word}(?:[ \-](?:{link}|{word}))*|{word}(?:[ \-](?:{link}|{word}))*\s+(?:County Borough |Metropolitan Borough |Metropolitan District |County |Borough |District |City |Islands )?(?:Council|MBC|Corporation)(?-u:\b)"
    ))
    .expect("static regex")
});

/// Words that begin a capitalised phrase but are not part of a council's
/// name ("Members of Sefton Council", "The County Council").
const LEADING_NOISE: &[&str] = &[
    "the",
    "a",
    "an",
    "members",
    "member",
    "of",
    "and",
    "further",
    "to",
    "that",
    "by",
    "for",
    "from",
    "with",
    "at",
    "in",
    "on",
    "resolved",
    "minutes",
    "cabinet",
    "leader",
    "officers",
    "chief",
    "executive",
    "report",
    "full",
    "this",
    "his",
    "her",
    "their",
    "its",
    "our",
];

/// Words after which a "… Council" is not a principal authority's name.
const NOT_AUTHORITY: &[&str] = &[
    "county council",
    "borough council",
    "district council",
    "city council",
    "council",
    "town council",
    "parish council",
    "full council",
    "the council",
];

/// The words a council's name ends with.
const END_WORDS: &[&str] = &["council", "mbc", "corporation"];

const COUNTY_BUILDINGS: &[&str] = &[
    "county hall",
    "county buildings",
    "county offices",
    "shire hall",
    "county council offices",
];
const LOWER_BUILDINGS: &[&str] = &["town hall", "civic centre", "civic offices", "guildhall"];

impl Gazetteer {
    /// The council the meeting's record makes certain, with the evidence;
    /// `None` when nothing (or nothing certain) points at one.
    pub fn recognise(&self, meeting: &Meeting) -> Option<Recognition> {
        let candidates = self.candidates(meeting);
        let best = candidates.first()?;
        let second = candidates.get(1).map_or(0, |c| c.score);
        (best.score >= CERTAIN && best.score >= second + MARGIN).then(|| Recognition {
            name: best.name.clone(),
            gss: best.gss.clone(),
            evidence: best.evidence.clone(),
        })
    }

    /// Every council the record points at, best first.
    pub fn candidates(&self, meeting: &Meeting) -> Vec<Candidate> {
        let mut tally = Tally::default();
        for (field, text) in header_fields(meeting) {
            for name in council_names(text) {
                self.add_name(
                    &mut tally,
                    &name,
                    field,
                    HEADER_NAME,
                    EvidenceKind::HeaderName,
                );
            }
        }
        if let Some(venue) = &meeting.venue {
            self.add_venue(&mut tally, venue);
        }
        let body = body_fields(meeting);
        let mut named: HashMap<String, usize> = HashMap::new();
        for (field, text) in &body {
            for name in council_names(text) {
                let seen = named.entry(fold(&name)).or_default();
                *seen += 1;
                if *seen <= TEXT_NAME_MAX {
                    self.add_name(
                        &mut tally,
                        &name,
                        field,
                        TEXT_NAME,
                        EvidenceKind::NameInText,
                    );
                }
            }
        }
        self.add_areas(&mut tally, &body);
        tally.into_candidates()
    }

    /// A council name as written: the gazetteer's entry when it knows it;
    /// otherwise, in the header only, the name itself.
    fn add_name(&self, t: &mut Tally, name: &str, field: &str, weight: u32, kind: EvidenceKind) {
        let evidence = Evidence {
            kind,
            field: field.to_owned(),
            text: name.to_owned(),
        };
        match self.by_name(name) {
            Some(a) => t.add(a, weight, evidence),
            None if kind == EvidenceKind::HeaderName => t.add_unknown(name, weight, evidence),
            None => {}
        }
    }

    fn add_venue(&self, t: &mut Tally, venue: &str) {
        let folded = fold(venue);
        let county_tier = COUNTY_BUILDINGS.iter().any(|b| folded.contains(b));
        let lower_tier = LOWER_BUILDINGS.iter().any(|b| folded.contains(b));
        for part in venue.rsplit(',').map(strip_postcode) {
            let found = self.by_town(&part);
            if found.is_empty() {
                continue;
            }
            let tiered: Vec<&Authority> = found
                .iter()
                .copied()
                .filter(|a| {
                    let county = a.kind == AuthorityType::County;
                    (!county_tier || county) && (!lower_tier || !county)
                })
                .collect();
            let pool = if tiered.is_empty() { found } else { tiered };
            let weight = if pool.len() == 1 {
                SOLE_TOWN
            } else {
                SHARED_TOWN
            };
            for a in pool {
                let why = if weight == SOLE_TOWN {
                    format!("{venue} (in {part}, a main town of {} only)", a.name)
                } else {
                    format!("{venue} (in {part}, a main town of several councils)")
                };
                t.add(
                    a,
                    weight,
                    Evidence {
                        kind: EvidenceKind::VenueTown,
                        field: "venue".into(),
                        text: why,
                    },
                );
            }
            return;
        }
    }

    fn add_areas(&self, t: &mut Tally, body: &[(String, &str)]) {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for (field, text) in body {
            let mut here: HashMap<&str, usize> = HashMap::new();
            for m in self.areas.find_iter(text) {
                // "Stoke-on-Trent" is not "Stoke"; "Stafford-based" is not "Stafford".
                let next = text[m.end()..].chars().next();
                let prev = text[..m.start()].chars().next_back();
                if next != Some('-') && prev != Some('-') {
                    *here.entry(m.as_str()).or_default() += 1;
                }
            }
            for (area, n) in here {
                for &i in self.by_area.get(area).into_iter().flatten() {
                    let seen = counts.entry(i).or_default();
                    let take = n.min(AREA_MAX.saturating_sub(*seen));
                    *seen += take;
                    if take > 0 {
                        t.add(
                            &self.authorities[i],
                            take as u32,
                            Evidence {
                                kind: EvidenceKind::AreaInText,
                                field: field.clone(),
                                text: format!("{area} ×{n}"),
                            },
                        );
                    }
                }
            }
        }
    }
}

/// The fields a council names itself in.
fn header_fields(m: &Meeting) -> Vec<(&'static str, &str)> {
    [
        ("committee", &m.committee),
        ("venue", &m.venue),
        ("contact", &m.contact),
    ]
    .into_iter()
    .filter_map(|(f, v)| v.as_deref().map(|v| (f, v)))
    .collect()
}

/// The minutes: item titles, agenda text, minuted text and resolutions.
fn body_fields(m: &Meeting) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    for (i, item) in m.items.iter().enumerate() {
        let label = item.number.clone().unwrap_or_else(|| format!("#{}", i + 1));
        out.push((format!("item {label} title"), item.title.as_str()));
        if let Some(t) = &item.agenda_text {
            out.push((format!("item {label} agenda"), cap(t)));
        }
        if let Some(t) = &item.minutes_text {
            out.push((format!("item {label} minutes"), cap(t)));
        }
    }
    out
}

fn cap(s: &str) -> &str {
    if s.len() <= FIELD_MAX {
        return s;
    }
    let mut end = FIELD_MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Council names written in `text`, without leading noise words; generic
/// phrases ("the County Council", "Full Council") are dropped.
fn council_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for m in COUNCIL_NAME.find_iter(text) {
        let words: Vec<&str> = m.as_str().split_whitespace().collect();
        // "Sefton Council and Liverpool City Council" is two names.
        for piece in words.split_inclusive(|w| END_WORDS.contains(&fold(w).as_str())) {
            let start = piece
                .iter()
                .position(|w| !LEADING_NOISE.contains(&fold(w).as_str()))
                .unwrap_or(piece.len());
            let name = piece[start..].join(" ");
            let folded = fold(&name);
            let ends = piece
                .last()
                .is_some_and(|w| END_WORDS.contains(&fold(w).as_str()));
            if ends && !folded.is_empty() && !NOT_AUTHORITY.contains(&folded.as_str()) {
                out.push(name);
            }
        }
    }
    out
}

/// "Bootle L20 7AE" → "Bootle".
fn strip_postcode(part: &str) -> String {
    static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s+[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\s*$").expect("static regex")
    });
    POSTCODE
        .replace(part.trim(), "")
        .trim()
        .trim_end_matches('.')
        .to_owned()
}

/// Scores by council: gazetteer entries by index, unknown councils by name.
#[derive(Default)]
struct Tally {
    known: HashMap<String, Candidate>,
}

impl Tally {
    fn add(&mut self, a: &Authority, weight: u32, e: Evidence) {
        let c = self
            .known
            .entry(a.gss.clone())
            .or_insert_with(|| Candidate {
                name: a.name.clone(),
                gss: Some(a.gss.clone()),
                score: 0,
                evidence: Vec::new(),
            });
        c.score += weight;
        c.evidence.push(e);
    }

    fn add_unknown(&mut self, name: &str, weight: u32, e: Evidence) {
        let c = self
            .known
            .entry(format!("name:{}", fold(name)))
            .or_insert_with(|| Candidate {
                name: name.to_owned(),
                gss: None,
                score: 0,
                evidence: Vec::new(),
            });
        c.score += weight;
        c.evidence.push(e);
    }

    fn into_candidates(self) -> Vec<Candidate> {
        let mut v: Vec<Candidate> = self.known.into_values().collect();
        for c in &mut v {
            c.evidence.sort_by_key(|e| rank(e.kind));
        }
        v.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.name.cmp(&b.name)));
        v
    }
}

fn rank(k: EvidenceKind) -> u8 {
    match k {
        EvidenceKind::HeaderName => 0,
        EvidenceKind::VenueTown => 1,
        EvidenceKind::NameInText => 2,
        EvidenceKind::AreaInText => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_leading_noise_and_generic_phrases() {
        assert_eq!(
            council_names("Members of Sefton Council and the County Council met."),
            ["Sefton Council"]
        );
        assert_eq!(
            council_names("an inspection of Solihull MBC"),
            ["Solihull MBC"]
        );
        assert!(council_names("Full Council resolved").is_empty());
        assert_eq!(
            council_names("Sefton Council and Liverpool City Council agreed"),
            ["Sefton Council", "Liverpool City Council"]
        );
    }

    #[test]
    fn postcodes_are_stripped_from_venue_parts() {
        assert_eq!(strip_postcode(" Bootle L20 7AE"), "Bootle");
        assert_eq!(strip_postcode("Stafford."), "Stafford");
    }
}
