//! Declarations of interest: "Councillor X declared a personal interest in
//! item 3 by virtue of …", "Councillor X – personal – Minute No 20 – …",
//! "Having made a declaration, Councillor X withdrew …".

use crate::blocks::Block;
use crate::keywords::Word;
use crate::norm::Norm;
use crate::people::person;
use minutebook_record::{Declaration, DeclarationKind};
use regex::Regex;
use std::sync::LazyLock;

const NAME: &str = r"(?:(?:County\s+)?(?:Councillors?|Cllr\.?)|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Alderman|Alderwoman)(?:\s+(?:Dr\.?|Sir|Dame))?\s+(?:[A-Z][\w.'’-]*\s?){1,4}";

static DECLARED: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"(?P<name>{NAME}?)\s*(?:declared|disclosed|registered|indicated|reported|made)\s+(?:that\s+(?:he|she|they)\s+(?:had|has)\s+)?(?:an?|his|her|their)?\s*(?P<kind>(?:disclosable\s+)?pecuniary|personal\s+and\s+prejudicial|personal|prejudicial|other\s+(?:registrable|disclosable|registerable)|non-pecuniary|non-registrable|registrable|significant|disclosable|declarable)?\s*(?:interest|declaration)"
    );
    Regex::new(&re).expect("static regex")
});
static DASHED: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"^(?P<name>{NAME}?)\s*[–—-]\s*(?P<kind>personal|prejudicial|pecuniary|disclosable pecuniary|other)\s*[–—-]\s*(?P<item>[^–—-]+)"
    );
    Regex::new(&re).expect("static regex")
});
static DASHED_ITEM_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"^(?P<name>{NAME}?)\s*[–—-]\s*(?P<item>(?i:(?:agenda\s+)?(?:item|minute)\s+(?:no\.?\s*)?[\w/.()]+))\s*[–—-]\s*(?P<kind>(?i:personal|prejudicial|pecuniary|disclosable pecuniary|other))"
    );
    Regex::new(&re).expect("static regex")
});
static MADE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)declarations?\s+(?:of\s+interest\s+)?(?:was|were)\s+(?:made|declared|received)\s+(?:by|from)\s+").expect("static regex")
});
static HAVING_DECLARED: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"(?i:having (?:made|declared) (?:a|an)\s*(?:\w+\s+)?(?:declaration|interest)),\s*(?P<name>{NAME}?)\s+(?:withdrew|left|took no part|did not)"
    );
    Regex::new(&re).expect("static regex")
});
static ITEM_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in (?:respect of|relation to)|on|regarding|for|concerning|in)\s+(?:agenda\s+)?(?P<item>(?:item|minute)\s+(?:no\.?\s*)?[\w/.()]+)").expect("static regex")
});

