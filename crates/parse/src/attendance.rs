//! Who was there: the PRESENT / ALSO PRESENT blocks, attendance grids, the
//! apologies item, substitutions, and the public.

use crate::blocks::Block;
use crate::keywords::Word;
use crate::norm::Norm;
use crate::people::{Found, people, person, role_from_description};
use crate::segment::Piece;
use minutebook_record::{Attendance, Person, Role};
use regex::Regex;
use std::sync::LazyLock;

static BLOCK_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(present|members present|committee members|councillors present|also present|also in attendance|in attendance|officers in attendance|officers present|apologies(?: for absence)?|absent|councillors)\s*:\s*(.*)$")
        .expect("static regex")
});
static APOLOGIES_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)apolog(?:y|ies)\s+(?:for absence\s+|of absence\s+)?(?:(?:was|were|had been|have been)\s+)?(?:also\s+)?(?:(?:received|submitted|noted|reported|given|tendered|presented)\s+)?(?:from|on behalf of|by)\s+")
        .expect("static regex")
});
static SENT_APOLOGIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s(?:sent|gave|tendered|submitted|had sent|have sent|offered)\s+(?:their|his|her)?\s*apolog").expect("static regex")
});
/// "gave his apologies for having to leave the meeting", "… for lateness":
/// an apology, but not for absence.
static NOT_FOR_ABSENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:y|ies)?\s+for\s+(?:(?:his|her|their)\s+)?(?:lateness|late arrival|arriving late|being late|leaving|having to leave|needing to leave|departing|early departure|an early departure)")
        .expect("static regex")
});
static SUBSTITUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s(?:was substituting|substituting|substituted|attended as (?:a )?substitute|was in attendance as (?:a )?substitute|in attendance as (?:a )?substitute|as (?:a )?substitute|in place of|substitute)\s*(?:for\s+|in place of\s+)?")
        .expect("static regex")
});
static SIMPLE_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(\w{1,4}\)\s*)?(.+?)\s+for\s+(.+?)[.;,]?(?:\s+and)?$").expect("static regex")
});
static PUBLIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+members?\s+of\s+(?:the\s+)?(?:public|press and public)").expect("static regex")
});
static GRID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(P|A|Ab|AB|S|X)\s+(\S.*)$").expect("static regex"));
static IN_THE_CHAIR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s*\(?(?-u:\b)in the chair\)?\.?$").expect("static regex"));

/// "PRESENT: …", "Apologies for absence: …": the label and the rest.
fn block_label(text: &str) -> Option<regex::Captures<'_>> {
    // The longest label's colon comes within its first few dozen bytes.
    let head = text.as_bytes().get(..48).unwrap_or(text.as_bytes());
    if !head.contains(&b':') {
        return None;
    }
    BLOCK_LABEL.captures(text)
}

/// Attendance from the preamble.
pub fn from_preamble(preamble: &[Piece], att: &mut Attendance) {
    grid(preamble, att);
    for (label, entries) in labelled_blocks(preamble) {
        for entry in entries {
            add_line(&label, &entry, att);
        }
    }
    public_count(preamble.iter().map(|p| p.norm.text.as_str()), att);
}

/// The labelled blocks of the preamble ("PRESENT:", "ALSO PRESENT:", …),
/// each as its entries: a line that starts with an honorific (or a count
/// of the public) starts an entry, and any other line continues the one
/// before, so names wrapped across lines ("J" / "Yeadon") are rejoined.
fn labelled_blocks(preamble: &[Piece]) -> Vec<(String, Vec<Norm>)> {
    let mut out: Vec<(String, Vec<Norm>)> = Vec::new();
    let mut open = false;
    for piece in preamble {
        let text = piece.norm.text.as_str();
        if let Some(c) = block_label(text)
            && let (Some(label), Some(rest)) = (c.get(1), c.get(2))
        {
            let rest = piece.norm.slice(rest.start(), rest.end());
            let entries = if rest.is_empty() {
                Vec::new()
            } else {
                vec![rest]
            };
            out.push((label.as_str().to_lowercase(), entries));
            open = true;
            continue;
        }
        let Some((label, entries)) = out.last_mut().filter(|_| open) else {
            continue;
        };
        let continues = !piece.blank_before || names_only(text) || label == "also present";
        if !continues || sentence_like(text) && !PUBLIC.is_match(text) {
            open = false;
            continue;
        }
        let starts_entry = names_only(text)
            || starts_with_honorific(text)
            || PUBLIC.is_match(text)
            || label.contains("also");
        match entries.last_mut() {
            Some(last) if !starts_entry && !piece.blank_before => last.push_spaced(&piece.norm),
            _ => entries.push(piece.norm.clone().into_owned()),
        }
    }
    out
}

