//! A gazetteer of the principal local authorities of England, Wales and
//! Scotland, shipped as data (`data/authorities.csv`: official GSS code,
//! area, council name, type, other names, main towns), and the recognition
//! of a meeting's council from its minutes.
//!
//! This crate owns the list and the rules that decide when a document makes
//! its council certain (see [`Gazetteer::recognise`]). It must not parse
//! documents, store anything or guess: a council is named only when the
//! evidence is certain, and the evidence is always returned with it.
//!
//! ```
//! use minutebook_gazetteer::{AuthorityType, Gazetteer};
//! use minutebook_record::Meeting;
//!
//! let g = Gazetteer::builtin();
//! assert_eq!(g.by_name("Sefton Metropolitan Borough Council").map(|a| a.gss.as_str()), Some("E08000014"));
//! assert_eq!(g.count(AuthorityType::WelshPrincipalArea), 22);
//!
//! let mut m = Meeting::default();
//! m.venue = Some("Town Hall, Bootle".into());
//! let r = g.recognise(&m).expect("Bootle is only in Sefton");
//! assert_eq!(r.name, "Sefton Council");
//! assert!(r.evidence[0].text.contains("Bootle"));
//! ```

mod recognise;

pub use recognise::{Candidate, Evidence, EvidenceKind, Recognition};

use std::collections::HashMap;
use std::sync::LazyLock;

/// The kind of a principal authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthorityType {
    /// An English shire county council (upper tier).
    County,
    /// An English district, borough or city council (lower tier).
    District,
    /// An English unitary authority (the Isles of Scilly included).
    Unitary,
    /// An English metropolitan borough (metropolitan district).
    MetropolitanBorough,
    /// A London borough (the City of London included).
    LondonBorough,
    /// A Welsh principal area (county or county borough).
    WelshPrincipalArea,
    /// A Scottish council area.
    ScottishCouncilArea,
}

impl AuthorityType {
    /// Every type, in the data file's order.
    pub const ALL: [AuthorityType; 7] = [
        Self::County,
        Self::District,
        Self::Unitary,
        Self::MetropolitanBorough,
        Self::LondonBorough,
        Self::WelshPrincipalArea,
        Self::ScottishCouncilArea,
    ];

    /// The name used in the data file.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::County => "county",
            Self::District => "district",
            Self::Unitary => "unitary",
            Self::MetropolitanBorough => "metropolitan-borough",
            Self::LondonBorough => "london-borough",
            Self::WelshPrincipalArea => "welsh-principal-area",
            Self::ScottishCouncilArea => "scottish-council-area",
        }
    }

    /// The GSS code prefix of the type.
    pub fn gss_prefix(self) -> &'static str {
        match self {
            Self::County => "E10",
            Self::District => "E07",
            Self::Unitary => "E06",
            Self::MetropolitanBorough => "E08",
            Self::LondonBorough => "E09",
            Self::WelshPrincipalArea => "W06",
            Self::ScottishCouncilArea => "S12",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// One principal authority.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Authority {
    /// Official GSS code (`E08000014`).
    pub gss: String,
    /// The area (`Sefton`).
    pub area: String,
    /// The council's name (`Sefton Council`).
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: AuthorityType,
    /// Other names it goes by (`Sefton Metropolitan Borough Council`).
    pub aliases: Vec<String>,
    /// Main towns (for a county, the town its council sits in).
    pub towns: Vec<String>,
}

impl Authority {
    /// Every name of the council: its name, aliases, and `AREA Council`
    /// (plus `AREA MBC` for a metropolitan borough).
    pub fn names(&self) -> Vec<String> {
        let mut out = vec![self.name.clone()];
        out.extend(self.aliases.iter().cloned());
        out.push(format!("{} Council", self.area));
        if self.kind == AuthorityType::MetropolitanBorough {
            out.push(format!("{} MBC", self.area));
            out.push(format!("{} Metropolitan Borough Council", self.area));
        }
        out
    }
}

/// Why a gazetteer file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// A line does not have the six fields, or a field is wrong.
    #[error("gazetteer line {line}: {reason}")]
    Line {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

/// The authorities, indexed by folded name and by town.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    authorities: Vec<Authority>,
    names: HashMap<String, usize>,
    towns: HashMap<String, Vec<usize>>,
    /// Every area name, longest first, as one pattern (one pass per text).
    areas: regex::Regex,
    /// Area name → the authorities of that area.
    by_area: HashMap<String, Vec<usize>>,
}

