//! The meeting record, `minutebook.meeting/1`: the one structured form of a
//! meeting that every part of minutebook reads and writes.
//!
//! This crate owns the types and their JSON shape, which is a public contract
//! (see `docs/meeting-record.md`): fields may be added, never renamed. It must
//! not do I/O, parsing or rendering; those live in `minutebook-parse` and
//! `minutebook-synth`.
//!
//! Absent knowledge is `None` (JSON `null`) or an empty list, never a guess.
//!
//! ```
//! use minutebook_record::{Meeting, Item, ItemKind};
//!
//! let mut meeting = Meeting::default();
//! meeting.committee = Some("Audit and Governance Committee".into());
//! meeting.date = Some("2024-06-13".into());
//! meeting.items.push(Item::new(Some("4".into()), "Work Programme", ItemKind::WorkProgramme));
//! let json = serde_json::to_string(&meeting).unwrap();
//! assert!(json.contains(r#""schema":"minutebook.meeting/1""#));
//! let back: Meeting = serde_json::from_str(&json).unwrap();
//! assert_eq!(back, meeting);
//! ```

use serde::{Deserialize, Serialize};

/// The schema identifier every record carries.
pub const SCHEMA: &str = "minutebook.meeting/1";

/// Byte offsets `[start, end)` into the document text as the parser read it
/// (after decoding HTML or PDF), so any field can be shown in its source.
pub type Span = [usize; 2];

/// One meeting, as its minutes record it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Meeting {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Where the record came from.
    pub source: Source,
    /// The council, when the document (or a gazetteer) makes it certain.
    pub authority: Option<String>,
    /// The committee, board, panel or council that met.
    pub committee: Option<String>,
    /// ISO date of the meeting (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Start time, `HH:MM`, 24-hour.
    pub start_time: Option<String>,
    /// Where the meeting was held.
    pub venue: Option<String>,
    /// The named clerk or officer, without phone or e-mail.
    pub contact: Option<String>,
    /// Whether the page says the minutes are draft.
    pub minutes_status: Option<MinutesStatus>,
    /// Who was there, who sent apologies, who was absent.
    pub attendance: Attendance,
    /// The previous meeting's minutes, when this meeting dealt with them.
    pub previous_minutes: Option<PreviousMinutes>,
    /// Agenda items in agenda order.
    pub items: Vec<Item>,
    /// Every declaration of interest made at the meeting.
    pub declarations: Vec<Declaration>,
}

impl Default for Meeting {
    fn default() -> Self {
        Self {
            schema: SCHEMA.to_owned(),
            source: Source::default(),
            authority: None,
            committee: None,
            date: None,
            start_time: None,
            venue: None,
            contact: None,
            minutes_status: None,
            attendance: Attendance::default(),
            previous_minutes: None,
            items: Vec::new(),
            declarations: Vec::new(),
        }
    }
}

/// The document a record was parsed from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    /// The path as given to the parser.
    pub path: Option<String>,
    /// SHA-256 of the original bytes, lower-case hex.
    pub sha256: Option<String>,
    /// `moderngov-text`, `pdf-text`, `moderngov-html`, `pdf` or `text`.
    pub format: Option<String>,
}

/// Draft or final minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MinutesStatus {
    /// The page says the minutes are draft (not yet approved).
    Draft,
    /// Anything else.
    Final,
}

/// The attendance of a meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Attendance {
    /// Members present, chair, vice-chair and substitutes included.
    pub present: Vec<Person>,
    /// Apologies for absence.
    pub apologies: Vec<Person>,
    /// Recorded as absent without apology.
    pub absent: Vec<Person>,
    /// Non-members named as present for the whole meeting.
    pub also_present: Vec<Person>,
    /// "10 members of the public".
    pub public_count: Option<u32>,
}

/// A named person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Person {
    /// The name without honorifics: "June Burns", "Carlin", "M. Byrne".
    pub name: String,
    /// "Councillor", "Mr", "Councillor Dr", …
    pub honorific: Option<String>,
    /// What the person was at the meeting.
    pub role: Option<Role>,
    /// For a substitute: the name of the member they replaced.
    pub substitute_for: Option<String>,
    /// "Healthwatch Representative", "Cabinet Member – Education", …
    pub description: Option<String>,
    /// Where the person is named in the document text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Person {
    /// A person with a name and nothing else known.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

/// A person's role at a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// In the chair.
    Chair,
    /// Vice-chair.
    ViceChair,
    /// Committee member.
    Member,
    /// Substituting for a member.
    Substitute,
    /// Co-opted member.
    CoOpted,
    /// Cabinet member (portfolio holder).
    CabinetMember,
    /// Council officer.
    Officer,
    /// Representative of another body.
    Representative,
}

/// Approval of a previous meeting's minutes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PreviousMinutes {
    /// ISO date of the meeting whose minutes were considered.
    pub date: Option<String>,
    /// Whether they were confirmed, approved or agreed.
    pub approved: Option<bool>,
}

