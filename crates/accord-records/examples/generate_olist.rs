//! A generated stand-in for the Olist marketing-funnel export (whose
//! licence forbids copying it into the repository): the same two files,
//! the same columns, the same date formats and the same gaps, none of the
//! real rows.
//!
//! - `mql.csv` — `mql_id,first_contact_date,landing_page_id,origin`; dates
//!   `DD-MM-YYYY` between 2017-06-14 and 2018-05-31, more leads per month
//!   in 2018 as in the real export; origins in about the real mix,
//!   including `unknown`, `other_publicities` and empty cells.
//! - `closed_deals.csv` — the leads that won (about one in eight, more for
//!   search and untracked origins, as in the real export), with the real
//!   file's 14 columns; `won_date` is `DD-MM-YYYY HH:MM`, and the
//!   seller-profile columns are often empty.
//!
//! ```text
//! cargo run -p accord-records --example generate_olist -- --count 400 --seed 2018 --out examples/olist
//! ```
//!
//! Same seed, same bytes (splitmix64, no clock). The committed
//! `examples/olist/*.csv` are what the command above writes
//! (`crates/accord-records/tests/olist_generator.rs` checks it).

use chrono::{Duration, NaiveDate};
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "leadgen/vocab.rs"]
mod vocab;

use vocab::Rng;

/// Command-line options.
#[derive(Clone, Debug)]
pub struct Options {
    pub count: usize,
    pub seed: u64,
    pub out: PathBuf,
}

/// What was written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub leads: usize,
    pub won: usize,
}

/// Origins with their weight (about the real export's counts per 8,000)
/// and their chance of winning in permille (about the real rates).
const ORIGINS: [(&str, u32, u32); 11] = [
    ("organic_search", 2296, 118),
    ("paid_search", 1586, 123),
    ("social", 1350, 56),
    ("unknown", 1099, 163),
    ("direct_traffic", 499, 112),
    ("email", 493, 30),
    ("referral", 284, 85),
    ("other", 150, 27),
    ("display", 118, 51),
    ("other_publicities", 65, 46),
    ("", 60, 233),
];

/// Leads per month, 2017-06 … 2018-05 (the real export's shape; June
/// starts on the 14th).
const MONTHS: [((i32, u32), u32); 12] = [
    ((2017, 6), 4),
    ((2017, 7), 239),
    ((2017, 8), 386),
    ((2017, 9), 312),
    ((2017, 10), 416),
    ((2017, 11), 445),
    ((2017, 12), 200),
    ((2018, 1), 1141),
    ((2018, 2), 1028),
    ((2018, 3), 1174),
    ((2018, 4), 1352),
    ((2018, 5), 1303),
];

const SEGMENTS: [&str; 8] = [
    "home_decor",
    "health_beauty",
    "car_accessories",
    "household_utilities",
    "construction_tools_house_garden",
    "audio_video_electronics",
    "computers",
    "pet",
];
const LEAD_TYPES: [&str; 6] = [
    "online_medium",
    "online_big",
    "industry",
    "offline",
    "online_small",
    "online_beginner",
];
const PROFILES: [(&str, u32); 5] = [
    ("cat", 40),
    ("eagle", 12),
    ("wolf", 10),
    ("shark", 3),
    ("", 35),
];
const BUSINESS_TYPES: [(&str, u32); 4] = [
    ("reseller", 70),
    ("manufacturer", 27),
    ("other", 1),
    ("", 2),
];

const MQL_COLUMNS: [&str; 4] = ["mql_id", "first_contact_date", "landing_page_id", "origin"];
const DEAL_COLUMNS: [&str; 14] = [
    "mql_id",
    "seller_id",
    "sdr_id",
    "sr_id",
    "won_date",
    "business_segment",
    "lead_type",
    "lead_behaviour_profile",
    "has_company",
    "has_gtin",
    "average_stock",
    "business_type",
    "declared_product_catalog_size",
    "declared_monthly_revenue",
];

fn main() {
    let opts = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("generate_olist: {msg}");
            eprintln!("usage: generate_olist [--count N] [--seed S] [--out DIR]");
            std::process::exit(2);
        }
    };
    match generate(&opts) {
        Ok(s) => println!(
            "wrote {} leads ({} won) to {}",
            s.leads,
            s.won,
            opts.out.display()
        ),
        Err(e) => {
            eprintln!("generate_olist: {e}");
            std::process::exit(1);
        }
    }
}

