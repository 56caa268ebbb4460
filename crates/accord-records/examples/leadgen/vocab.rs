//! The generator's randomness (splitmix64) and vocabulary: names,
//! companies, geographies with their zones, title levels, activity kinds and
//! their weights.

// ---------------------------------------------------------------------------
// Command line

/// The options every generator takes, `--count N --seed S --out DIR`,
/// read into `count`, `seed` and `out`; any other argument goes to
/// `flag`, which says whether it knows it.
pub fn parse_generator_args(
    args: impl Iterator<Item = String>,
    count: &mut usize,
    seed: &mut u64,
    out: &mut std::path::PathBuf,
    mut flag: impl FnMut(&str) -> bool,
) -> Result<(), String> {
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--count" => {
                *count = value("--count")?
                    .parse()
                    .map_err(|e| format!("--count: {e}"))?
            }
            "--seed" => {
                *seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--out" => *out = std::path::PathBuf::from(value("--out")?),
            other if flag(other) => {}
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Randomness

/// splitmix64: tiny, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n.max(1) as u128) >> 64) as u64
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }
    pub fn float(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.float() < p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.below(total as u64) as u32;
        for (item, w) in items {
            if x < *w {
                return item;
            }
            x -= w;
        }
        &items[items.len() - 1].0
    }
}

// ---------------------------------------------------------------------------
// Vocabulary