/// One agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Item {
    /// The number as printed ("42", "51/23", "PAR 1"), or proven by the page.
    pub number: Option<String>,
    /// The item's heading.
    pub title: String,
    /// What sort of item it is.
    pub kind: ItemKind,
    /// Documents attached to the item.
    pub documents: Vec<Document>,
    /// The agenda's description of the item.
    pub agenda_text: Option<String>,
    /// The minuted text, whole, without platform artefacts.
    pub minutes_text: Option<String>,
    /// The page shows only the start of the minutes.
    pub minutes_truncated: bool,
    /// Officers and guests attending for this item.
    pub in_attendance: Vec<Person>,
    /// What was resolved.
    pub resolutions: Vec<Resolution>,
    /// What the meeting asked someone to do.
    pub actions: Vec<Action>,
    /// Citations of earlier minutes.
    pub references: Vec<Reference>,
    /// Where the item is in the document text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Default for Item {
    fn default() -> Self {
        Self::new(None, "", ItemKind::Other)
    }
}

impl Item {
    /// An item with a number, title and kind, and nothing else yet.
    pub fn new(number: Option<String>, title: impl Into<String>, kind: ItemKind) -> Self {
        Self {
            number,
            title: title.into(),
            kind,
            documents: Vec::new(),
            agenda_text: None,
            minutes_text: None,
            minutes_truncated: false,
            in_attendance: Vec::new(),
            resolutions: Vec::new(),
            actions: Vec::new(),
            references: Vec::new(),
            span: None,
        }
    }
}

/// The sort of an agenda item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// Apologies for absence (and substitutes).
    Apologies,
    /// Declarations of interest.
    Declarations,
    /// Minutes of a previous meeting.
    PreviousMinutes,
    /// Public questions, petitions, deputations.
    PublicParticipation,
    /// A matter of substance.
    Substantive,
    /// The committee's work programme.
    WorkProgramme,
    /// Exclusion of the press and public.
    Exclusion,
    /// Anything else (announcements, urgent business, …).
    #[default]
    Other,
}

/// A document attached to an item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Document {
    /// The document's title.
    pub title: String,
    /// "PDF", …
    pub format: Option<String>,
    /// Size in kilobytes, as printed.
    pub size_kb: Option<u32>,
}

/// A resolution (or a labelled part of one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Resolution {
    /// "(1)", "a)", "(i)", or `None` when unlabelled.
    pub label: Option<String>,
    /// The substance, without "RESOLVED: That".
    pub text: String,
    /// The vote, where the minutes record one.
    pub vote: Option<Vote>,
    /// Where the resolution is in the document text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// A recorded vote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Vote {
    /// Votes for, as printed.
    #[serde(rename = "for")]
    pub for_: Option<u32>,
    /// Votes against.
    pub against: Option<u32>,
    /// Abstentions.
    pub abstain: Option<u32>,
    /// Carried or lost.
    pub outcome: Option<VoteOutcome>,
    /// Decided by the chair's casting vote.
    pub casting_vote: bool,
    /// Named (recorded) votes.
    pub recorded: Vec<RecordedVote>,
}

/// The outcome of a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VoteOutcome {
    /// The motion was carried.
    Carried,
    /// The motion was lost.
    Lost,
}

/// One member's recorded vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedVote {
    /// The member's name.
    pub name: String,
    /// How they voted.
    pub vote: VoteChoice,
}

/// A way to vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VoteChoice {
    /// For.
    For,
    /// Against.
    Against,
    /// Abstained.
    Abstain,
}

/// Something the meeting asked someone to do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Action {
    /// What is to be done, in the document's words.
    pub text: String,
    /// Who must act, as written.
    pub owner: Option<String>,
    /// ISO due date, when stated or certain.
    pub due_date: Option<String>,
    /// The due phrase as written ("the next meeting", "the April meeting").
    pub due_text: Option<String>,
    /// What sort of action.
    pub kind: Option<ActionKind>,
    /// Label of the resolution it comes from.
    pub from_resolution: Option<String>,
    /// Where the action is in the document text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// The sort of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    /// A report to be brought back.
    Report,
    /// An addition to, or change in, the work programme.
    WorkProgramme,
    /// A meeting to be arranged.
    Meeting,
    /// A request made in the discussion.
    Request,
    /// A recommendation to another body (e.g. Cabinet).
    Recommendation,
    /// Anything else.
    Other,
}

/// A citation of earlier minutes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reference {
    /// The minute cited ("34 (3)"), if any.
    pub minute: Option<String>,
    /// ISO date of the meeting cited.
    pub meeting_date: Option<String>,
    /// The citing phrase.
    pub text: String,
    /// Where the citation is in the document text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// A declaration of interest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Declaration {
    /// The member declaring.
    pub member: String,
    /// The item the interest concerns, as written.
    pub item: Option<String>,
    /// The sort of interest.
    pub kind: Option<DeclarationKind>,
    /// The declaration's words.
    pub text: Option<String>,
    /// Where the declaration is in the document text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// The sort of an interest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeclarationKind {
    /// Disclosable pecuniary interest.
    Pecuniary,
    /// Other disclosable (registrable) interest.
    OtherDisclosable,
    /// Personal interest.
    Personal,
    /// Prejudicial interest.
    Prejudicial,
    /// Any other kind.
    Other,
}
