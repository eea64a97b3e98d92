//! The meeting generator: one committee's meetings in date order, with the
//! actions it asks for carried from meeting to meeting.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use minutebook_record::{
    Action, ActionKind, Attendance, Declaration, DeclarationKind, Document, Item, ItemKind,
    Meeting, MinutesStatus, Person, PreviousMinutes, Reference, Resolution, Role, Vote,
    VoteOutcome,
};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde_json::{Value, json};
use std::sync::Arc;

use crate::council::{CommitteeKind, CommitteeSpec, Council, Human};
use crate::util::{Choose, and_list, fmt_date, iso_time, mix, month_name, upper_first};
use crate::words::*;

/// One generated meeting with the truth behind it.
#[derive(Debug, Clone)]
pub struct GeneratedMeeting {
    /// The council's name ("Northmoor County Council").
    pub council: String,
    /// The council's directory name.
    pub council_slug: String,
    /// The committee's name at the time of the meeting.
    pub committee: String,
    /// The committee's directory name, stable across renames.
    pub committee_slug: String,
    /// Everything the minutes say, whole: the record a perfect reader of the
    /// full minutes would produce.
    pub meeting: Meeting,
    /// Stable ids of the actions raised at this meeting.
    pub actions: Vec<ActionId>,
    /// What this meeting did about actions raised at earlier meetings.
    pub follow_ups: Vec<FollowUp>,
    /// Seed for the presentation choices of renderers.
    pub style_seed: u64,
}

/// Where a tracked action sits in a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionId {
    /// Stable id: `council/committee/date/item-number/n`.
    pub id: String,
    /// Index into `meeting.items`.
    pub item: usize,
    /// Index into that item's `actions`.
    pub action: usize,
}

/// What a meeting did about an earlier action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    /// The earlier action's id.
    pub action_id: String,
    /// Index into `meeting.items` of the item that dealt with it.
    pub item: usize,
    /// How it was dealt with.
    pub outcome: Outcome,
}

/// The fate of an action at a later meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A report or update came back, citing the original minute.
    Addressed,
    /// The work programme put it back; the new action carries it on.
    Deferred {
        /// Id of the new work-programme action.
        new_action: String,
    },
    /// Removed from the work programme.
    Dropped,
}

impl Outcome {
    fn as_str(&self) -> &'static str {
        match self {
            Outcome::Addressed => "addressed",
            Outcome::Deferred { .. } => "deferred",
            Outcome::Dropped => "dropped",
        }
    }
}

/// An action not yet dealt with.
#[derive(Debug, Clone)]
struct Open {
    id: String,
    topic: String,
    /// The minute to cite ("34 (3)").
    minute: String,
    raised: NaiveDate,
    /// Index of the meeting it is due at, when known.
    due_at: Option<usize>,
    kind: ActionKind,
    owner: Option<String>,
}

/// An item under construction: minutes as blocks, plus the structure.
struct Draft {
    item: Item,
    blocks: Vec<String>,
    /// Actions whose ids must be recorded: (action index, topic, due meeting).
    tracked: Vec<(usize, String, Option<usize>)>,
    follow: Vec<(String, Outcome)>,
}

impl Draft {
    fn new(title: impl Into<String>, kind: ItemKind) -> Self {
        Self {
            item: Item::new(None, title, kind),
            blocks: Vec::new(),
            tracked: Vec::new(),
            follow: Vec::new(),
        }
    }
    fn para(&mut self, s: impl Into<String>) {
        self.blocks.push(s.into());
    }
}

/// A resolution part before labelling: its text and the action it carries.
struct Part {
    text: String,
    action: Option<(Action, String, Option<usize>)>,
}

impl Part {
    fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            action: None,
        }
    }
}

/// Generates one committee's meetings, in date order.
pub(crate) struct CommitteeRun {
    council: Arc<Council>,
    spec: Arc<CommitteeSpec>,
    rng: StdRng,
    schedule: Vec<NaiveDate>,
    idx: usize,
    next_minute: u32,
    open: Vec<Open>,
    history: Vec<Value>,
    meetings_log: Vec<Value>,
    /// Members present at the meeting being generated: only they move,
    /// second, ask questions or declare interests.
    present: Vec<Human>,
}

impl CommitteeRun {
    pub(crate) fn new(
        council: Arc<Council>,
        committee: usize,
        start_year: i32,
        years: u32,
    ) -> Self {
        let spec = Arc::clone(&council.committees[committee]);
        let mut rng = StdRng::seed_from_u64(spec.seed);
        let schedule = schedule(&mut rng, &spec, start_year, years);
        let next_minute = rng.between(1, 60);
        Self {
            council,
            spec,
            rng,
            schedule,
            idx: 0,
            next_minute,
            open: Vec::new(),
            history: Vec::new(),
            meetings_log: Vec::new(),
            present: Vec::new(),
        }
    }

    /// The side file for this committee: names over time, meetings, and
    /// every action with what became of it.
    pub(crate) fn history(&self) -> Value {
        let mut actions = self.history.clone();
        for open in &self.open {
            if let Some(entry) = actions.iter_mut().find(|a| a["id"] == open.id.as_str()) {
                entry["status"] = json!("open");
            }
        }
        json!({
            "schema": "minutebook.synth-history/1",
            "council": self.council.name,
            "council_slug": self.council.slug,
            "committee_slug": self.spec.slug,
            "names": self.spec.names.iter().map(|(y, n)| json!({"from_year": y, "name": n})).collect::<Vec<_>>(),
            "meetings": self.meetings_log,
            "actions": actions,
        })
    }

    fn date(&self) -> NaiveDate {
        self.schedule[self.idx]
    }

    fn d(&self, d: NaiveDate) -> String {
        fmt_date(d, self.council.style.minutes_date)
    }

    fn cllr(&self, h: &Human) -> String {
        format!("{} {}", h.honorific, h.name).trim().to_string()
    }