/// Declarations in one block of text.
pub fn declarations(block: &Block) -> Vec<Declaration> {
    let mut out = Vec::new();
    if !block.mentions.any(&[
        Word::Interest,
        Word::Declar,
        Word::Disclos,
        Word::Personal,
        Word::Prejudicial,
        Word::Pecuniary,
    ]) {
        return out;
    }
    let text = &block.norm;
    for c in DASHED.captures_iter(&text.text) {
        let (Some(name), kind) = (c.name("name"), c.name("kind")) else {
            continue;
        };
        let item = c.name("item").map(|m| m.as_str().trim().to_owned());
        push(
            &mut out,
            text,
            name.start(),
            name.end(),
            kind.map(|k| k.as_str()),
            item,
        );
    }
    for c in DASHED_ITEM_FIRST.captures_iter(&text.text) {
        let (Some(name), kind) = (c.name("name"), c.name("kind")) else {
            continue;
        };
        let item = c.name("item").map(|m| item_number(m.as_str()));
        push(
            &mut out,
            text,
            name.start(),
            name.end(),
            kind.map(|k| k.as_str()),
            item,
        );
    }
    if let Some(m) = MADE_BY.find(&text.text) {
        let tail = &text.text[m.end()..];
        let end = m.end() + tail.find(['.', ';']).unwrap_or(tail.len());
        let cut = text.text[m.end()..end]
            .find(" in ")
            .map_or(end, |i| m.end() + i);
        for f in crate::people::people(&text.slice(m.end(), cut)) {
            if !out.iter().any(|d| d.member == f.person.name) {
                out.push(Declaration {
                    member: f.person.name,
                    item: None,
                    kind: None,
                    text: Some(sentence_around(text, m.start())),
                    span: f.person.span,
                });
            }
        }
    }
    for c in DECLARED.captures_iter(&text.text) {
        let Some(name) = c.name("name") else { continue };
        let tail = &text.text[c.get(0).map_or(0, |m| m.end())..];
        let sentence_end = tail.find(". ").unwrap_or(tail.len());
        let item = ITEM_REF
            .captures(&tail[..sentence_end])
            .and_then(|i| i.name("item"))
            .map(|m| item_number(m.as_str()));
        push(
            &mut out,
            text,
            name.start(),
            name.end(),
            c.name("kind").map(|k| k.as_str()),
            item,
        );
    }
    for c in HAVING_DECLARED.captures_iter(&text.text) {
        let Some(name) = c.name("name") else { continue };
        push(&mut out, text, name.start(), name.end(), None, None);
    }
    out
}

/// "item 3" → "3"; "Minute No 20" stays as printed.
fn item_number(s: &str) -> String {
    let lower = s.to_lowercase();
    match lower.strip_prefix("item ") {
        Some(_) => s
            .get(5..)
            .unwrap_or(s)
            .trim()
            .trim_end_matches(['.', ','])
            .to_owned(),
        None => s.trim().to_owned(),
    }
}

fn push(
    out: &mut Vec<Declaration>,
    text: &Norm,
    a: usize,
    b: usize,
    kind: Option<&str>,
    item: Option<String>,
) {
    let who = text.slice(a, b);
    let Some(p) = person(&who, None) else { return };
    if out.iter().any(|d| d.member == p.name) {
        return;
    }
    out.push(Declaration {
        member: p.name,
        item,
        kind: kind.map(declaration_kind),
        text: Some(sentence_around(text, a)),
        span: who.span(),
    });
}

fn declaration_kind(k: &str) -> DeclarationKind {
    let k = k.to_lowercase();
    if k.contains("prejudicial") {
        DeclarationKind::Prejudicial
    } else if k.contains("non-pecuniary")
        || k.contains("other")
        || k.contains("registrable")
        || k.contains("registerable")
    {
        DeclarationKind::OtherDisclosable
    } else if k.contains("pecuniary") {
        DeclarationKind::Pecuniary
    } else if k.contains("personal") {
        DeclarationKind::Personal
    } else {
        DeclarationKind::Other
    }
}

fn sentence_around(text: &Norm, at: usize) -> String {
    let t = &text.text;
    let start = t[..at].rfind(". ").map_or(0, |i| i + 2);
    let end = t[at..].find(". ").map_or(t.len(), |i| at + i + 1);
    t[start..end].trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let d = declarations(&Block::of_text(
            "Councillor Ruth Ames declared a personal interest in respect of item 4 by virtue of her employment.",
        ));
        assert_eq!(d[0].member, "Ruth Ames");
        assert_eq!(d[0].item.as_deref(), Some("4"));
        assert_eq!(d[0].kind, Some(DeclarationKind::Personal));
        let d = declarations(&Block::of_text(
            "Councillor P Lane – prejudicial – Minute No 12 – a relative is employed.",
        ));
        assert_eq!(
            (d[0].member.as_str(), d[0].kind),
            ("P Lane", Some(DeclarationKind::Prejudicial))
        );
        let d = declarations(&Block::of_text(
            "Note: Having made a declaration, Councillor T Ross withdrew from the meeting.",
        ));
        assert_eq!(d[0].member, "T Ross");
        assert!(
            declarations(&Block::of_text("There were no declarations of interest.")).is_empty()
        );
    }
}