fn starts_with_honorific(text: &str) -> bool {
    crate::people::split_honorific(text).0.is_some()
}

fn names_only(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.starts_with("councillor") || lower.starts_with("cllr")
}

fn sentence_like(text: &str) -> bool {
    let lower = format!(" {} ", text.to_lowercase());
    [
        " attended ",
        " was ",
        " were ",
        " met ",
        " explained ",
        " advised ",
        " welcomed ",
        " noted ",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn add_line(label: &str, text: &Norm, att: &mut Attendance) {
    if PUBLIC.is_match(&text.text) {
        public_count(std::iter::once(text.text.as_str()), att);
        return;
    }
    match label {
        "also present"
        | "also in attendance"
        | "in attendance"
        | "officers in attendance"
        | "officers present" => {
            for mut f in also_present_line(text) {
                if label.starts_with("officers") {
                    f.role.get_or_insert(Role::Officer);
                }
                att.also_present.push(f);
            }
        }
        "apologies" | "apologies for absence" => push_apologies(&people(text), att),
        "absent" => att
            .absent
            .extend(people(text).into_iter().map(|f| f.person)),
        _ => present_line(text, att),
    }
}

fn present_line(text: &Norm, att: &mut Attendance) {
    let chair = IN_THE_CHAIR.find(&text.text).map(|m| m.start());
    let body = chair.map_or_else(|| text.clone(), |at| text.slice(0, at));
    let found = people(&body);
    let single = found.len() == 1;
    for f in found {
        let mut p = f.person;
        if chair.is_some() && single {
            p.role = Some(Role::Chair);
        }
        p.role.get_or_insert(Role::Member);
        att.present.push(p);
        if let Some(s) = f.substituted_by {
            att.present.push(s);
        }
    }
}

/// "Mr. M. Byrne, Healthwatch Representative" or "Councillor Doyle –
/// Cabinet Member – Children's Social Care": one person a line.
fn also_present_line(text: &Norm) -> Vec<Person> {
    let t = &text.text;
    let cut = [", ", " – ", " - ", " — "]
        .iter()
        .filter_map(|s| t.find(s).map(|i| (i, s.len())))
        .min();
    let (who, desc) = match cut {
        Some((i, n)) => (text.slice(0, i), Some(text.slice(i + n, t.len()))),
        None => (text.clone(), None),
    };
    if desc.is_none() || person(&who, None).is_none() {
        return people(text).into_iter().map(|f| f.person).collect();
    }
    let Some(mut p) = person(&who, None) else {
        return Vec::new();
    };
    if let Some(d) = desc {
        p.role = role_from_description(&d.text);
        p.description = Some(d.text);
    }
    vec![p]
}

/// "P  Jill Iles (Vice-Chairman)" / "A  Reyna Knight" grids with a key.
fn grid(preamble: &[Piece], att: &mut Attendance) {
    let rows: Vec<(&str, Norm)> = preamble
        .iter()
        .filter_map(|p| {
            let c = GRID.captures(&p.norm.text)?;
            let (code, rest) = (c.get(1)?, c.get(2)?);
            Some((code.as_str(), p.norm.slice(rest.start(), rest.end())))
        })
        .collect();
    if rows.len() < 3 {
        return;
    }
    for (code, rest) in rows {
        let Some(f) = people(&rest).into_iter().next() else {
            continue;
        };
        let mut p = f.person;
        match code {
            "P" => {
                p.role.get_or_insert(Role::Member);
                att.present.push(p);
            }
            "A" | "Ab" | "AB" => {
                p.role = Some(Role::Member);
                att.apologies.push(p);
            }
            _ => att.absent.push(p),
        }
    }
}

fn public_count<'a>(lines: impl Iterator<Item = &'a str>, att: &mut Attendance) {
    if att.public_count.is_some() {
        return;
    }
    for l in lines {
        if let Some(n) = PUBLIC.captures(l).and_then(|c| c.get(1)) {
            att.public_count = word_number(n.as_str());
            return;
        }
    }
}

fn word_number(w: &str) -> Option<u32> {
    if let Ok(n) = w.parse() {
        return Some(n);
    }
    let words = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let lower = w.to_lowercase();
    if let Some(i) = words.iter().position(|x| *x == lower) {
        return u32::try_from(i + 1).ok();
    }
    match lower.as_str() {
        "fifteen" => Some(15),
        "twenty" => Some(20),
        _ => None,
    }
}

fn push_apologies(found: &[Found], att: &mut Attendance) {
    for f in found {
        if att.apologies.iter().any(|p| p.name == f.person.name) {
            continue;
        }
        let mut p = f.person.clone();
        if p.role.is_none() {
            p.role = p
                .description
                .as_deref()
                .and_then(role_from_description)
                .or(Some(Role::Member));
        }
        att.apologies.push(p);
        if let Some(s) = &f.substituted_by {
            add_substitute(s.clone(), att);
        }
    }
}

fn add_substitute(s: Person, att: &mut Attendance) {
    if let Some(existing) = att
        .present
        .iter_mut()
        .find(|p| same_person(&p.name, &s.name))
    {
        existing.role = Some(Role::Substitute);
        existing.substitute_for.clone_from(&s.substitute_for);
        return;
    }
    att.present.push(s);
}

fn same_person(a: &str, b: &str) -> bool {
    a == b
        || a.rsplit(' ').next() == b.rsplit(' ').next()
            && (a.len() < 4 || b.len() < 4 || a.ends_with(b) || b.ends_with(a))
}

/// Where minuted text stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Before the first item (its labelled blocks are read by [`from_preamble`]).
    Preamble,
    /// In an item; `apologies` when it is the apologies item.
    Item {
        /// The item is the apologies item.
        apologies: bool,
    },
}

