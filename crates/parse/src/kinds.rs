//! The kind of an agenda item, from its title.

use minutebook_record::ItemKind;

/// Classify an item by its title (and agenda text when the title is bare).
pub fn kind(title: &str) -> ItemKind {
    let t = title.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&[
        "apolog",
        "substitut",
        "attendance by reserve",
        "reserve members",
    ]) {
        ItemKind::Apologies
    } else if has(&["declaration", "disclosure", "interests", "party whip"]) {
        ItemKind::Declarations
    } else if has(&[
        "exclusion of",
        "exempt",
        "press and public",
        "private session",
    ]) {
        ItemKind::Exclusion
    } else if has(&[
        "work programme",
        "work programming",
        "forward plan",
        "workplan",
        "work plan",
    ]) {
        ItemKind::WorkProgramme
    } else if is_previous_minutes(&t) {
        ItemKind::PreviousMinutes
    } else if has(&[
        "public participation",
        "public question",
        "questions from the public",
        "deputation",
        "petition",
        "public speaking",
        "questions from members of the public",
        "public forum",
        "items from the public",
    ]) {
        ItemKind::PublicParticipation
    } else if has(&[
        "urgent business",
        "urgent item",
        "any other business",
        "announcement",
        "webcast",
        "welcome",
        "appointment of chair",
        "appointment of vice",
        "election of chair",
        "date of next",
        "dates of future",
        "matters arising",
        "introduction",
        "chairman's",
        "chair's",
    ]) {
        ItemKind::Other
    } else {
        ItemKind::Substantive
    }
}

fn is_previous_minutes(t: &str) -> bool {
    let t = t.trim_end_matches('.');
    t == "minutes"
        || t.starts_with("minutes of the")
        || t.starts_with("minutes of previous")
        || t.starts_with("notes of the")
        || t.starts_with("confirmation of minutes")
        || t.starts_with("confirmation of the minutes")
        || t.contains("approve the minutes")
        || t.contains("previous meeting")
        || t.starts_with("minutes -")
        || t.starts_with("minutes –")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(kind("Apologies for Absence"), ItemKind::Apologies);
        assert_eq!(kind("DECLARATIONS OF INTEREST"), ItemKind::Declarations);
        assert_eq!(
            kind("Minutes of the meeting held on 23 November 2023"),
            ItemKind::PreviousMinutes
        );
        assert_eq!(
            kind("Questions and Deputations"),
            ItemKind::PublicParticipation
        );
        assert_eq!(kind("Work Programme Planning"), ItemKind::WorkProgramme);
        assert_eq!(kind("Exclusion of Press and Public"), ItemKind::Exclusion);
        assert_eq!(
            kind("Homes for Children in Our Care"),
            ItemKind::Substantive
        );
        assert_eq!(kind("Urgent Business"), ItemKind::Other);
    }
}
