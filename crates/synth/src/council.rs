//! Invented councils, their committees and the people on them.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::util::{Choose, DateStyle, mix, slugify};
use crate::words::*;

/// The sorts of committee a council has, each with its own business.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommitteeKind {
    ChildrenScrutiny,
    AdultsScrutiny,
    HealthScrutiny,
    SafeguardingScrutiny,
    Cabinet,
    Planning,
    Licensing,
    Audit,
    FullCouncil,
}

/// What a kind of committee is called, what it may be renamed to, and what
/// it talks about.
pub(crate) struct KindInfo {
    pub names: &'static [&'static str],
    pub renames: &'static [&'static str],
    pub topics: &'static [&'static str],
    pub posts: &'static [&'static str],
    pub portfolio: &'static str,
}

impl CommitteeKind {
    /// Every kind, in the order a council lists them.
    pub(crate) const ALL: [CommitteeKind; 9] = [
        CommitteeKind::FullCouncil,
        CommitteeKind::Cabinet,
        CommitteeKind::ChildrenScrutiny,
        CommitteeKind::AdultsScrutiny,
        CommitteeKind::HealthScrutiny,
        CommitteeKind::SafeguardingScrutiny,
        CommitteeKind::Planning,
        CommitteeKind::Licensing,
        CommitteeKind::Audit,
    ];

    /// Whether the committee scrutinises (and so keeps a work programme).
    pub(crate) fn is_scrutiny(self) -> bool {
        matches!(
            self,
            Self::ChildrenScrutiny
                | Self::AdultsScrutiny
                | Self::HealthScrutiny
                | Self::SafeguardingScrutiny
                | Self::Audit
        )
    }

    pub(crate) fn info(self) -> &'static KindInfo {
        match self {
            Self::ChildrenScrutiny => &CHILDREN,
            Self::AdultsScrutiny => &ADULTS,
            Self::HealthScrutiny => &HEALTH,
            Self::SafeguardingScrutiny => &SAFEGUARDING,
            Self::Cabinet => &CABINET,
            Self::Planning => &PLANNING,
            Self::Licensing => &LICENSING,
            Self::Audit => &AUDIT,
            Self::FullCouncil => &COUNCIL,
        }
    }
}

static CHILDREN: KindInfo = KindInfo {
    names: &[
        "Children's Services Overview and Scrutiny Committee",
        "Children and Young People Scrutiny Board",
        "Overview and Scrutiny Committee (Children's Services)",
    ],
    renames: &[
        "Children, Young People and Education Overview and Scrutiny Committee",
        "Children's Services, Education & Skills Scrutiny Board",
    ],
    topics: &[
        "Fostering Service Annual Report",
        "Elective Home Education",
        "School Place Planning Strategy",
        "Youth Justice Plan",
        "Care Leavers Local Offer",
        "Home to School Transport Review",
        "Early Help Strategy",
        "School Attendance and Exclusions",
        "Children's Social Care Performance",
        "Special Educational Needs Sufficiency Plan",
    ],
    posts: &[
        "Director of Children's Services",
        "Assistant Director Education",
        "Head of Fostering and Adoption",
        "Head of Early Help",
        "Principal Educational Psychologist",
    ],
    portfolio: "Children and Families",
};

static ADULTS: KindInfo = KindInfo {
    names: &[
        "Adult Social Care Overview and Scrutiny Committee",
        "Adults and Communities Scrutiny Panel",
    ],
    renames: &["Adult Social Care and Housing Overview and Scrutiny Committee"],
    topics: &[
        "Adult Social Care Market Position Statement",
        "Carers Strategy Refresh",
        "Home Care Recommissioning",
        "Hospital Discharge Arrangements",
        "Deprivation of Liberty Safeguards",
        "Learning Disability Day Opportunities",
        "Safeguarding Adults Board Annual Report",
        "Extra Care Housing Programme",
    ],
    posts: &[
        "Director of Adult Social Care",
        "Assistant Director Commissioning",
        "Head of Adult Safeguarding",
        "Principal Social Worker",
    ],
    portfolio: "Adult Social Care",
};