/// Apologies and substitutions minuted in text ("Apologies for absence
/// were received from …", "Cllr D Stocker for Cllr I Hadley", "Present: …").
pub fn from_minutes(blocks: &[Block], place: Place, att: &mut Attendance) {
    let is_apologies_item = place == Place::Item { apologies: true };
    for (k, b) in blocks.iter().enumerate() {
        let text = &b.norm;
        let relevant = is_apologies_item && k == 0
            || b.mentions.any(&[
                Word::Apolog,
                Word::Substitut,
                Word::Present,
                Word::Attendance,
                Word::For,
                Word::PlaceOf,
                Word::CouncillorsColon,
                Word::Absent,
            ]);
        if !relevant {
            continue;
        }
        if let Some(c) = block_label(&text.text)
            && let (Some(label), Some(rest)) = (c.get(1), c.get(2))
        {
            let rest = text.slice(rest.start(), rest.end());
            if place != Place::Preamble && !rest.is_empty() {
                add_line(&label.as_str().to_lowercase(), &rest, att);
            }
            continue;
        }
        let mut listed = false;
        let apologies = b.mentions.any(&[Word::Apolog]);
        if apologies
            && let Some(m) = SENT_APOLOGIES.find(&text.text)
            && !NOT_FOR_ABSENCE.is_match(&text.text[m.end()..])
        {
            let from = sentence_start(&text.text, m.start());
            push_apologies(&people(&text.slice(from, m.start())), att);
            listed = true;
        }
        for m in APOLOGIES_FROM
            .find_iter(&text.text)
            .take_while(|_| apologies)
        {
            let list = list_until_sentence_end(text, m.end());
            push_apologies(&people(&list), att);
            listed = true;
        }
        if !listed && is_apologies_item && k == 0 && starts_with_names(&text.text) {
            let list = list_until_sentence_end(text, 0);
            push_apologies(&people(&list), att);
        }
        substitutions(b, att);
    }
}