static BUILTIN: LazyLock<Gazetteer> = LazyLock::new(|| {
    // The shipped file is checked by the tests; a broken one is a build bug.
    Gazetteer::parse(include_str!("../data/authorities.csv")).unwrap_or_else(|e| {
        panic!("the shipped gazetteer is invalid: {e}");
    })
});

impl Gazetteer {
    /// The gazetteer shipped with minutebook.
    pub fn builtin() -> &'static Gazetteer {
        &BUILTIN
    }

    /// Reads a gazetteer in the shipped CSV form (`#` lines are comments).
    pub fn parse(csv: &str) -> Result<Self, GazetteerError> {
        let mut authorities = Vec::new();
        for (i, line) in csv.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            authorities.push(parse_line(line).map_err(|reason| GazetteerError::Line {
                line: i + 1,
                reason,
            })?);
        }
        let mut names = HashMap::new();
        let mut towns: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in authorities.iter().enumerate() {
            for n in a.names() {
                names.entry(fold(&n)).or_insert(i);
            }
            for t in &a.towns {
                towns.entry(fold(t)).or_default().push(i);
            }
        }
        let mut by_area: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in authorities.iter().enumerate() {
            by_area.entry(a.area.clone()).or_default().push(i);
        }
        let mut areas: Vec<&String> = by_area.keys().collect();
        areas.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        let alternation: Vec<String> = areas.iter().map(|a| regex::escape(a)).collect();
        let areas =
            regex::Regex::new(&format!(r"\b(?:{})\b", alternation.join("|"))).map_err(|e| {
                GazetteerError::Line {
                    line: 0,
                    reason: format!("area names: {e}"),
                }
            })?;
        Ok(Self {
            authorities,
            names,
            towns,
            areas,
            by_area,
        })
    }

    /// Every authority, in file order.
    pub fn authorities(&self) -> &[Authority] {
        &self.authorities
    }

    /// How many authorities of a type.
    pub fn count(&self, kind: AuthorityType) -> usize {
        self.authorities.iter().filter(|a| a.kind == kind).count()
    }

    /// The authority with this name or alias (case, punctuation and `&`
    /// folded), if any.
    pub fn by_name(&self, name: &str) -> Option<&Authority> {
        self.names.get(&fold(name)).map(|&i| &self.authorities[i])
    }

    /// The authorities that have `town` among their main towns.
    pub fn by_town(&self, town: &str) -> Vec<&Authority> {
        self.towns
            .get(&fold(town))
            .map(|v| v.iter().map(|&i| &self.authorities[i]).collect())
            .unwrap_or_default()
    }

    /// The authority with this GSS code.
    pub fn by_gss(&self, gss: &str) -> Option<&Authority> {
        self.authorities.iter().find(|a| a.gss == gss)
    }
}

fn parse_line(line: &str) -> Result<Authority, String> {
    let f: Vec<&str> = line.split(',').map(str::trim).collect();
    let [gss, area, name, kind, aliases, towns] = f.as_slice() else {
        return Err(format!("{} fields, expected 6", f.len()));
    };
    let kind = AuthorityType::parse(kind).ok_or_else(|| format!("unknown type {kind:?}"))?;
    if !gss.starts_with(kind.gss_prefix()) || gss.len() != 9 {
        return Err(format!("code {gss:?} is not a {} code", kind.as_str()));
    }
    if area.is_empty() || name.is_empty() {
        return Err("empty area or name".into());
    }
    let list = |s: &str| -> Vec<String> {
        s.split(';')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
            .collect()
    };
    Ok(Authority {
        gss: (*gss).to_owned(),
        area: (*area).to_owned(),
        name: (*name).to_owned(),
        kind,
        aliases: list(aliases),
        towns: list(towns),
    })
}

/// Lower case, `&` as `and`, `St.` as `St`, punctuation as spaces.
pub(crate) fn fold(s: &str) -> String {
    let s = s.replace('&', " and ");
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .filter(|c| *c != '\'' && *c != '’')
                .flat_map(char::to_lowercase),
        );
    }
    out
}