static HEALTH: KindInfo = KindInfo {
    names: &[
        "Health Scrutiny Committee",
        "Health Overview and Scrutiny Panel",
    ],
    renames: &["Health and Wellbeing Overview and Scrutiny Committee"],
    topics: &[
        "Winter Pressures on Urgent Care",
        "Integrated Care Board Update",
        "Access to GP Services",
        "NHS Dental Services",
        "Mental Health Crisis Pathway",
        "Director of Public Health Annual Report",
        "Ambulance Handover Delays",
        "Stop Smoking Services",
    ],
    posts: &[
        "Director of Public Health",
        "Consultant in Public Health",
        "Head of Health Improvement",
    ],
    portfolio: "Health and Wellbeing",
};

static SAFEGUARDING: KindInfo = KindInfo {
    names: &["Safeguarding Overview and Scrutiny Committee"],
    renames: &["Safeguarding and Education Overview and Scrutiny Committee"],
    topics: &[
        "Domestic Abuse Strategy",
        "Multi-Agency Safeguarding Hub",
        "Exploitation and Missing Children",
        "Local Authority Designated Officer Annual Report",
        "Modern Slavery Statement",
        "Safeguarding Partnership Annual Report",
    ],
    posts: &[
        "Assistant Director Safeguarding",
        "Head of Quality Assurance",
        "Safeguarding Partnership Business Manager",
    ],
    portfolio: "Community Safety",
};

static CABINET: KindInfo = KindInfo {
    names: &["Cabinet", "Executive"],
    renames: &[],
    topics: &[
        "Medium Term Financial Strategy",
        "Capital Programme Monitoring",
        "Highways Asset Management Plan",
        "Climate Action Plan Progress",
        "Treasury Management Mid-Year Review",
        "Library Service Review",
        "Waste Collection Contract",
        "Local Transport Plan",
    ],
    posts: &[
        "Chief Executive",
        "Director of Finance",
        "Director of Place",
        "Head of Strategic Assets",
    ],
    portfolio: "Finance and Resources",
};

static PLANNING: KindInfo = KindInfo {
    names: &[
        "Planning Committee",
        "Development Control Committee",
        "Planning and Regulatory Committee",
    ],
    renames: &["Strategic Planning Committee"],
    topics: &[],
    posts: &[
        "Planning Manager",
        "Principal Planning Officer",
        "Highways Development Officer",
    ],
    portfolio: "Planning",
};

static LICENSING: KindInfo = KindInfo {
    names: &["Licensing Committee", "Licensing and Regulatory Committee"],
    renames: &["Licensing and Public Protection Committee"],
    topics: &[
        "Statement of Licensing Policy Review",
        "Taxi and Private Hire Licensing Policy",
        "Street Trading Policy",
    ],
    posts: &[
        "Licensing Manager",
        "Senior Licensing Officer",
        "Legal Adviser",
    ],
    portfolio: "Regulatory Services",
};

static AUDIT: KindInfo = KindInfo {
    names: &["Audit and Governance Committee", "Audit Committee"],
    renames: &["Audit, Governance and Standards Committee"],
    topics: &[
        "Internal Audit Progress Report",
        "External Audit Plan",
        "Strategic Risk Register",
        "Counter Fraud Annual Report",
        "Statement of Accounts",
        "Annual Governance Statement",
        "Treasury Management Practices",
    ],
    posts: &[
        "Chief Internal Auditor",
        "Director of Finance",
        "Monitoring Officer",
        "Risk Manager",
    ],
    portfolio: "Finance and Resources",
};

static COUNCIL: KindInfo = KindInfo {
    names: &["Council", "Full Council"],
    renames: &[],
    topics: &[
        "Council Tax Setting",
        "Pay Policy Statement",
        "Review of the Constitution",
        "Appointments to Outside Bodies",
        "Members' Allowances Scheme",
    ],
    posts: &[
        "Chief Executive",
        "Monitoring Officer",
        "Director of Finance",
    ],
    portfolio: "Leader of the Council",
};

/// How a council writes members' names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameForm {
    /// "June Burns"
    Full,
    /// "J Burns"
    Initial,
    /// "J. Burns"
    InitialDot,
    /// "Burns"
    Surname,
}