fn starts_with_names(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "councillor",
        "cllr",
        "mr ",
        "mrs ",
        "ms ",
        "dr ",
        "county councillor",
        "alderman",
    ]
    .iter()
    .any(|h| lower.starts_with(h))
        && !lower.contains(" for ")
        && !sentence_like(text)
}

/// The list runs to the end of the sentence: a full stop that is not an
/// initial's, a semicolon before "and for", or the end.
fn list_until_sentence_end(text: &Norm, from: usize) -> Norm {
    let t = &text.text;
    let mut end = t.len();
    let bytes = t.as_bytes();
    for i in from..bytes.len() {
        let c = bytes[i];
        if c == b';' && t[i..].starts_with("; and for") || c == b':' {
            end = i;
            break;
        }
        if c == b'.' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') && !initial_before(t, i) {
            end = i;
            break;
        }
    }
    text.slice(from, end)
}

fn initial_before(t: &str, dot: usize) -> bool {
    let word = t[..dot].rsplit(' ').next().unwrap_or("");
    let bare = word.trim_start_matches('(');
    bare.chars().count() == 1 && bare.chars().all(char::is_uppercase)
        || ["Mr", "Mrs", "Ms", "Dr", "Cllr", "St", "No", "Prof", "Rev"].contains(&bare)
        || bare.contains('.') && bare.len() <= 4
}

fn substitutions(b: &Block, att: &mut Attendance) {
    let text = &b.norm;
    // Every phrasing of a substitution has one of these words.
    let phrased = b.mentions.any(&[Word::Substitut, Word::PlaceOf]);
    for m in SUBSTITUTION.find_iter(&text.text).take_while(|_| phrased) {
        let before = sentence_start(&text.text, m.start());
        let who = text.slice(before, m.start());
        let after = list_until_sentence_end(text, m.end());
        let Some(absent) = person(&after, None) else {
            continue;
        };
        let Some(sub) = last_person(&who) else {
            continue;
        };
        let mut s = sub;
        s.role = Some(Role::Substitute);
        s.substitute_for = Some(absent.name);
        add_substitute(s, att);
    }
    let labelled = b
        .mentions
        .any(&[Word::SubstituteColon, Word::SubstitutesColon]);
    if (b.is_entry() || labelled)
        && b.mentions.any(&[Word::For])
        && let Some(c) = SIMPLE_FOR.captures(&text.text)
        && let (Some(a), Some(b)) = (c.get(1), c.get(2))
        && let (Some(mut s), Some(absent)) = (
            person(&text.slice(a.start(), a.end()), None),
            person(&text.slice(b.start(), b.end()), None),
        )
    {
        s.role = Some(Role::Substitute);
        s.substitute_for = Some(absent.name);
        add_substitute(s, att);
    }
}

fn sentence_start(t: &str, before: usize) -> usize {
    let head = &t[..before];
    let mut start = 0;
    for (i, _) in head.match_indices(". ") {
        if !initial_before(head, i) {
            start = i + 2;
        }
    }
    start
}

/// The last name in "…, Lynn Yendle": a person printed just before a verb.
fn last_person(text: &Norm) -> Option<Person> {
    let words: Vec<(usize, &str)> = text
        .text
        .split(' ')
        .scan(0, |pos, w| {
            let at = *pos;
            *pos += w.len() + 1;
            Some((at, w))
        })
        .collect();
    for take in (1..=5).rev() {
        if take > words.len() {
            continue;
        }
        let (at, _) = words[words.len() - take];
        if let Some(p) = person(&text.slice(at, text.text.len()), None) {
            return Some(p);
        }
    }
    None
}

static ATTENDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\[(?P<who>.+?)(?:,?\s*(?:were|was)?\s*in attendance(?: for this item)?)?\]$")
        .expect("static regex")
});