    fn chair(&self) -> &'static str {
        self.council.style.chair_word
    }

    fn minute_label(&self, n: u32) -> String {
        if self.council.style.year_suffix {
            format!("{n}/{:02}", self.date().year() % 100)
        } else {
            n.to_string()
        }
    }

    fn previous_date(&self) -> NaiveDate {
        if self.idx > 0 {
            self.schedule[self.idx - 1]
        } else {
            weekday_on_or_before(self.date() - Duration::days(42))
        }
    }

    fn generate(&mut self) -> GeneratedMeeting {
        let date = self.date();
        let year = date.year();
        if self.council.style.restart_numbers
            && self.idx > 0
            && self.schedule[self.idx - 1].year() != year
        {
            self.next_minute = 1;
        }
        let committee = self.spec.name_in(year).to_string();
        let mut meeting = Meeting {
            authority: Some(self.council.name.clone()),
            committee: Some(committee.clone()),
            date: Some(date.to_string()),
            start_time: Some(iso_time(self.spec.time)),
            venue: Some(self.spec.venue.clone()),
            contact: Some(self.spec.contact.clone()),
            minutes_status: Some(
                if self.idx + 1 == self.schedule.len() || self.rng.chance(0.03) {
                    MinutesStatus::Draft
                } else {
                    MinutesStatus::Final
                },
            ),
            ..Meeting::default()
        };
        let (attendance, subs) = self.attendance();
        self.present = self
            .spec
            .members
            .iter()
            .filter(|m| attendance.present.iter().any(|p| p.name == m.name))
            .cloned()
            .collect();
        let mut drafts = vec![
            self.apologies_item(&attendance, &subs),
            Draft::new("", ItemKind::Declarations),
        ];
        drafts.push(self.previous_minutes_item(&mut meeting));
        if self.rng.chance(0.4) {
            drafts.push(self.public_item());
        }
        if self.rng.chance(0.12) {
            drafts.push(self.announcements_item());
        }
        drafts.extend(self.follow_up_items());
        drafts.extend(self.business_items());
        if self.spec.kind.is_scrutiny() {
            drafts.push(self.work_programme_item());
        }
        if matches!(
            self.spec.kind,
            CommitteeKind::Cabinet | CommitteeKind::Audit | CommitteeKind::Licensing
        ) && self.rng.chance(0.15)
        {
            drafts.extend(self.exclusion_items());
        }
        // Number the items, then write the declarations, which cite numbers.
        for d in drafts.iter_mut() {
            d.item.number = Some(self.minute_label(self.next_minute));
            self.next_minute += 1;
        }
        meeting.declarations = self.declarations_item(&mut drafts);
        meeting.attendance = attendance;
        self.finish(meeting, drafts, committee)
    }

    /// Turns drafts into items and records ids and follow-ups.
    fn finish(
        &mut self,
        mut meeting: Meeting,
        drafts: Vec<Draft>,
        committee: String,
    ) -> GeneratedMeeting {
        let date = self.date();
        let mut ids = Vec::new();
        let mut follow_ups = Vec::new();
        for (i, mut d) in drafts.into_iter().enumerate() {
            d.item.minutes_text = Some(d.blocks.join("\n\n"));
            let number = d.item.number.clone().unwrap_or_default();
            for (a, topic, due_at) in d.tracked {
                let id = format!(
                    "{}/{}/{}/{}/{}",
                    self.council.slug,
                    self.spec.slug,
                    date,
                    slug_number(&number),
                    a + 1
                );
                let action = &d.item.actions[a];
                let minute = match &action.from_resolution {
                    Some(l)
                        if l.starts_with('(')
                            && l[1..].starts_with(|c: char| c.is_ascii_digit()) =>
                    {
                        format!("{number} {l}")
                    }
                    _ => number.clone(),
                };
                self.history.push(json!({
                    "id": id, "raised": {"date": date.to_string(), "item": number, "resolution": action.from_resolution},
                    "text": action.text, "owner": action.owner, "kind": action.kind.map(kind_str),
                    "due_text": action.due_text, "due_date": action.due_date,
                    "due_meeting": due_at.and_then(|j| self.schedule.get(j)).map(|d| d.to_string()),
                    "status": "open", "events": [],
                }));
                self.open.push(Open {
                    id: id.clone(),
                    topic,
                    minute,
                    raised: date,
                    due_at,
                    kind: action.kind.unwrap_or(ActionKind::Other),
                    owner: action.owner.clone(),
                });
                ids.push(ActionId {
                    id,
                    item: i,
                    action: a,
                });
            }
            for (action_id, mut outcome) in d.follow {
                if let Outcome::Deferred { new_action } = &mut outcome {
                    // The deferral raised a new work-programme action in this item.
                    if let Some(carrier) = ids.iter().rev().find(|a: &&ActionId| {
                        a.item == i && d.item.actions[a.action].text.contains("be put back")
                    }) {
                        *new_action = carrier.id.clone();
                    }
                }
                self.log_event(&action_id, &outcome, &number);
                follow_ups.push(FollowUp {
                    action_id,
                    item: i,
                    outcome,
                });
            }
            meeting.items.push(d.item);
        }
        self.meetings_log.push(
            json!({"date": date.to_string(), "committee": committee, "items": meeting.items.len()}),
        );
        let style_seed = mix(self.spec.seed, self.idx as u64, 7);
        GeneratedMeeting {
            council: self.council.name.clone(),
            council_slug: self.council.slug.clone(),
            committee,
            committee_slug: self.spec.slug.clone(),
            meeting,
            actions: ids,
            follow_ups,
            style_seed,
        }
    }

    fn log_event(&mut self, action_id: &str, outcome: &Outcome, number: &str) {
        let date = self.date().to_string();
        if let Some(entry) = self.history.iter_mut().find(|a| a["id"] == action_id) {
            entry["status"] = json!(outcome.as_str());
            let mut event = json!({"outcome": outcome.as_str(), "date": date, "item": number});
            if let Outcome::Deferred { new_action } = outcome {
                event["new_action"] = json!(new_action);
            }
            if let Some(events) = entry["events"].as_array_mut() {
                events.push(event);
            }
        }
    }

    // ----- attendance -------------------------------------------------

    /// Who came, who sent apologies, and which substitutes sat for whom.
    fn attendance(&mut self) -> (Attendance, Vec<(Human, Human)>) {
        let spec = Arc::clone(&self.spec);
        let mut att = Attendance::default();
        let mut subs = Vec::new();
        let mut sub_pool = spec.substitutes.iter();
        for (i, m) in spec.members.iter().enumerate() {
            let role = match i {
                0 => Role::Chair,
                1 => Role::ViceChair,
                _ => Role::Member,
            };
            let roll: f64 = self.rng.between(0, 999) as f64 / 1000.0;
            if i > 0 && roll < 0.13 {
                att.apologies.push(person(m, Role::Member));
                if spec.kind != CommitteeKind::FullCouncil
                    && self.rng.chance(0.45)
                    && let Some(s) = sub_pool.next()
                {
                    let mut p = person(s, Role::Substitute);
                    p.substitute_for = Some(m.name.clone());
                    att.present.push(p);
                    subs.push((s.clone(), m.clone()));
                }
            } else if i > 1 && roll < 0.16 {
                att.absent.push(person(m, Role::Member));
            } else {
                att.present.push(person(m, role));
            }
        }
        for c in &spec.co_opted {
            let role = lay_role(c);
            if self.rng.chance(0.2) {
                att.apologies.push(person(c, role));
            } else {
                att.also_present.push(person(c, role));
            }
        }
        if spec.kind.is_scrutiny()
            && self.rng.chance(0.5)
            && let Some(c) = spec.cabinet.first()
        {
            att.also_present.push(person(c, Role::CabinetMember));
        }
        if self.rng.chance(0.4) {
            att.public_count = Some(self.rng.between(1, 30));
        }
        (att, subs)
    }

    fn apologies_item(&mut self, att: &Attendance, subs: &[(Human, Human)]) -> Draft {
        let title = *self.rng.pick(&[
            "Apologies for Absence",
            "Apologies",
            "Apologies for Absence and Substitutions",
            "Apologies and Substitutes",
        ]);
        let mut d = Draft::new(title, ItemKind::Apologies);
        if self.rng.chance(0.5) {
            d.item.agenda_text = Some(
                self.rng
                    .pick(&[
                        "To receive apologies for absence and to note any substitutes.",
                        "To note any apologies and substitutions.",
                    ])
                    .to_string(),
            );
        }
        let apologies: Vec<&Person> = att.apologies.iter().collect();
        if apologies.is_empty() {
            d.para(*self.rng.pick(&[
                "No apologies for absence were received.",
                "There were no apologies.",
                "No apologies had been received.",
            ]));
        } else if !subs.is_empty() && self.rng.chance(0.35) {
            d.para(self.inline_substitutes(&apologies, subs));
        } else {
            let who = self.people_list(&apologies);
            let lead = *self.rng.pick(&[
                "Apologies for absence were received from",
                "Apologies were received from",
                "Apologies for absence were submitted by",
            ]);
            d.para(format!("{lead} {who}."));
            for (sub, absent) in subs {
                let (s, a) = (self.cllr(sub), self.cllr(absent));
                d.para(match self.rng.between(0, 3) {
                    0 => format!("{s} attended as a substitute in place of {a}."),
                    1 => format!("{s} was substituting for {a}."),
                    2 => format!("{s} attended as substitute for {a}."),
                    _ => format!("Substitute: {s} for {a}."),
                });
            }
        }
        for p in &att.absent {
            d.para(format!("{} was absent.", honorific_name(p)));
        }
        d
    }

    /// "Councillors A Adeyemo (Councillor K Thomas - substitute), K Blunt and
    /// co-opted Member Mr B Hall."
    fn inline_substitutes(&mut self, apologies: &[&Person], subs: &[(Human, Human)]) -> String {
        let parts: Vec<String> = apologies
            .iter()
            .map(|p| {
                let base = described(p);
                match subs.iter().find(|(_, a)| a.name == p.name) {
                    Some((s, _)) => format!("{base} ({} - substitute)", self.cllr(s)),
                    None => base,
                }
            })
            .collect();
        format!("Apologies were received from {}.", and_list(&parts))
    }

    /// Names with their honorifics and, for lay members, their description.
    fn people_list(&mut self, people: &[&Person]) -> String {
        let all_plain = people
            .iter()
            .all(|p| p.honorific.as_deref() == Some(self.council.style.cllr));
        if all_plain && people.len() > 1 && self.rng.chance(0.6) {
            let plural = format!("{}s", self.council.style.cllr);
            let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
            return format!("{plural} {}", and_list(&names));
        }
        let parts: Vec<String> = people.iter().map(|p| described(p)).collect();
        and_list(&parts)
    }

    // ----- routine items ------------------------------------------------

    fn previous_minutes_item(&mut self, meeting: &mut Meeting) -> Draft {
        let prev = self.previous_date();
        let pd = self.d(prev);
        let old_name = self.spec.name_in(prev.year()).to_string();
        let renamed = old_name != self.spec.name_in(self.date().year());
        let title = if renamed {
            format!("Minutes of the {old_name} meeting held on {pd}")
        } else {
            match self.rng.between(0, 3) {
                0 => format!("Minutes of the meeting held on {pd}"),
                1 => "Minutes of the Previous Meeting".to_string(),
                2 => "Minutes".to_string(),
                _ => "Confirmation of Minutes".to_string(),
            }
        };
        let mut d = Draft::new(title, ItemKind::PreviousMinutes);
        d.item.documents.push(self.document(&d.item.title.clone()));
        if self.rng.chance(0.5) {
            d.item.agenda_text = Some(format!(
                "To confirm the minutes of the meeting held on {pd}."
            ));
        }
        let chair = self.chair();
        match self.rng.between(0, 3) {
            0 => self.resolve(&mut d, vec![Part::plain(format!(
                "the minutes of the meeting held on {pd} be confirmed as a correct record and signed by the {chair}"
            ))]),
            1 => d.para(format!("The minutes of the meeting held on {pd} were agreed as a correct record and signed by the {chair}.")),
            2 => self.resolve(&mut d, vec![Part::plain(format!("the minutes of the meeting held on {pd} be approved as a correct record"))]),
            _ => self.resolve(&mut d, vec![Part::plain(format!("the minutes of the {old_name} meeting held on {pd} be signed as a true record"))]),
        }
        meeting.previous_minutes = Some(PreviousMinutes {
            date: Some(prev.to_string()),
            approved: Some(true),
        });
        d
    }

    fn public_item(&mut self) -> Draft {
        let title = *self.rng.pick(&[
            "Public Participation",
            "Questions and Deputations",
            "Public Question Time",
            "Petitions and Public Questions",
        ]);
        let mut d = Draft::new(title, ItemKind::PublicParticipation);
        let topic = self.topic();
        d.para(match self.rng.between(0, 3) {
            0 => "None.".to_string(),
            1 => "No questions or petitions had been received.".to_string(),
            2 => format!("A resident addressed the Committee about the {}, and the {} undertook to reply in writing.", topic, self.chair()),
            _ => "There were no public questions on this occasion.".to_string(),
        });
        d
    }

    fn announcements_item(&mut self) -> Draft {
        let title = *self.rng.pick(&[
            "Chair's Announcements",
            "Announcements",
            "Urgent Business",
            "Any Other Business",
        ]);
        let mut d = Draft::new(title, ItemKind::Other);
        d.para(match self.rng.between(0, 2) {
            0 => format!("The {} thanked officers for arranging the recent site visit, which Members had found useful.", self.chair()),
            1 => "There was no other business.".to_string(),
            _ => format!("The {} welcomed the new members of the Committee to their first meeting.", self.chair()),
        });
        d
    }

    fn declarations_item(&mut self, drafts: &mut [Draft]) -> Vec<Declaration> {
        let title = *self.rng.pick(&[
            "Declarations of Interest",
            "Declarations of Interests",
            "Declarations of Disclosable Pecuniary Interests and Other Interests",
            "Disclosures of Interest",
        ]);
        let targets: Vec<(String, String)> = drafts
            .iter()
            .filter(|d| d.item.kind == ItemKind::Substantive)
            .filter_map(|d| d.item.number.clone().map(|n| (n, d.item.title.clone())))
            .collect();
        let mut out = Vec::new();
        let mut blocks = Vec::new();
        if !targets.is_empty() && self.rng.chance(0.3) {
            let count = self.rng.between(1, 2) as usize;
            let present: Vec<Human> = self.present.iter().take(count).cloned().collect();
            for m in present {
                let (number, item_title) = self.rng.pick(&targets).clone();
                let (phrase, kind) = *self.rng.pick(&[
                    ("a personal interest", DeclarationKind::Personal),
                    ("a prejudicial interest", DeclarationKind::Prejudicial),
                    (
                        "a disclosable pecuniary interest",
                        DeclarationKind::Pecuniary,
                    ),
                    (
                        "an other registrable interest",
                        DeclarationKind::OtherDisclosable,
                    ),
                ]);
                let body = *self.rng.pick(&BODIES);
                let who = self.cllr(&m);
                let (sentence, text) = match self.rng.between(0, 2) {
                    0 => {
                        let t = format!("by virtue of being a member of {body}");
                        (
                            format!("{who} declared {phrase} in respect of item {number} {t}."),
                            t,
                        )
                    }
                    1 => {
                        let t = format!("as a member of {body}");
                        (
                            format!("{who} declared {phrase} in item {number} ({item_title}) {t}."),
                            t,
                        )
                    }
                    _ => {
                        let t = format!("because a close relative worked for {body}");
                        (
                            format!(
                                "{who} declared {phrase} in relation to agenda item {number}, {item_title}, {t}, and left the room while it was considered."
                            ),
                            t,
                        )
                    }
                };
                blocks.push(sentence);
                out.push(Declaration {
                    member: m.name.clone(),
                    item: Some(number),
                    kind: Some(kind),
                    text: Some(text),
                    span: None,
                });
            }
        } else {
            blocks.push(
                self.rng
                    .pick(&[
                        "There were no declarations of interest.",
                        "None were declared.",
                        "No declarations of interest were made.",
                        "No interests were declared at this meeting.",
                    ])
                    .to_string(),
            );
        }
        if let Some(d) = drafts.get_mut(1) {
            d.item.title = title.to_string();
            if self.rng.chance(0.4) {
                d.item.agenda_text =
                    Some("To receive any declarations of interest from Members.".to_string());
            }
            d.blocks = blocks;
        }
        out
    }

    // ----- business ---------------------------------------------------------

    fn topic(&mut self) -> String {
        let topics = self.spec.kind.info().topics;
        if topics.is_empty() {
            "Planning Enforcement Update".to_string()
        } else {
            self.rng.pick(topics).to_string()
        }
    }

    fn officer(&mut self) -> Human {
        self.rng.pick(&self.spec.officers).clone()
    }

    fn document(&mut self, title: &str) -> Document {
        Document {
            title: title.to_string(),
            format: Some("PDF".to_string()),
            size_kb: Some(self.rng.between(40, 900)),
        }
    }

    fn business_items(&mut self) -> Vec<Draft> {
        match self.spec.kind {
            CommitteeKind::Planning => (0..self.rng.between(2, 4))
                .map(|_| self.application_item(true))
                .collect(),
            CommitteeKind::Licensing => {
                let mut v: Vec<Draft> = (0..self.rng.between(1, 2))
                    .map(|_| self.application_item(false))
                    .collect();
                if self.rng.chance(0.4) {
                    v.push(self.report_item());
                }
                v
            }
            _ => (0..self.rng.between(1, 3))
                .map(|_| self.report_item())
                .collect(),
        }
    }

    /// A substantive report with discussion, resolutions and actions.
    fn report_item(&mut self) -> Draft {
        let topic = self.topic();
        let mut d = Draft::new(topic.clone(), ItemKind::Substantive);
        if self.rng.chance(0.7) {
            d.item.documents.push(self.document(&topic));
        }
        let author = self.officer();
        let post = author.description.clone().unwrap_or_default();
        if self.rng.chance(0.6) {
            d.item.agenda_text = Some(format!("Report of the {post}"));
        }
        self.in_attendance(&mut d);
        self.discussion(&mut d, &topic, &post);
        let parts = self.report_resolution(&topic, &post);
        self.resolve(&mut d, parts);
        d
    }

    fn in_attendance(&mut self, d: &mut Draft) {
        if !self.rng.chance(0.5) {
            return;
        }
        let mut officers = self.spec.officers.clone();
        officers.shuffle(&mut self.rng);
        let n = self.rng.between(1, 2.min(officers.len() as u32)) as usize;
        let chosen = &officers[..n];
        let parts: Vec<String> = chosen
            .iter()
            .map(|o| {
                format!(
                    "{}, {}",
                    self.cllr(o),
                    o.description.as_deref().unwrap_or_default()
                )
            })
            .collect();
        let tail = *self
            .rng
            .pick(&["in attendance for this item", "attended for this item"]);
        d.para(format!("[{}, {tail}]", and_list(&parts)));
        for o in chosen {
            d.item.in_attendance.push(person(o, Role::Officer));
        }
    }

    fn discussion(&mut self, d: &mut Draft, topic: &str, post: &str) {
        let t = topic;
        let f1 = *self.rng.pick(&FACTS);
        let f2 = *self.rng.pick(&FACTS);
        d.para(match self.rng.between(0, 2) {
            0 => format!("The Committee considered a report of the {post} on the {t}. Members were informed that {f1}."),
            1 => format!("The {post} presented the report on the {t} and advised that {f1} and that {f2}."),
            _ => format!("Members received a presentation on the {t}. It was reported that {f1}."),
        });
        let intro = *self.rng.pick(&[
            "Members raised the following matters:",
            "In discussion, Members raised:",
            "The following points were made during the debate:",
        ]);
        let mut aspects = ASPECTS.to_vec();
        aspects.shuffle(&mut self.rng);
        let n = self.rng.between(2, 4) as usize;
        let mut lines: Vec<String> = aspects[..n]
            .iter()
            .map(|a| format!("- {}.", upper_sentence(a)))
            .collect();
        if self.rng.chance(0.25) {
            // A bullet that opens a nested list; renderers may show the
            // nested points with a different glyph, the record flattens them.
            lines.push(format!("- {}, including:", upper_sentence(aspects[n])));
            for _ in 0..2 {
                let fact = *self.rng.pick(&FACTS);
                lines.push(format!("- {}", upper_sentence(fact)));
            }
        }
        d.para(intro);
        d.para(lines.join("\n"));
        if self.rng.chance(0.5) {
            let m = self.rng.pick(&self.present).clone();
            d.para(format!(
                "In response to a question from {}, the {post} confirmed that {}.",
                self.cllr(&m),
                self.rng.pick(&FACTS)
            ));
        }
        if self.rng.chance(0.3) {
            self.discussion_request(d);
        }
    }

    /// A request made in the discussion (C11: kind "request").
    fn discussion_request(&mut self, d: &mut Draft) {
        let what = *self.rng.pick(&CIRCULARS);
        let (sentence, text) = match self.rng.between(0, 1) {
            0 => (format!("Members requested {what}."), what.to_string()),
            _ => {
                let t = format!("{what} be circulated to Members");
                (format!("It was requested that {t}."), t)
            }
        };
        d.para(sentence);
        let action = Action {
            text,
            kind: Some(ActionKind::Request),
            ..Action::default()
        };
        d.item.actions.push(action);
        d.tracked
            .push((d.item.actions.len() - 1, what.to_string(), None));
    }

    fn report_resolution(&mut self, topic: &str, post: &str) -> Vec<Part> {
        let mut parts = vec![Part::plain(
            self.rng
                .pick(&[
                    "the report be noted",
                    "the update be noted",
                    "the report be received and the progress made be welcomed",
                ])
                .to_string(),
        )];
        if self.rng.chance(0.45) {
            parts.push(self.report_request(topic, post));
        }
        if self.rng.chance(0.12) {
            let text = format!(
                "a briefing session on the {} be arranged for all Members",
                topic
            );
            let action = Action {
                text: text.clone(),
                kind: Some(ActionKind::Meeting),
                ..Action::default()
            };
            parts.push(Part {
                text,
                action: Some((action, topic.to_string(), None)),
            });
        }
        if self.spec.kind == CommitteeKind::Cabinet && self.rng.chance(0.4) {
            let vp = format!("approve the {} at its next meeting", topic);
            let action = Action {
                text: vp.clone(),
                owner: Some("Council".into()),
                kind: Some(ActionKind::Recommendation),
                ..Action::default()
            };
            parts.push(Part {
                text: format!("the Council be recommended to {vp}"),
                action: Some((action, topic.to_string(), None)),
            });
        }
        if parts.len() > 1 && self.rng.chance(0.3) {
            // Drop the noting part so a lone request is an unlabelled resolution.
            parts.remove(0);
        }
        parts
    }

    /// "the Director be requested to submit … to the next meeting …".
    fn report_request(&mut self, topic: &str, post: &str) -> Part {
        let (due_text, due_date, due_at) = self.due();
        let aspect = *self.rng.pick(&ASPECTS);
        let t = topic;
        let vp = match self.rng.between(0, 2) {
            0 => format!("submit a further report on the {t} to {due_text}"),
            1 => format!("provide an update on {aspect} in relation to the {t} to {due_text}"),
            _ => format!("report back to {due_text} on progress with the {t}"),
        };
        let action = Action {
            text: vp.clone(),
            owner: Some(post.to_string()),
            due_date,
            due_text: Some(due_text),
            kind: Some(ActionKind::Report),
            ..Action::default()
        };
        Part {
            text: format!("the {post} be requested to {vp}"),
            action: Some((action, topic.to_string(), due_at)),
        }
    }

    /// A due phrase, its date when printed, and the meeting it points at.
    fn due(&mut self) -> (String, Option<String>, Option<usize>) {
        let next = self.idx + 1;
        let later = self.idx + 2;
        let has_next = next < self.schedule.len();
        match self.rng.between(0, 3) {
            1 if has_next => {
                let nd = self.schedule[next];
                (
                    format!("the next meeting of the Committee on {}", self.d(nd)),
                    Some(nd.to_string()),
                    Some(next),
                )
            }
            2 if later < self.schedule.len() => {
                let ld = self.schedule[later];
                (
                    format!("the meeting on {}", self.d(ld)),
                    Some(ld.to_string()),
                    Some(later),
                )
            }
            3 if later < self.schedule.len() => {
                let ld = self.schedule[later];
                (format!("the {} meeting", month_name(ld)), None, Some(later))
            }
            _ => (
                "the next meeting".to_string(),
                None,
                has_next.then_some(next),
            ),
        }
    }

    fn application_item(&mut self, planning: bool) -> Draft {
        let town = *self.rng.pick(&TOWNS);
        let street = *self.rng.pick(&STREETS);
        let title = if planning {
            let suffix = *self.rng.pick(&["FUL", "OUT", "HOU", "COU"]);
            let reference = format!(
                "{:02}/{:05}/{suffix}",
                self.date().year() % 100,
                self.rng.between(100, 99999)
            );
            format!(
                "{reference} – {}, {street}, {town}",
                self.rng.pick(&DEVELOPMENTS)
            )
        } else {
            format!(
                "Application for a Premises Licence – {}, {street}, {town}",
                self.rng.pick(&PREMISES)
            )
        };
        let mut d = Draft::new(title.clone(), ItemKind::Substantive);
        d.item.documents.push(self.document(&title));
        self.in_attendance(&mut d);
        let speaker = format!(
            "{} {}",
            self.rng.pick(&LAY_HONORIFICS),
            self.rng.pick(&SURNAMES)
        );
        d.para(format!(
            "The Committee considered the report of the {} on the application.",
            self.spec.officers[0]
                .description
                .as_deref()
                .unwrap_or("Head of Service")
        ));
        if self.rng.chance(0.6) {
            let side = *self.rng.pick(&["in support of", "in objection to"]);
            d.para(format!(
                "{speaker} addressed the Committee {side} the application."
            ));
        }
        let text = match (planning, self.rng.chance(0.75)) {
            (true, true) => {
                "planning permission be granted subject to the conditions set out in the report"
            }
            (true, false) => "planning permission be refused for the reasons set out in the report",
            (false, true) => {
                "the licence be granted subject to the conditions set out in the report"
            }
            (false, false) => "the application be refused on the grounds of public nuisance",
        };
        let vote = self.vote();
        d.para(vote_sentence(&vote, self.chair(), self.rng.between(0, 2)));
        self.resolve_with_vote(&mut d, text, Some(vote));
        d
    }

    fn vote(&mut self) -> Vote {
        let members = self.spec.members.len() as u32;
        if self.rng.chance(0.1) {
            let half = self.rng.between(2, members / 2);
            return Vote {
                for_: Some(half),
                against: Some(half),
                abstain: None,
                outcome: Some(VoteOutcome::Carried),
                casting_vote: true,
                recorded: Vec::new(),
            };
        }
        let against = self.rng.between(0, members / 3);
        let abstain = self.rng.between(0, 2);
        let for_ = members.saturating_sub(against + abstain).max(against + 1);
        Vote {
            for_: Some(for_),
            against: Some(against),
            abstain: Some(abstain),
            outcome: Some(VoteOutcome::Carried),
            casting_vote: false,
            recorded: Vec::new(),
        }
    }

    fn exclusion_items(&mut self) -> Vec<Draft> {
        let mut d = Draft::new(
            *self.rng.pick(&[
                "Exclusion of the Press and Public",
                "Exclusion of the Public",
                "Exempt Information – Exclusion of the Press and Public",
            ]),
            ItemKind::Exclusion,
        );
        let para = self.rng.between(1, 7);
        self.resolve(&mut d, vec![Part::plain(format!(
            "the press and public be excluded from the meeting for the next item of business, as it would involve the likely disclosure of exempt information of the kind described in paragraph {para} of Part 1 of Schedule 12A to the Local Government Act 1972"
        ))]);
        let mut e = Draft::new(
            format!(
                "{} (Exempt)",
                self.rng.pick(&[
                    "Contract Award for Facilities Management",
                    "Property Disposal",
                    "Debt Write-Off",
                    "Legal Claim Settlement"
                ])
            ),
            ItemKind::Substantive,
        );
        self.resolve(
            &mut e,
            vec![Part::plain(
                "the recommendations set out in the exempt report be approved",
            )],
        );
        vec![d, e]
    }

    // ----- follow-ups and the work programme -------------------------------

    /// Items bringing back earlier requests, citing the minute that asked.
    fn follow_up_items(&mut self) -> Vec<Draft> {
        let idx = self.idx;
        let mut out = Vec::new();
        let mut keep = Vec::new();
        for open in std::mem::take(&mut self.open) {
            let due_now = open.due_at.is_some_and(|j| j <= idx);
            let chance = match (open.kind, due_now, open.due_at.is_some_and(|j| j < idx)) {
                (ActionKind::Request, _, _) => 0.35,
                (_, true, false) => 0.6,
                (_, true, true) => 0.25,
                (ActionKind::Meeting, _, _) => 0.2,
                _ => 0.0,
            };
            let repeat = out.iter().any(|d: &Draft| {
                d.item.title.contains(open.topic.as_str())
                    || (open.kind == ActionKind::Request && d.item.kind == ItemKind::Other)
            });
            if !repeat
                && out.len() < 2
                && matches!(
                    open.kind,
                    ActionKind::Report
                        | ActionKind::WorkProgramme
                        | ActionKind::Request
                        | ActionKind::Meeting
                        | ActionKind::Recommendation
                )
                && self.rng.chance(chance)
            {
                out.push(self.follow_up(&open));
            } else {
                keep.push(open);
            }
        }
        self.open = keep;
        out
    }

    fn follow_up(&mut self, open: &Open) -> Draft {
        let date = self.d(open.raised);
        let (cite, minute) = match self.rng.between(0, 2) {
            0 => (
                format!("Further to Minute No. {} of {date}", open.minute),
                Some(open.minute.clone()),
            ),
            1 => (
                format!(
                    "As requested at the meeting held on {date} (Minute {} refers)",
                    open.minute
                ),
                Some(open.minute.clone()),
            ),
            _ => (format!("At its meeting on {date}"), None),
        };
        let reference = Reference {
            minute,
            meeting_date: Some(open.raised.to_string()),
            text: cite.clone(),
            span: None,
        };
        let mut d = if open.kind == ActionKind::Request {
            let mut d = Draft::new("Matters Arising", ItemKind::Other);
            d.para(format!(
                "{cite}, {} had been circulated to Members.",
                open.topic
            ));
            d
        } else {
            let title = match self.rng.between(0, 2) {
                0 => format!("{} – Update", open.topic),
                1 => format!("Update on {}", open.topic),
                _ => format!("{}: Progress Report", open.topic),
            };
            let mut d = Draft::new(title.clone(), ItemKind::Substantive);
            if self.rng.chance(0.6) {
                d.item.documents.push(self.document(&title));
            }
            let by = open.owner.clone().unwrap_or_else(|| "officers".to_string());
            let by = if by == "officers" || by == "Council" {
                by
            } else {
                format!("the {by}")
            };
            let lead = if cite.starts_with("At its") {
                format!("{cite}, the Committee had asked for an update.")
            } else {
                format!("{cite}, the Committee considered an update from {by}.")
            };
            d.para(format!(
                "{lead} Members were informed that {}.",
                self.rng.pick(&FACTS)
            ));
            let noted = *self
                .rng
                .pick(&["the update be noted", "the progress reported be noted"]);
            self.resolve(&mut d, vec![Part::plain(noted)]);
            d
        };
        d.item.references.push(reference);
        d.follow.push((open.id.clone(), Outcome::Addressed));
        d
    }

    fn work_programme_item(&mut self) -> Draft {
        let title = *self.rng.pick(&[
            "Work Programme",
            "Work Programme 2024/25",
            "Forward Work Programme",
            "Committee Work Programme",
        ]);
        let title = if title.contains("2024") {
            let y = self.date().year() - i32::from(self.date().month() < 5);
            format!("Work Programme {}/{:02}", y, (y + 1) % 100)
        } else {
            title.to_string()
        };
        let mut d = Draft::new(title.clone(), ItemKind::WorkProgramme);
        if self.rng.chance(0.5) {
            d.item.documents.push(self.document(&title));
        }
        d.para(*self.rng.pick(&[
            "The Committee reviewed its work programme for the remainder of the municipal year.",
            "Members considered the items scheduled for future meetings.",
        ]));
        let mut parts = vec![Part::plain(*self.rng.pick(&[
            "the work programme be noted",
            "the work programme be agreed",
        ]))];
        let mut follow = Vec::new();
        self.reschedule(&mut parts, &mut follow);
        if self.idx + 1 < self.schedule.len() && self.rng.chance(0.45) {
            let topic = self.topic();
            let j = (self.idx + self.rng.between(1, 2) as usize).min(self.schedule.len() - 1);
            let when = format!("the {} meeting", month_name(self.schedule[j]));
            let text = format!(
                "an item on the {} be added to the work programme for {when}",
                topic
            );
            let action = Action {
                text: text.clone(),
                due_text: Some(when),
                kind: Some(ActionKind::WorkProgramme),
                ..Action::default()
            };
            parts.push(Part {
                text,
                action: Some((action, topic, Some(j))),
            });
        }
        self.resolve(&mut d, parts);
        d.follow = follow;
        d
    }

    /// Puts back or drops an overdue report; deferrals become new actions.
    fn reschedule(&mut self, parts: &mut Vec<Part>, follow: &mut Vec<(String, Outcome)>) {
        let idx = self.idx;
        let Some(pos) = self
            .open
            .iter()
            .position(|o| o.kind != ActionKind::Request && o.due_at.is_some_and(|j| j <= idx))
        else {
            return;
        };
        let later = idx + self.rng.between(1, 2) as usize;
        if later < self.schedule.len() && self.rng.chance(0.35) {
            let open = self.open.remove(pos);
            let (from, to) = (month_name(self.date()), month_name(self.schedule[later]));
            let when = format!("the {to} meeting");
            let text = format!(
                "the item on the {} be put back from {from} to {when}",
                open.topic
            );
            let action = Action {
                text: text.clone(),
                due_text: Some(when),
                kind: Some(ActionKind::WorkProgramme),
                ..Action::default()
            };
            parts.push(Part {
                text,
                action: Some((action, open.topic.clone(), Some(later))),
            });
            // The new action's id is only known after numbering; mark it.
            follow.push((
                open.id,
                Outcome::Deferred {
                    new_action: String::new(),
                },
            ));
        } else if self.rng.chance(0.15) {
            let open = self.open.remove(pos);
            parts.push(Part::plain(format!(
                "the item on the {} be removed from the work programme",
                open.topic
            )));
            follow.push((open.id, Outcome::Dropped));
        }
    }

    // ----- resolutions ------------------------------------------------------

    fn resolve(&mut self, d: &mut Draft, parts: Vec<Part>) {
        if parts.len() == 1 {
            let mut parts = parts;
            if let Some(p) = parts.pop() {
                let action = p.action;
                self.resolve_with_vote(d, &p.text, None);
                if let Some((a, topic, due)) = action {
                    d.item.actions.push(a);
                    d.tracked.push((d.item.actions.len() - 1, topic, due));
                }
            }
            return;
        }
        let labels = self.labels(parts.len());
        let lead = *self.rng.pick(&[
            "RESOLVED: That",
            "Resolved: That",
            "RESOLVED – That",
            "RESOLVED that:",
        ]);
        d.para(lead);
        let mut lines = Vec::new();
        let last = parts.len() - 1;
        for (i, (p, label)) in parts.into_iter().zip(labels).enumerate() {
            let ending = if i == last {
                "."
            } else if i + 1 == last {
                "; and"
            } else {
                ";"
            };
            lines.push(format!("{label} {}{ending}", p.text));
            let text = if i == last {
                format!("{}.", p.text)
            } else {
                p.text.clone()
            };
            d.item.resolutions.push(Resolution {
                label: Some(label.clone()),
                text,
                vote: None,
                span: None,
            });
            if let Some((mut a, topic, due)) = p.action {
                a.from_resolution = Some(label);
                d.item.actions.push(a);
                d.tracked.push((d.item.actions.len() - 1, topic, due));
            }
        }
        d.para(lines.join("\n"));
    }

    fn resolve_with_vote(&mut self, d: &mut Draft, text: &str, vote: Option<Vote>) {
        let variants = if self.present.len() >= 2 { 5 } else { 4 };
        let (para, lead_text) = match self.rng.between(0, variants) {
            0 => (format!("Resolved: That {text}."), None),
            1 => (format!("RESOLVED: That {text}."), None),
            2 => (format!("RESOLVED – That {text}."), None),
            3 => (format!("RESOLVED that {text}."), None),
            4 => ("RESOLVED:".to_string(), Some(format!("That {text}."))),
            _ => {
                let mut movers = self.present.clone();
                movers.shuffle(&mut self.rng);
                (
                    format!(
                        "It was moved by {}, seconded by {} and",
                        self.cllr(&movers[0]),
                        self.cllr(&movers[1])
                    ),
                    Some(format!("RESOLVED that {text}.")),
                )
            }
        };
        match lead_text {
            Some(t) if para.starts_with("It was moved") => d.para(format!("{para} {t}")),
            Some(t) => {
                d.para(para);
                d.para(t);
            }
            None => d.para(para),
        }
        d.item.resolutions.push(Resolution {
            label: None,
            text: format!("{text}."),
            vote,
            span: None,
        });
    }

    fn labels(&mut self, n: usize) -> Vec<String> {
        const ROMAN: [&str; 8] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"];
        let style = self.rng.between(0, 3);
        (0..n)
            .map(|i| {
                let letter = (b'a' + i as u8) as char;
                match style {
                    0 => format!("({})", i + 1),
                    1 => format!("{letter})"),
                    2 => format!("({})", ROMAN[i % ROMAN.len()]),
                    _ => format!("({letter})"),
                }
            })
            .collect()
    }
}

