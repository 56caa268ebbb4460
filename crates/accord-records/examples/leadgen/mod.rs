//! Lead generation for the `generate_leads` example: a splitmix64 RNG,
//! the vocabulary (names, companies, geographies, activity kinds), local
//! business-time helpers, and one function per part of a lead (identity,
//! activities, pipeline and attempts, attribution, deliberate mistakes).
//! Everything is a pure function of the RNG state: same seed, same leads.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;

mod vocab;

use vocab::*;
pub use vocab::{parse_generator_args, Rng};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mistake {
    /// NDJSON: the line is cut short; CSV: the row lacks its last column.
    Malformed,
    /// `email` absent / empty.
    MissingField,
    /// `employees` as text (`"120"` / `120 employees`).
    WrongType,
    /// `created_at` is not a timestamp.
    BadTimestamp,
    /// `time_zone` is not an IANA name.
    UnknownZone,
    /// One activity has a kind the schema does not list (in CSV: a bad
    /// `events.csv` row; the lead row itself is fine).
    UnknownKind,
    /// `phone_verified` is null / empty.
    NullRequired,
    /// `segment` is not one of the choices.
    BadChoice,
    /// `email` has no `@`.
    BadEmail,
}

pub const MISTAKES: [Mistake; 9] = [
    Mistake::Malformed,
    Mistake::MissingField,
    Mistake::WrongType,
    Mistake::BadTimestamp,
    Mistake::UnknownZone,
    Mistake::UnknownKind,
    Mistake::NullRequired,
    Mistake::BadChoice,
    Mistake::BadEmail,
];

/// Lead-record columns, in `schema.accord` order (the event streams
/// `activities` and `attempts` are not columns: NDJSON embeds them, CSV
/// writes them to `events.csv`).
pub const FIELDS: [&str; 49] = [
    "lead_id",
    "email",
    "full_name",
    "job_title",
    "title_level",
    "function",
    "company_name",
    "employees",
    "industry",
    "country",
    "segment",
    "phone",
    "phone_verified",
    "company_verified",
    "uses_crm",
    "competitor_contract",
    "status",
    "do_not_contact",
    "unsubscribed",
    "time_zone",
    "created_at",
    "mql_at",
    "routed_at",
    "routing_method",
    "accepted_at",
    "disposition_at",
    "unresponsive_at",
    "discovery_call_at",
    "sql_at",
    "opportunity_at",
    "closed_won_at",
    "closed_lost_at",
    "lead_source",
    "campaign",
    "owner_rep",
    "linkedin_url",
    "crm_account_match",
    "enrichment_passed",
    "map_score",
    "rejection_reason",
    "rejected_at",
    "recycle_count",
    "budget_confirmed",
    "authority_confirmed",
    "need_confirmed",
    "timeline_days",
    "interest_confirmed",
    "email_deliverable",
    "phone_reachable",
];

/// Columns of `events.csv`.
pub const EVENT_COLUMNS: [&str; 8] = [
    "lead_id", "stream", "kind", "at", "page", "question", "campaign", "outcome",
];

// ---------------------------------------------------------------------------
// Time

fn period_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 19).unwrap_or_default()
}
/// Days in 2026-10-19 ..= 2026-11-28: the EU DST end (2026-10-25), the US
/// DST end (2026-11-01) and Thanksgiving (2026-11-26) all fall inside.
const PERIOD_DAYS: i64 = 41;

/// The moment of the export (Monday 2026-11-30, 10:00 in New York): nothing
/// in the data happens later. Evaluate the data as of this instant.
pub fn data_end() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0)
        .single()
        .unwrap_or_default()
}