/// Writing habits that hold across one council's documents.
#[derive(Debug, Clone)]
pub(crate) struct CouncilStyle {
    pub name_form: NameForm,
    /// "Councillor" or "Cllr".
    pub cllr: &'static str,
    /// How dates inside minutes are written.
    pub minutes_date: DateStyle,
    /// "Chair" or "Chairman".
    pub chair_word: &'static str,
    /// Minute numbers carry the year ("51/23").
    pub year_suffix: bool,
    /// Minute numbers restart each municipal year.
    pub restart_numbers: bool,
}

/// A person as the generator knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Human {
    pub name: String,
    pub honorific: String,
    pub description: Option<String>,
}

/// A committee over the whole corpus span.
#[derive(Debug, Clone)]
pub(crate) struct CommitteeSpec {
    pub kind: CommitteeKind,
    pub slug: String,
    /// `(first year, name)`, in order; more than one entry means renamed.
    pub names: Vec<(i32, String)>,
    pub venue: String,
    pub contact: String,
    pub time: (u32, u32),
    pub weekday: u32,
    pub members: Vec<Human>,
    pub co_opted: Vec<Human>,
    pub officers: Vec<Human>,
    pub cabinet: Vec<Human>,
    /// Councillors who sit in for absent members.
    pub substitutes: Vec<Human>,
    pub seed: u64,
}

impl CommitteeSpec {
    /// The committee's name in `year`.
    pub(crate) fn name_in(&self, year: i32) -> &str {
        let mut name = &self.names[0].1;
        for (from, n) in &self.names {
            if *from <= year {
                name = n;
            }
        }
        name
    }
}

/// A council with its committees.
#[derive(Debug, Clone)]
pub(crate) struct Council {
    pub name: String,
    pub slug: String,
    pub style: CouncilStyle,
    pub committees: Vec<std::sync::Arc<CommitteeSpec>>,
}

/// The number of distinct council names available.
pub(crate) const COUNCIL_CAPACITY: usize =
    PLACE_HEADS.len() * PLACE_TAILS.len() * COUNCIL_TYPES.len();

/// The `index`th council of the corpus seeded by `seed`. Names are unique for
/// `index < COUNCIL_CAPACITY` because the index is mapped bijectively onto
/// (head, tail, type) combinations.
pub(crate) fn council(seed: u64, index: usize, start_year: i32, years: u32) -> Council {
    let mut rng = StdRng::seed_from_u64(mix(seed, 1, index as u64));
    // 97 is coprime with the capacity (3840), so this permutes the indices.
    let k = (index * 97 + (seed as usize % COUNCIL_CAPACITY)) % COUNCIL_CAPACITY;
    let head = PLACE_HEADS[k % PLACE_HEADS.len()];
    let tail = PLACE_TAILS[(k / PLACE_HEADS.len()) % PLACE_TAILS.len()];
    let kind = COUNCIL_TYPES[k / (PLACE_HEADS.len() * PLACE_TAILS.len())];
    let place = format!("{head}{tail}");
    let name = format!("{place} {kind}");
    let town = rng.pick(&TOWNS).to_string();
    let style = CouncilStyle {
        name_form: *rng.pick(&[
            NameForm::Full,
            NameForm::Initial,
            NameForm::InitialDot,
            NameForm::Surname,
        ]),
        cllr: if rng.chance(0.7) {
            "Councillor"
        } else {
            "Cllr"
        },
        minutes_date: if rng.chance(0.7) {
            DateStyle::Plain
        } else {
            DateStyle::Ordinal
        },
        chair_word: if rng.chance(0.6) { "Chair" } else { "Chairman" },
        year_suffix: rng.chance(0.25),
        restart_numbers: rng.chance(0.5),
    };
    let building = *rng.pick(&BUILDINGS);
    let kinds = committee_kinds(&mut rng);
    let committees = kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            let cseed = mix(seed, 2 + index as u64, i as u64);
            std::sync::Arc::new(committee(
                cseed, kind, &style, building, &town, start_year, years,
            ))
        })
        .collect();
    Council {
        slug: slugify(&name),
        name,
        style,
        committees,
    }
}