/// Officers and guests attending one item: "[Name, Job Title and Name,
/// Job Title, in attendance for this item]".
pub fn in_attendance(blocks: &[Block]) -> Vec<Person> {
    let mut out = Vec::new();
    for b in blocks.iter().take(3) {
        let Some(who) = ATTENDING.captures(&b.norm.text).and_then(|c| c.name("who")) else {
            continue;
        };
        for f in people(&b.norm.slice(who.start(), who.end())) {
            let mut p = f.person;
            p.role = p
                .description
                .as_deref()
                .and_then(role_from_description)
                .or(Some(Role::Officer));
            if let Some(d) = &p.description {
                p.description = Some(d.trim_start_matches("the ").to_owned());
            }
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::blocks;

    fn pieces(lines: &[&str]) -> Vec<Piece<'static>> {
        Piece::lines(lines, false)
    }

    #[test]
    fn present_and_also_present_blocks() {
        let mut att = Attendance::default();
        from_preamble(
            &pieces(&[
                "PRESENT: Councillor Ann Lee (in the Chair)",
                "Councillor Okafor (Vice-Chair)",
                "Councillors Brand, Hume and Patel",
                "ALSO PRESENT: Mr. T. Wragg, Parent Governor Representative",
                "Councillor Fenn – Cabinet Member – Adult Care",
                "4 members of the public",
            ]),
            &mut att,
        );
        let present: Vec<_> = att
            .present
            .iter()
            .map(|p| (p.name.as_str(), p.role))
            .collect();
        assert_eq!(
            present,
            vec![
                ("Ann Lee", Some(Role::Chair)),
                ("Okafor", Some(Role::ViceChair)),
                ("Brand", Some(Role::Member)),
                ("Hume", Some(Role::Member)),
                ("Patel", Some(Role::Member)),
            ]
        );
        assert_eq!(att.also_present[0].name, "T. Wragg");
        assert_eq!(att.also_present[0].role, Some(Role::Representative));
        assert_eq!(att.also_present[1].role, Some(Role::CabinetMember));
        assert_eq!(att.public_count, Some(4));
    }

    #[test]
    fn officers_attending_an_item() {
        let bs = blocks(&pieces(&[
            "[Sam Reed, Director of Place, Strategy and Growth, Dr Lena Ortiz, Head of Public Health and Omar Khan, Independent Chair of the Safeguarding Board, in attendance for this item]",
        ]));
        let got = in_attendance(&bs);
        let names: Vec<_> = got
            .iter()
            .map(|p| (p.name.as_str(), p.description.as_deref(), p.role))
            .collect();
        assert_eq!(
            names,
            vec![
                (
                    "Sam Reed",
                    Some("Director of Place, Strategy and Growth"),
                    Some(Role::Officer)
                ),
                (
                    "Lena Ortiz",
                    Some("Head of Public Health"),
                    Some(Role::Officer)
                ),
                (
                    "Omar Khan",
                    Some("Independent Chair of the Safeguarding Board"),
                    Some(Role::Representative)
                ),
            ]
        );
        assert_eq!(got[1].honorific.as_deref(), Some("Dr"));
    }

    /// Attendance read from the minutes of an apologies item.
    fn apologies_item(text: &str) -> (Attendance, Vec<String>) {
        let mut att = Attendance::default();
        from_minutes(
            &blocks(&pieces(&[text])),
            Place::Item { apologies: true },
            &mut att,
        );
        let names = att.apologies.iter().map(|p| p.name.clone()).collect();
        (att, names)
    }

    #[test]
    fn an_apology_for_leaving_early_is_not_for_absence() {
        let (_, apologies) = apologies_item(
            "Apologies for absence were received from Councillor Ada Quill. Councillor Bram Toft gave his apologies for having to leave the meeting early.",
        );
        assert_eq!(apologies, vec!["Ada Quill"]);
    }

    #[test]
    fn apologies_and_substitutions_in_minutes() {
        let (att, apologies) = apologies_item(
            "Apologies for absence were received from Councillors Dr. Rosa Vane and Tim Ould. Councillor Ian Frith was in attendance as a substitute for Councillor Vane.",
        );
        assert_eq!(apologies, vec!["Rosa Vane", "Tim Ould"]);
        assert_eq!(att.present[0].name, "Ian Frith");
        assert_eq!(att.present[0].substitute_for.as_deref(), Some("Vane"));
    }
}