impl Iterator for CommitteeRun {
    type Item = GeneratedMeeting;

    fn next(&mut self) -> Option<GeneratedMeeting> {
        if self.idx >= self.schedule.len() {
            return None;
        }
        let m = self.generate();
        self.idx += 1;
        Some(m)
    }
}

fn vote_sentence(v: &Vote, chair: &str, variant: u32) -> String {
    let (f, a) = (v.for_.unwrap_or(0), v.against.unwrap_or(0));
    if v.casting_vote {
        return format!(
            "There being an equality of votes ({f} for, {a} against), the {chair} used the casting vote and the motion was carried."
        );
    }
    let ab = v.abstain.unwrap_or(0);
    let abst = if ab == 1 { "abstention" } else { "abstentions" };
    match variant {
        0 => format!(
            "On being put to the vote, the motion was carried ({f} for, {a} against, {ab} {abst})."
        ),
        1 => format!(
            "Upon a vote there were {f} votes for, {a} against and {ab} {abst}, and the motion was carried."
        ),
        _ => format!(
            "The recommendation was put to the vote and carried by {f} votes to {a}, with {ab} {abst}."
        ),
    }
}

fn kind_str(k: ActionKind) -> &'static str {
    match k {
        ActionKind::Report => "report",
        ActionKind::WorkProgramme => "work-programme",
        ActionKind::Meeting => "meeting",
        ActionKind::Request => "request",
        ActionKind::Recommendation => "recommendation",
        ActionKind::Other => "other",
    }
}

