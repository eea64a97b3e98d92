//! Invented vocabulary: places, people, posts and topics. Nothing here is
//! taken from a real council's documents.

/// First halves of invented place names.
pub(crate) const PLACE_HEADS: [&str; 32] = [
    "North", "East", "West", "South", "Ash", "Oak", "Elm", "Thorn", "Black", "White", "Red",
    "Green", "Brook", "Mill", "Stan", "Wick", "Hal", "Bram", "Kings", "Queens", "Marsh", "Fern",
    "Hart", "Lang", "Wolver", "Chester", "Ridge", "Holm", "Stour", "Tam", "Bex", "Dun",
];

/// Second halves of invented place names.
pub(crate) const PLACE_TAILS: [&str; 24] = [
    "moor", "bridge", "field", "ford", "ham", "ton", "by", "wick", "stead", "worth", "dale",
    "leigh", "bury", "mouth", "well", "combe", "cester", "minster", "holt", "hurst", "port",
    "wood", "gate", "thorpe",
];

/// Kinds of principal council.
pub(crate) const COUNCIL_TYPES: [&str; 5] = [
    "County Council",
    "Borough Council",
    "District Council",
    "City Council",
    "Metropolitan Borough Council",
];

/// Town names for the seat of a council and for planning sites.
pub(crate) const TOWNS: [&str; 24] = [
    "Eastbridge",
    "Highcombe",
    "Marlow Cross",
    "Stanwick",
    "Dunholm",
    "Fernleigh",
    "Ashworth",
    "Tamford",
    "Brackley Heath",
    "Kingsmoor",
    "Wolverby",
    "Oakhurst",
    "Langthorpe",
    "Redgate",
    "Millbury",
    "Hartwell",
    "Stourport Vale",
    "Elmstead",
    "Thornbury Green",
    "Bexwood",
    "Chesterholt",
    "Whiteford",
    "Ridgemouth",
    "Holmfield",
];

/// Buildings where committees meet.
pub(crate) const BUILDINGS: [&str; 6] = [
    "County Hall",
    "Town Hall",
    "Civic Centre",
    "Council House",
    "Guildhall",
    "Civic Offices",
];

/// Rooms in those buildings.
pub(crate) const ROOMS: [&str; 8] = [
    "Committee Room 1",
    "Committee Room 2",
    "Committee Room 3",
    "Council Chamber",
    "Oak Room",
    "Kennet Room",
    "Members' Room",
    "Lancaster Suite",
];

/// Given names.
pub(crate) const FIRST_NAMES: [&str; 48] = [
    "Alison", "Brian", "Carol", "David", "Eileen", "Frank", "Gillian", "Harold", "Imogen", "James",
    "Karen", "Leonard", "Margaret", "Nigel", "Olivia", "Peter", "Rachel", "Simon", "Tessa", "Umar",
    "Valerie", "William", "Yasmin", "Zoe", "Ahmed", "Bethan", "Colin", "Deborah", "Edward",
    "Fiona", "Graham", "Helen", "Ian", "Judith", "Kevin", "Linda", "Martin", "Nadia", "Owen",
    "Patricia", "Rajesh", "Sandra", "Trevor", "Ursula", "Victor", "Wendy", "Priya", "Gareth",
];

/// Family names (all distinct, so a surname identifies a person in a committee).
pub(crate) const SURNAMES: [&str; 96] = [
    "Ashdown",
    "Barraclough",
    "Cheetham",
    "Dunmore",
    "Ellwood",
    "Fairbrother",
    "Gorringe",
    "Hollins",
    "Ingram",
    "Jessop",
    "Kershaw",
    "Lomax",
    "Mottram",
    "Needham",
    "Ormerod",
    "Pennington",
    "Quayle",
    "Rushworth",
    "Sowerby",
    "Thackray",
    "Underhill",
    "Varley",
    "Whitworth",
    "Yeadon",
    "Armitage",
    "Bickerstaff",
    "Crowther",
    "Dewhurst",
    "Entwistle",
    "Fothergill",
    "Greenhalgh",
    "Haworth",
    "Illingworth",
    "Jowett",
    "Kitching",
    "Lightfoot",
    "Midgley",
    "Nuttall",
    "Oldroyd",
    "Pickersgill",
    "Ramsden",
    "Shackleton",
    "Tattersall",
    "Uttley",
    "Wainwright",
    "Ackroyd",
    "Brearley",
    "Clegg",
    "Dyson",
    "Earnshaw",
    "Firth",
    "Gledhill",
    "Holroyd",
    "Ibbotson",
    "Jagger",
    "Kay",
    "Lister",
    "Marsden-Roe",
    "Naylor",
    "Oates",
    "Priestley",
    "Redfearn",
    "Sutcliffe",
    "Tolson",
    "Walsh",
    "Ahmed",
    "Begum",
    "Chaudhry",
    "Desai",
    "Evans",
    "Fletcher",
    "Gill",
    "Hussain",
    "Iqbal",
    "Joshi",
    "Khan",
    "Lloyd-Price",
    "Mistry",
    "Nolan",
    "O'Keefe",
    "Patel",
    "Quinn",
    "Rahman",
    "Singh",
    "Thorne",
    "Vance",
    "Webb",
    "Young",
    "Abbott",
    "Blackwood",
    "Carver",
    "Doyle-Hart",
    "Everett",
    "Fenwick",
    "Garside",
    "Hebden",
];