pub const FIRST: &[&str] = &[
    "Jane", "Omar", "Priya", "Lukas", "Mei", "Carlos", "Aisha", "Tom", "Sofia", "Raj", "Emma",
    "Noah", "Chloe", "Kenji", "Fatima", "Liam", "Olivia", "Mateo", "Hannah", "Arjun", "Grace",
    "Jonas", "Zoe", "Ethan", "Isla", "Ananya", "Felix", "Maya", "Daniel", "Ruby",
];
pub const LAST: &[&str] = &[
    "Smith", "Khan", "Patel", "Müller", "Chen", "Garcia", "Okafor", "Brown", "Rossi", "Singh",
    "Wilson", "Nguyen", "Schmidt", "Tanaka", "Haddad", "O'Brien", "Kowalski", "Johnson", "Fischer",
    "Iyer", "Taylor", "Murphy", "Lee", "Martin", "Walker", "Sharma", "Weber", "Clark", "Lopez",
    "Evans",
];
pub const COMPANY_A: &[&str] = &[
    "Acme",
    "Northwind",
    "Blue Harbor",
    "Vertex",
    "Brightpath",
    "Ironclad",
    "Lumen",
    "Summit",
    "Cobalt",
    "Redwood",
    "Quantum",
    "Pioneer",
    "Harbor & Vale",
    "Nimbus",
    "Keystone",
    "Atlas",
    "Evergreen",
    "Orbit",
];
pub const COMPANY_B: &[&str] = &[
    "Labs",
    "Systems",
    "Group",
    "Software",
    "Analytics",
    "Partners",
    "Commerce",
    "Health",
    "Logistics",
    "Cloud",
];
pub const FREE_DOMAINS: &[&str] = &[
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "icloud.com",
    "proton.me",
];
pub const COMPETITOR_DOMAINS: &[&str] = &["rivalcrm.com", "pipelinepro.io", "leadforge.com"];
/// The first three are the seed agreement's target industries.
pub const INDUSTRIES: &[(&str, u32)] = &[
    ("SaaS", 30),
    ("Professional Services", 15),
    ("E-commerce", 12),
    ("Manufacturing", 10),
    ("Healthcare", 8),
    ("Financial Services", 9),
    ("Education", 5),
    ("Retail", 6),
    ("Media", 5),
];
/// (country, zones, phone prefix, weight)
pub const GEOS: &[(&str, &[&str], &str, u32)] = &[
    (
        "US",
        &["America/Chicago", "America/New_York", "America/Los_Angeles"],
        "+1",
        48,
    ),
    ("CA", &["America/Toronto", "America/Vancouver"], "+1", 7),
    ("GB", &["Europe/London"], "+44", 13),
    ("DE", &["Europe/Berlin"], "+49", 9),
    ("IN", &["Asia/Kolkata"], "+91", 11),
    ("AU", &["Australia/Sydney"], "+61", 9),
    ("NL", &["Europe/Amsterdam"], "+31", 3),
];
pub const LEVELS: &[(&str, u32)] = &[
    ("C-level", 8),
    ("VP", 15),
    ("Director", 22),
    ("Manager", 30),
    ("Individual", 25),
];
pub const FUNCTIONS: &[(&str, u32)] = &[
    ("Marketing", 25),
    ("Revenue", 12),
    ("Operations", 18),
    ("Sales", 15),
    ("Engineering", 10),
    ("Finance", 8),
    ("IT", 7),
    ("HR", 5),
];
pub const STATUSES: &[(&str, u32)] = &[
    ("lead", 84),
    ("customer", 5),
    ("open_opportunity", 4),
    ("competitor", 2),
    ("job_seeker", 2),
    ("student", 2),
    ("academic", 1),
];
pub const SOURCES: &[&str] = &[
    "website",
    "webinar",
    "paid_search",
    "linkedin_ads",
    "event",
    "referral",
    "content_syndication",
    "outbound",
];
pub const CAMPAIGNS: &[&str] = &[
    "fall-2026-webinar-series",
    "q4-pipeline-push",
    "revops-benchmark-report",
    "saastr-2026-booth",
    "black-friday-readiness",
    "crm-migration-guide",
];
pub const REPS: &[&str] = &[
    "Dana Ortiz",
    "Sam Whitfield",
    "Kiran Rao",
    "Lea Brandt",
    "Marcus Bell",
    "Yuki Sato",
];
pub const PAGES: &[(&str, u32)] = &[
    ("pricing", 25),
    ("product", 20),
    ("integrations", 10),
    ("blog/revops-playbook", 12),
    ("case-studies", 10),
    ("security", 5),
    ("about", 5),
    ("docs/api", 5),
];
pub const QUESTIONS: &[&str] = &[
    "Do you integrate with Salesforce?",
    "Can we get a quote for 40 seats?",
    "Is there an EU data residency option?",
    "How long does onboarding take?",
];
pub const REASONS: &[(&str, u32)] = &[
    ("not_icp", 30),
    ("no_budget", 20),
    ("wrong_contact", 15),
    ("bad_timing", 20),
    ("data_quality", 10),
    ("existing", 5),
];
/// Everyday activity kinds and weights (intent signals are added apart).
pub const ACTIVITY_KINDS: &[(&str, u32)] = &[
    ("website_visit", 30),
    ("page_view", 20),
    ("email_open", 14),
    ("email_click", 8),
    ("newsletter_click", 3),
    ("content_download", 5),
    ("webinar_registered", 3),
    ("webinar_attended", 2),
    ("event_registration", 2),
    ("event_attended", 1),
    ("demo_video_view", 2),
    ("pricing_calculator", 1),
    ("integration_docs_view", 2),
    ("social_engagement", 2),
    ("careers_page_visit", 1),
    ("hiring_signal", 1),
    ("job_change", 1),
    ("competitor_comparison_view", 1),
    ("budget_signal", 1),
];

/// The seed agreement's ideal customer profile (policies/shared/lists.accord):
/// the values an in-profile lead is drawn from.
pub const TARGET_COUNTRIES: &[&str] = &["US", "CA", "GB", "AU"];
pub const BUYING_LEVELS: &[(&str, u32)] = &[("VP", 15), ("Director", 22), ("Manager", 30)];
pub const BUYING_FUNCTIONS: &[(&str, u32)] =
    &[("Marketing", 25), ("Revenue", 12), ("Operations", 18)];