/// "51/23" → "51-23" for ids.
fn slug_number(n: &str) -> String {
    n.replace('/', "-")
}

fn upper_sentence(s: &str) -> String {
    upper_first(s)
}

/// Lay members whose description names them a representative are
/// representatives; others are co-opted (the rule the parser can apply).
fn lay_role(h: &Human) -> Role {
    match &h.description {
        Some(d) if d.contains("Representative") => Role::Representative,
        _ => Role::CoOpted,
    }
}

pub(crate) fn person(h: &Human, role: Role) -> Person {
    Person {
        name: h.name.clone(),
        honorific: (!h.honorific.is_empty()).then(|| h.honorific.clone()),
        role: Some(role),
        substitute_for: None,
        description: h.description.clone(),
        span: None,
    }
}

/// "Mrs S Cain (Parent Governor Representative)".
fn described(p: &Person) -> String {
    match &p.description {
        Some(desc) => format!("{} ({desc})", honorific_name(p)),
        None => honorific_name(p),
    }
}

/// "Councillor June Burns", "Mrs S Cain".
pub(crate) fn honorific_name(p: &Person) -> String {
    match &p.honorific {
        Some(h) => format!("{h} {}", p.name),
        None => p.name.clone(),
    }
}

fn weekday_on_or_before(mut d: NaiveDate) -> NaiveDate {
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d -= Duration::days(1);
    }
    d
}

/// 6–10 meetings a year on the committee's usual weekday, in distinct months
/// (August is recess), so dates never collide.
fn schedule(rng: &mut StdRng, spec: &CommitteeSpec, start_year: i32, years: u32) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    for y in start_year..start_year + years as i32 {
        let mut months: Vec<u32> = (1..=12).filter(|m| *m != 8).collect();
        months.shuffle(rng);
        let n = rng.between(6, 10) as usize;
        let mut chosen: Vec<u32> = months[..n].to_vec();
        chosen.sort_unstable();
        for m in chosen {
            let weekday = if rng.chance(0.85) {
                spec.weekday
            } else {
                rng.between(0, 4)
            };
            let week = rng.between(0, 3);
            if let Some(d) = nth_weekday(y, m, weekday, week) {
                out.push(d);
            }
        }
    }
    out
}

/// The `week`th (0-based) `weekday` (0 = Monday) of a month.
fn nth_weekday(y: i32, m: u32, weekday: u32, week: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let offset = (7 + weekday as i64 - first.weekday().num_days_from_monday() as i64) % 7;
    Some(first + Duration::days(offset + 7 * week as i64))
}