pub fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut opts = Options {
        count: 400,
        seed: 2018,
        out: PathBuf::from("examples/olist"),
    };
    vocab::parse_generator_args(args, &mut opts.count, &mut opts.seed, &mut opts.out, |_| {
        false
    })?;
    Ok(opts)
}

/// 32 lowercase hex digits, like the export's ids.
fn hex_id(rng: &mut Rng) -> String {
    format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64())
}

fn first_contact(rng: &mut Rng) -> NaiveDate {
    let weights: Vec<((i32, u32), u32)> = MONTHS.to_vec();
    let (year, month) = *rng.weighted(&weights);
    let first_day = if (year, month) == (2017, 6) { 14 } else { 1 };
    let start = NaiveDate::from_ymd_opt(year, month, first_day).unwrap_or_default();
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .unwrap_or_default();
    let days = (next - start).num_days();
    start + Duration::days(rng.range(0, days - 1))
}

fn csv_error(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// Writes `opts.count` leads into `opts.out/mql.csv` and the won ones into
/// `opts.out/closed_deals.csv`.
pub fn generate(opts: &Options) -> std::io::Result<Summary> {
    std::fs::create_dir_all(&opts.out)?;
    let mut mql = csv::Writer::from_path(opts.out.join("mql.csv")).map_err(csv_error)?;
    let mut deals = csv::Writer::from_path(opts.out.join("closed_deals.csv")).map_err(csv_error)?;
    mql.write_record(MQL_COLUMNS).map_err(csv_error)?;
    deals.write_record(DEAL_COLUMNS).map_err(csv_error)?;
    let mut rng = Rng::new(opts.seed);
    let pages: Vec<(String, u32)> = (0..12u32).map(|i| (hex_id(&mut rng), 12 - i)).collect();
    let sdrs: Vec<String> = (0..8).map(|_| hex_id(&mut rng)).collect();
    let srs: Vec<String> = (0..5).map(|_| hex_id(&mut rng)).collect();
    let origins: Vec<((&str, u32), u32)> = ORIGINS.iter().map(|&(o, w, p)| ((o, p), w)).collect();
    let mut summary = Summary::default();
    for _ in 0..opts.count {
        let id = hex_id(&mut rng);
        let date = first_contact(&mut rng);
        let page = rng.weighted(&pages).clone();
        let (origin, win_permille) = *rng.weighted(&origins);
        mql.write_record([
            id.as_str(),
            date.format("%d-%m-%Y").to_string().as_str(),
            page.as_str(),
            origin,
        ])
        .map_err(csv_error)?;
        summary.leads += 1;
        if rng.below(1000) >= u64::from(win_permille) {
            continue;
        }
        summary.won += 1;
        let won_at = date.and_hms_opt(0, 0, 0).unwrap_or_default()
            + Duration::days(rng.range(2, 120))
            + Duration::minutes(rng.range(7 * 60, 22 * 60));
        let catalog = if rng.chance(0.1) {
            rng.range(1, 400).to_string()
        } else {
            String::new()
        };
        let revenue = if rng.chance(0.9) {
            String::from("0")
        } else {
            (rng.range(1, 200) * 5000).to_string()
        };
        let flag = |rng: &mut Rng| match rng.below(10) {
            0 => "True",
            1 => "False",
            _ => "",
        };
        let row: [String; 14] = [
            id.clone(),
            hex_id(&mut rng),
            rng.pick(&sdrs).clone(),
            rng.pick(&srs).clone(),
            won_at.format("%d-%m-%Y %H:%M").to_string(),
            rng.pick(&SEGMENTS).to_string(),
            rng.pick(&LEAD_TYPES).to_string(),
            rng.weighted(&PROFILES).to_string(),
            flag(&mut rng).to_string(),
            flag(&mut rng).to_string(),
            if rng.chance(0.08) { "5-20" } else { "" }.to_string(),
            rng.weighted(&BUSINESS_TYPES).to_string(),
            catalog,
            revenue,
        ];
        deals.write_record(&row).map_err(csv_error)?;
    }
    mql.flush()?;
    deals.flush()?;
    Ok(summary)
}