/// A local wall time in `tz` (an hour later if it falls in a DST gap).
fn local(tz: Tz, date: NaiveDate, h: u32, m: u32, s: u32) -> DateTime<Utc> {
    let naive = date
        .and_hms_opt(h.min(23), m.min(59), s.min(59))
        .unwrap_or_default();
    match tz.from_local_datetime(&naive).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => tz
            .from_local_datetime(&(naive + Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&naive)),
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A time on `date`: in business hours (08–18 local) with probability
/// `business`, else any hour.
fn time_on(rng: &mut Rng, tz: Tz, date: NaiveDate, business: f64) -> DateTime<Utc> {
    let h = if rng.chance(business) {
        rng.range(8, 17)
    } else {
        rng.range(0, 23)
    };
    local(
        tz,
        date,
        h as u32,
        rng.range(0, 59) as u32,
        rng.range(0, 59) as u32,
    )
}

/// The next local business opening at or after `t` (08:00 Mon–Fri), plus
/// a few minutes; `t` itself when already in business hours.
fn next_business(rng: &mut Rng, tz: Tz, t: DateTime<Utc>) -> DateTime<Utc> {
    let lt = t.with_timezone(&tz);
    let (date, hour) = (lt.date_naive(), lt.hour());
    if !is_weekend(date) && (8..18).contains(&hour) {
        return t;
    }
    let mut day = if hour >= 18 {
        date.succ_opt().unwrap_or(date)
    } else {
        date
    };
    while is_weekend(day) {
        day = day.succ_opt().unwrap_or(day);
    }
    local(tz, day, 8, rng.range(0, 50) as u32, rng.range(0, 59) as u32)
}

/// `t`, or when `t` is after the export a moment in the last three days
/// before it (no pile-up at one instant) but not before `after` (what `t`
/// follows: a capped stage never comes before the stage it follows).
fn cap(rng: &mut Rng, t: DateTime<Utc>, after: DateTime<Utc>) -> DateTime<Utc> {
    let end = data_end();
    if t <= end {
        return t;
    }
    const SPAN: i64 = 3 * 24 * 60;
    let r = rng.range(0, SPAN);
    let early = end - minutes(r);
    if early >= after {
        early
    } else if after >= end {
        end
    } else {
        // Within (after, end], as far in as `r` says.
        after + (end - after) * ((SPAN - r) as i32) / (SPAN as i32)
    }
}

/// `Some(t)` when `t` is not after the export: a stage that would come
/// later has not happened yet.
fn by_export(t: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (t <= data_end()).then_some(t)
}

fn minutes(n: i64) -> Duration {
    Duration::minutes(n)
}

// ---------------------------------------------------------------------------
// One generated lead

#[derive(Clone, Debug)]
pub enum Val {
    Absent,
    Null,
    Str(String),
    Num(i64),
    Bool(bool),
    /// Written with the lead's UTC offset.
    Time(DateTime<Utc>),
    /// Written without an offset (valid: the schema's default zone is UTC).
    Naive(DateTime<Utc>),
    /// Deliberately wrong: JSON text and CSV cell.
    Raw(String, String),
}

#[derive(Clone, Debug)]
pub struct Ev {
    pub kind: &'static str,
    pub at: DateTime<Utc>,
    pub page: Option<&'static str>,
    pub question: Option<&'static str>,
    pub campaign: Option<&'static str>,
    pub outcome: Option<&'static str>,
}

impl Ev {
    fn new(kind: &'static str, at: DateTime<Utc>) -> Ev {
        Ev {
            kind,
            at,
            page: None,
            question: None,
            campaign: None,
            outcome: None,
        }
    }
}

pub struct GenLead {
    pub id: String,
    pub tz: Tz,
    pub values: Vec<Val>,
    pub activities: Vec<Ev>,
    pub attempts: Vec<Ev>,
    pub mistake: Option<Mistake>,
}

impl GenLead {
    fn set(&mut self, name: &str, v: Val) {
        if let Some(i) = FIELDS.iter().position(|f| *f == name) {
            self.values[i] = v;
        }
    }
    fn str(&mut self, name: &str, s: impl Into<String>) {
        self.set(name, Val::Str(s.into()));
    }
    fn time(&mut self, name: &str, t: DateTime<Utc>) {
        self.set(name, Val::Time(t));
    }
    fn flag(&mut self, name: &str, b: bool) {
        self.set(name, Val::Bool(b));
    }
}

fn ascii_slug(s: &str, sep: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = match c {
            'ü' | 'Ü' => 'u',
            'ö' => 'o',
            'ä' => 'a',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == ' ' && !out.ends_with(sep) {
            out.push_str(sep);
        }
    }
    out
}

pub fn gen_lead(rng: &mut Rng, n: usize, mistake: Option<Mistake>) -> GenLead {
    // About four leads in five come from the ideal customer profile the
    // seed agreement targets; the rest are drawn from the whole market.
    let fit = rng.chance(0.78);
    let geos: Vec<_> = GEOS
        .iter()
        .filter(|g| !fit || TARGET_COUNTRIES.contains(&g.0))
        .map(|g| (*g, g.3))
        .collect();
    let (country, zones, prefix, _) = *rng.weighted(&geos);
    let tz: Tz = rng.pick(zones).parse().unwrap_or(Tz::UTC);
    let mut lead = GenLead {
        id: format!("L-{n:06}"),
        tz,
        values: vec![Val::Absent; FIELDS.len()],
        activities: Vec::new(),
        attempts: Vec::new(),
        mistake,
    };
    let id = lead.id.clone();
    lead.str("lead_id", id);
    let (first, last) = (*rng.pick(FIRST), *rng.pick(LAST));
    lead.str("full_name", format!("{first} {last}"));
    let level = *rng.weighted(if fit { BUYING_LEVELS } else { LEVELS });
    let function = *rng.weighted(if fit { BUYING_FUNCTIONS } else { FUNCTIONS });
    let title = match level {
        "C-level" => rng
            .pick(&["CEO", "CFO", "CMO", "CRO", "COO", "CTO"])
            .to_string(),
        "VP" => format!("VP of {function}"),
        "Director" => format!("Director of {function}"),
        "Manager" => format!("{function} Manager"),
        _ => format!(
            "{function} {}",
            rng.pick(&["Specialist", "Analyst", "Associate", "Coordinator"])
        ),
    };
    lead.str("title_level", level);
    lead.str("function", function);
    if rng.chance(0.93) {
        lead.str("job_title", title);
    }
    let company = format!("{} {}", rng.pick(COMPANY_A), rng.pick(COMPANY_B));
    let slug = ascii_slug(&company, "");
    lead.str("company_name", company);
    let (lo, hi) = if fit {
        (20f64, 500f64)
    } else {
        (5f64, 20000f64)
    };
    let employees = (lo.ln() + rng.float() * (hi.ln() - lo.ln())).exp().round() as i64;
    if rng.chance(0.96) {
        lead.set("employees", Val::Num(employees));
    }
    lead.str(
        "segment",
        if employees < 100 {
            "smb"
        } else if employees < 1000 {
            "mid-market"
        } else {
            "enterprise"
        },
    );
    if rng.chance(0.96) {
        let industries = if fit { &INDUSTRIES[..3] } else { INDUSTRIES };
        lead.str("industry", *rng.weighted(industries));
    }
    lead.str("country", country);
    lead.str("time_zone", tz.name());

    let mut status = *rng.weighted(STATUSES);
    let local_part = format!("{}.{}", ascii_slug(first, ""), ascii_slug(last, ""));
    // Personal addresses: 12% of all leads, 5% of in-profile ones.
    let domain = match rng.below(1000) {
        0..=49 => rng.pick(FREE_DOMAINS).to_string(),
        50..=119 if !fit => rng.pick(FREE_DOMAINS).to_string(),
        120..=134 => {
            status = "competitor";
            rng.pick(COMPETITOR_DOMAINS).to_string()
        }
        135..=154 => format!("{slug}.edu"),
        155..=399 => format!("{slug}.io"),
        _ => format!("{slug}.com"),
    };
    lead.str("email", format!("{local_part}@{domain}"));
    lead.str("status", status);
    let has_phone = rng.chance(0.7);
    if has_phone {
        lead.str(
            "phone",
            format!(
                "{prefix} {} 555 {:04}",
                rng.range(200, 989),
                rng.range(0, 9999)
            ),
        );
    }
    lead.flag("phone_verified", has_phone && rng.chance(0.6));
    lead.flag("company_verified", rng.chance(0.7));
    lead.flag("uses_crm", rng.chance(if fit { 0.93 } else { 0.65 }));
    lead.flag(
        "competitor_contract",
        rng.chance(if fit { 0.03 } else { 0.08 }),
    );
    let dnc = rng.chance(0.02);
    let unsubscribed = rng.chance(0.04);
    lead.flag("do_not_contact", dnc);
    lead.flag("unsubscribed", unsubscribed);

    // Created: a day in the period, mostly weekdays, mostly business hours.
    let mut day = period_start() + Duration::days(rng.range(0, PERIOD_DAYS - 1));
    if is_weekend(day) && rng.chance(0.7) {
        day -= Duration::days(if day.weekday() == Weekday::Sat { 1 } else { 2 });
    }
    let created = time_on(rng, tz, day, 0.8);
    if rng.chance(0.01) {
        lead.set("created_at", Val::Naive(created));
    } else {
        lead.time("created_at", created);
    }

    let intent = if fit {
        *rng.weighted(&[(0u8, 8), (1, 17), (2, 75)])
    } else {
        *rng.weighted(&[(0u8, 50), (1, 30), (2, 20)])
    };
    let trigger = gen_activities(rng, &mut lead, created, intent, unsubscribed);
    gen_pipeline(
        rng,
        &mut lead,
        created,
        status,
        trigger,
        fit && status == "lead" && !(dnc || unsubscribed),
        intent,
    );
    gen_attribution(rng, &mut lead, first, last, n);
    if mistake == Some(Mistake::UnknownKind) {
        let at = created + minutes(rng.range(30, 600));
        lead.activities.push(Ev::new("linkedin_like", at));
    }
    lead.activities.sort_by_key(|e| e.at);
    lead.attempts.sort_by_key(|e| e.at);
    if rng.chance(0.04) {
        lead.activities.reverse(); // some sources export newest first
    }
    lead
}

/// Activities; returns the instant of the intent trigger, if any.
fn gen_activities(
    rng: &mut Rng,
    lead: &mut GenLead,
    created: DateTime<Utc>,
    intent: u8,
    unsubscribed: bool,
) -> Option<DateTime<Utc>> {
    let tz = lead.tz;
    let count = match intent {
        0 => rng.range(0, 4),
        1 => rng.range(4, 12),
        _ => rng.range(10, 26),
    };
    let first_day = created.with_timezone(&tz).date_naive();
    // Activity spreads from a week before creation to 25 days after, or to
    // the export for recent leads (they have had less time, not less interest).
    let days_left = (data_end().with_timezone(&tz).date_naive() - first_day).num_days();
    for _ in 0..count {
        let day = first_day + Duration::days(rng.range(-7, days_left.clamp(0, 25)));
        let at = time_on(rng, tz, day, 0.7);
        if at > data_end() {
            continue; // not happened yet when the data was exported
        }
        let kind = *rng.weighted(ACTIVITY_KINDS);
        let mut ev = Ev::new(kind, at);
        match kind {
            "page_view" => ev.page = Some(*rng.weighted(PAGES)),
            k if k.starts_with("email")
                || k.starts_with("webinar")
                || k.starts_with("event")
                || k == "content_download" =>
            {
                ev.campaign = Some(*rng.pick(CAMPAIGNS))
            }
            _ => {}
        }
        lead.activities.push(ev);
    }
    if unsubscribed {
        let at = created + Duration::hours(rng.range(1, 24 * 20));
        lead.activities
            .push(Ev::new("unsubscribe", cap(rng, at, created)));
    }
    if intent < 2 {
        return None;
    }
    let day = first_day + Duration::days(rng.range(0, 10));
    let at = time_on(rng, tz, day, 0.75).max(created);
    let at = cap(rng, at, created);
    match rng.below(100) {
        0..=44 => lead.activities.push(Ev::new("demo_request", at)),
        45..=79 => {
            let views = rng.range(2, 3);
            let mut t = at;
            for _ in 0..views {
                if t <= data_end() {
                    let mut ev = Ev::new("page_view", t);
                    ev.page = Some("pricing");
                    lead.activities.push(ev);
                }
                t += minutes(rng.range(5, 60 * 48));
            }
            // The trigger: after the views shown (or, capped, after the
            // lead was created).
            let trigger = t - minutes(1);
            return Some(if trigger <= data_end() {
                trigger
            } else {
                cap(rng, trigger, created)
            });
        }
        80..=89 => lead.activities.push(Ev::new("trial_signup", at)),
        _ => {
            let mut ev = Ev::new("contact_form", at);
            ev.question = Some(*rng.pick(QUESTIONS));
            lead.activities.push(ev);
        }
    }
    Some(at)
}

/// MQL, routing, attempts, disposition, rejection/recycling, later stages.
fn gen_pipeline(
    rng: &mut Rng,
    lead: &mut GenLead,
    created: DateTime<Utc>,
    status: &str,
    trigger: Option<DateTime<Utc>>,
    marketable: bool,
    intent: u8,
) {
    let tz = lead.tz;
    // The CRM marks a lead MQL when it shows intent and is a contactable
    // prospect in the profile (close to, not exactly, the policy's rule).
    let eligible = marketable;
    let mql_at = match trigger {
        Some(t) if eligible => Some(t + minutes(rng.range(2, 40))),
        None if eligible && intent == 1 && rng.chance(0.2) => {
            let t = lead
                .activities
                .iter()
                .map(|e| e.at)
                .filter(|t| *t >= created)
                .min();
            t.map(|t| t + minutes(rng.range(2, 90)))
        }
        _ => None,
    };
    // Not marked yet when the trigger came minutes before the export.
    let mql_at = mql_at.and_then(by_export);
    let routed = match mql_at {
        Some(m) => {
            lead.time("mql_at", m);
            if rng.chance(0.8) {
                lead.str("routing_method", "automated");
                let delay = if rng.chance(0.9) {
                    rng.range(1, 14)
                } else {
                    rng.range(16, 180)
                };
                Some(m + minutes(delay))
            } else {
                lead.str("routing_method", "manual");
                let t = m + minutes(rng.range(20, 360));
                Some(if rng.chance(0.7) {
                    next_business(rng, tz, t)
                } else {
                    t
                })
            }
        }
        None if status == "lead" && rng.chance(0.06) => {
            lead.str("routing_method", "manual");
            let t = created + Duration::hours(rng.range(2, 60));
            Some(next_business(rng, tz, t))
        }
        None => None,
    };
    let recycle = *rng.weighted(&[(0i64, 88), (1, 6), (2, 3), (3, 3)]);
    lead.set("recycle_count", Val::Num(recycle));
    if recycle > 0 && mql_at.is_none() && rng.chance(0.8) {
        // Rejected in an earlier cycle; this period's activity came after
        // (a re-entry candidate, or one still cooling off).
        let at = created - Duration::days(rng.range(10, 150));
        lead.str("rejection_reason", *rng.weighted(REASONS));
        lead.time("rejected_at", next_business(rng, tz, at));
    }
    let Some(routed) = routed else { return };
    let routed = cap(rng, routed, mql_at.unwrap_or(created));
    lead.time("routed_at", routed);
    lead.str("owner_rep", *rng.pick(REPS));

    let connected = gen_attempts(rng, lead, routed);

    if !rng.chance(0.85) {
        return; // no disposition yet (an open acceptance window, or a miss)
    }
    let delay = match rng.below(100) {
        0..=44 => rng.range(5, 55),
        45..=74 => rng.range(60, 240),
        _ => rng.range(240, 4320),
    };
    let disposed = next_business(rng, tz, routed + minutes(delay));
    let disposed = cap(rng, disposed, routed).max(routed);
    lead.time("disposition_at", disposed);
    if rng.chance(0.25) {
        let reason = *rng.weighted(REASONS);
        lead.str("rejection_reason", reason);
        lead.time("rejected_at", disposed);
        let recycle = *rng.weighted(&[(0i64, 55), (1, 25), (2, 12), (3, 8)]);
        lead.set("recycle_count", Val::Num(recycle));
        if reason == "data_quality" {
            lead.flag("enrichment_passed", rng.chance(0.5));
        }
        if rng.chance(0.3) {
            // Signals after the rejection (re-entry candidates).
            let later = disposed + Duration::hours(rng.range(24, 24 * 40));
            let at = cap(rng, later, disposed);
            let kind = *rng.pick(&[
                "budget_signal",
                "demo_request",
                "webinar_attended",
                "website_visit",
            ]);
            lead.activities.push(Ev::new(kind, at));
        }
        return;
    }
    lead.time("accepted_at", disposed);
    for field in [
        "budget_confirmed",
        "authority_confirmed",
        "need_confirmed",
        "interest_confirmed",
    ] {
        if rng.chance(0.7) {
            lead.flag(field, rng.chance(0.65));
        }
    }
    if rng.chance(0.8) {
        lead.flag("email_deliverable", rng.chance(0.95));
    }
    if rng.chance(0.7) {
        lead.flag("phone_reachable", rng.chance(0.8));
    }
    if rng.chance(0.6) {
        lead.set(
            "timeline_days",
            Val::Num(*rng.pick(&[30, 60, 90, 180, 365])),
        );
    }
    // Later stages that would come after the export have not happened
    // yet (each comes after the one before, so the chain stops there).
    match connected {
        None if rng.chance(0.4) => {
            let at = disposed + Duration::days(rng.range(3, 6));
            if let Some(at) = by_export(at) {
                lead.time("unresponsive_at", at);
            }
        }
        Some(c) if rng.chance(0.7) => {
            let t = c + Duration::hours(rng.range(20, 120));
            // The call follows acceptance (and the connected attempt).
            let call = next_business(rng, tz, t).max(disposed + minutes(30));
            let call = by_export(call);
            if let Some(call) = call {
                lead.time("discovery_call_at", call);
            }
            // (The same draws whether or not a stage happened, so the
            // leads after this one do not depend on the export instant.)
            if rng.chance(0.6) {
                let after = minutes(rng.range(30, 2 * 24 * 60));
                let sql = call.and_then(|c| by_export(c + after));
                if let Some(sql) = sql {
                    lead.time("sql_at", sql);
                }
                if rng.chance(0.5) {
                    let after = Duration::hours(rng.range(2, 24 * 7));
                    let opp = sql.and_then(|s| by_export(s + after));
                    if let Some(opp) = opp {
                        lead.time("opportunity_at", opp);
                    }
                    if rng.chance(0.3) {
                        let field = if rng.chance(0.4) {
                            "closed_won_at"
                        } else {
                            "closed_lost_at"
                        };
                        let after = Duration::days(rng.range(5, 40));
                        if let Some(closed) = opp.and_then(|o| by_export(o + after)) {
                            lead.time(field, closed);
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// Contact attempts after routing; returns when a call connected.
fn gen_attempts(rng: &mut Rng, lead: &mut GenLead, routed: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let tz = lead.tz;
    if rng.chance(0.6) {
        let mut ev = Ev::new("automated_email", routed + minutes(rng.range(1, 3)));
        ev.outcome = Some("sent");
        if ev.at <= data_end() {
            lead.attempts.push(ev);
        }
    }
    if rng.chance(0.08) {
        return None; // never worked
    }
    let first_delay = match rng.below(100) {
        0..=39 => rng.range(2, 15),
        40..=69 => rng.range(16, 120),
        70..=89 => rng.range(121, 60 * 24),
        _ => rng.range(60 * 24, 60 * 24 * 4),
    };
    let mut t = routed + minutes(first_delay);
    if rng.chance(0.8) {
        t = next_business(rng, tz, t); // most reps work office hours
    }
    let total = rng.range(1, 9);
    for _ in 0..total {
        if t > data_end() {
            break;
        }
        let channel = *rng.weighted(&[("phone", 40), ("email", 45), ("linkedin", 15)]);
        let outcome = match channel {
            "phone" => *rng.weighted(&[("connected", 18), ("voicemail", 50), ("no_answer", 32)]),
            "email" => *rng.weighted(&[("sent", 85), ("replied", 10), ("bounced", 5)]),
            _ => *rng.weighted(&[("sent", 70), ("accepted", 30)]),
        };
        let mut ev = Ev::new(channel, t);
        ev.outcome = Some(outcome);
        lead.attempts.push(ev);
        if outcome == "connected" {
            return Some(t);
        }
        t += minutes(rng.range(90, 60 * 24 * 3));
        if rng.chance(0.85) {
            t = next_business(rng, tz, t);
        }
    }
    None
}

fn gen_attribution(rng: &mut Rng, lead: &mut GenLead, first: &str, last: &str, n: usize) {
    if rng.chance(0.95) {
        lead.str("lead_source", *rng.pick(SOURCES));
    }
    if rng.chance(0.8) {
        lead.str("campaign", *rng.pick(CAMPAIGNS));
    }
    if rng.chance(0.5) {
        lead.str(
            "linkedin_url",
            format!(
                "https://www.linkedin.com/in/{}-{}-{n}",
                ascii_slug(first, ""),
                ascii_slug(last, "")
            ),
        );
    }
    if rng.chance(0.85) {
        lead.str(
            "crm_account_match",
            if rng.chance(0.25) {
                "matched"
            } else {
                "no_match"
            },
        );
    }
    if rng.chance(0.7) && matches!(lead.values.get(37), Some(Val::Absent)) {
        lead.flag("enrichment_passed", rng.chance(0.8));
    }
    if rng.chance(0.75) {
        lead.set("map_score", Val::Num(rng.range(0, 100)));
    }
}

/// Applies the lead's mistake to its values (the NDJSON-only cut and the
/// CSV-only dropped column are applied by the writers).
pub fn apply_mistake(lead: &mut GenLead) {
    let email = match lead.values.get(1) {
        Some(Val::Str(e)) => e.clone(),
        _ => String::new(),
    };
    match lead.mistake {
        Some(Mistake::MissingField) => lead.set("email", Val::Absent),
        Some(Mistake::WrongType) => lead.set(
            "employees",
            Val::Raw("\"120\"".into(), "120 employees".into()),
        ),
        Some(Mistake::BadTimestamp) => lead.set(
            "created_at",
            Val::Raw(
                "\"2026-11-31T09:00:00-05:00\"".into(),
                "11/18/2026 9:00 AM".into(),
            ),
        ),
        Some(Mistake::UnknownZone) => lead.set(
            "time_zone",
            Val::Raw(
                "\"America/Chikago\"".into(),
                "Central Time (US & Canada)".into(),
            ),
        ),
        Some(Mistake::NullRequired) => lead.set("phone_verified", Val::Null),
        Some(Mistake::BadChoice) => lead.str("segment", "SMB"),
        Some(Mistake::BadEmail) => lead.str("email", email.replace('@', "(at)")),
        _ => {}
    }
}