/// The honorifics of co-opted members and guests.
pub(crate) const LAY_HONORIFICS: [&str; 4] = ["Mr", "Mrs", "Ms", "Dr"];

/// Descriptions of co-opted members and representatives.
pub(crate) const COOPTED_DESCRIPTIONS: [&str; 5] = [
    "Parent Governor Representative",
    "Church of England Diocese Representative",
    "Independent Co-opted Member",
    "Healthwatch Representative",
    "Independent Person",
];

/// Bodies a member may belong to, for declarations.
pub(crate) const BODIES: [&str; 8] = [
    "a local academy trust",
    "the board of a housing association",
    "a community transport charity",
    "the governing body of a primary school",
    "a town council",
    "a residents' association",
    "the management committee of a youth club",
    "a parish council",
];

/// Bland facts reported in discussion.
pub(crate) const FACTS: [&str; 16] = [
    "demand had risen steadily over the previous twelve months",
    "recruitment to specialist posts remained difficult",
    "a revised performance dashboard would be introduced from the next quarter",
    "spending was forecast to exceed the approved budget by a small margin",
    "the service had been reorganised into three locality teams",
    "feedback gathered from residents had been broadly positive",
    "a pilot scheme would be evaluated before any wider roll-out",
    "the number of complaints received had fallen since the spring",
    "joint work with health partners was still at an early stage",
    "staff turnover had eased after a retention scheme was introduced",
    "several actions from the previous review had now been completed",
    "the backlog of cases had halved since the summer",
    "a consultation with service users would close at the end of the month",
    "the government had yet to confirm funding beyond the current year",
    "rural areas continued to see longer waiting times than urban ones",
    "the new case management system had gone live in the autumn",
];

/// Aspects of a topic that Members ask about.
pub(crate) const ASPECTS: [&str; 14] = [
    "the current level of demand",
    "the timescale for implementation",
    "the financial implications",
    "the engagement undertaken with service users",
    "the risks identified in the report",
    "comparisons with similar authorities",
    "the impact on rural communities",
    "staffing capacity within the service",
    "how outcomes would be measured",
    "the support available to families",
    "the role of partner organisations",
    "progress against the agreed targets",
    "the use of agency staff",
    "the quality of data available to Members",
];

/// Things Members ask to be circulated.
pub(crate) const CIRCULARS: [&str; 8] = [
    "a breakdown of the figures by district",
    "the results of the most recent staff survey",
    "a copy of the updated risk register",
    "details of the waiting times in each locality",
    "the benchmarking data referred to in the presentation",
    "a summary of the consultation responses",
    "the list of providers rated as requiring improvement",
    "a note on the use of the contingency budget",
];

/// Month-agnostic development descriptions for planning applications.
pub(crate) const DEVELOPMENTS: [&str; 8] = [
    "Erection of 14 dwellings with associated access and parking",
    "Change of use of a former bank to a café",
    "Two-storey rear extension and detached garage",
    "Conversion of a barn to a single dwelling",
    "Installation of a solar farm with battery storage",
    "Demolition of a workshop and erection of six flats",
    "Construction of a community sports pavilion",
    "Variation of condition 3 to extend opening hours",
];

/// Sites for planning applications and licensed premises.
pub(crate) const STREETS: [&str; 10] = [
    "Mill Lane",
    "Church Street",
    "Station Road",
    "Back Lane",
    "Market Place",
    "Orchard Close",
    "Victoria Road",
    "Green Lane",
    "High Street",
    "Quarry Road",
];

/// Licensed premises.
pub(crate) const PREMISES: [&str; 8] = [
    "The Plough Inn",
    "The Crown and Anchor",
    "Riverside Social Club",
    "The Old Bakehouse",
    "Corner Convenience Store",
    "The Black Swan",
    "Hilltop Community Centre",
    "The Fleece",
];