/// Every council has full council, cabinet, planning and audit; scrutiny and
/// licensing committees vary.
fn committee_kinds(rng: &mut StdRng) -> Vec<CommitteeKind> {
    CommitteeKind::ALL
        .into_iter()
        .filter(|k| match k {
            CommitteeKind::FullCouncil
            | CommitteeKind::Cabinet
            | CommitteeKind::Planning
            | CommitteeKind::Audit => true,
            _ => rng.chance(0.8),
        })
        .collect()
}

fn committee(
    seed: u64,
    kind: CommitteeKind,
    style: &CouncilStyle,
    building: &str,
    town: &str,
    start_year: i32,
    years: u32,
) -> CommitteeSpec {
    let mut rng = StdRng::seed_from_u64(seed);
    let info = kind.info();
    let first = rng.pick(info.names).to_string();
    let mut names = vec![(start_year, first.clone())];
    if years > 1 && !info.renames.is_empty() && rng.chance(0.4) {
        let year = start_year + rng.between(1, years - 1) as i32;
        names.push((year, rng.pick(info.renames).to_string()));
    }
    let room = if kind == CommitteeKind::FullCouncil {
        "Council Chamber"
    } else {
        *rng.pick(&ROOMS)
    };
    let mut surnames: Vec<&str> = SURNAMES.to_vec();
    surnames.shuffle(&mut rng);
    let mut people = surnames.into_iter();
    let mut next_name = |rng: &mut StdRng, form: NameForm| -> String {
        let surname = people.next().unwrap_or("Smith");
        person_name(rng, surname, form)
    };
    let member_count = if kind == CommitteeKind::FullCouncil {
        rng.between(14, 20)
    } else {
        rng.between(7, 12)
    };
    let members = (0..member_count)
        .map(|_| {
            let name = next_name(&mut rng, style.name_form);
            let honorific = if rng.chance(0.08) {
                format!("{} Dr", style.cllr)
            } else {
                style.cllr.to_string()
            };
            Human {
                name,
                honorific,
                description: None,
            }
        })
        .collect();
    let co_opted = if kind.is_scrutiny() && kind != CommitteeKind::Audit {
        (0..rng.between(0, 3))
            .map(|_| Human {
                name: next_name(&mut rng, NameForm::Initial),
                honorific: rng.pick(&LAY_HONORIFICS).to_string(),
                description: Some(rng.pick(&COOPTED_DESCRIPTIONS).to_string()),
            })
            .collect()
    } else {
        Vec::new()
    };
    let officers = info
        .posts
        .iter()
        .map(|post| Human {
            name: next_name(&mut rng, NameForm::Full),
            honorific: if rng.chance(0.1) {
                "Dr".to_string()
            } else {
                String::new()
            },
            description: Some(post.to_string()),
        })
        .collect();
    let cabinet = (0..2)
        .map(|i| Human {
            name: next_name(&mut rng, style.name_form),
            honorific: style.cllr.to_string(),
            description: Some(if i == 0 {
                format!("Cabinet Member for {}", info.portfolio)
            } else {
                "Cabinet Member for Finance".to_string()
            }),
        })
        .collect();
    let substitutes = (0..4)
        .map(|_| Human {
            name: next_name(&mut rng, style.name_form),
            honorific: style.cllr.to_string(),
            description: None,
        })
        .collect();
    let contact = next_name(&mut rng, NameForm::Full);
    let time = *rng.pick(&[
        (10, 0),
        (10, 30),
        (14, 0),
        (14, 30),
        (18, 0),
        (18, 30),
        (19, 0),
        (9, 30),
    ]);
    CommitteeSpec {
        kind,
        slug: slugify(&first),
        names,
        venue: format!("{room}, {building}, {town}"),
        contact,
        time,
        weekday: rng.between(0, 4),
        members,
        co_opted,
        officers,
        cabinet,
        substitutes,
        seed: rng.between(0, u32::MAX) as u64,
    }
}

fn person_name(rng: &mut StdRng, surname: &str, form: NameForm) -> String {
    let first = *rng.pick(&FIRST_NAMES);
    let initial = &first[..1];
    match form {
        NameForm::Full => format!("{first} {surname}"),
        NameForm::Initial => format!("{initial} {surname}"),
        NameForm::InitialDot => format!("{initial}. {surname}"),
        NameForm::Surname => surname.to_string(),
    }
}
