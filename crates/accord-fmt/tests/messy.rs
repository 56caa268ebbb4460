//! Deliberately messy policies and what `accord fmt` makes of them
//! (snapshots). Each snapshot was read: indentation two spaces per level,
//! one space between words, long clauses broken at their outermost `or`
//! first, lists filled, comments where they were.

#![allow(clippy::panic)]

use accord_fmt::format;
use accord_syntax::FileId;

fn fmt(text: &str) -> String {
    let once = format(FileId(0), text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        format(FileId(0), &once).ok().as_deref(),
        Some(once.as_str())
    );
    once
}

#[test]
fn indentation_spacing_and_blank_lines() {
    insta::assert_snapshot!(fmt(r#"


# A fit written carelessly.
fit   icp   "Minimum ICP fit"  :
      employees is between 20 and 500     
      industry is one of "SaaS" ,"Fintech",   "E-commerce"   # the three we sell to



      not  ( competitor_contract or  status is "customer" )
score lead_score:
    fit weighs 40% :
          +10 when title_level is "VP"
          -5 when employees is below 10
    behavior weighs 60%:
          +5 for each activity "website_visit" , at most 25
    # decay comes last
    decays 10% every 30 days without activity


"#));
}

#[test]
fn long_clauses_break_at_their_outermost_places() {
    insta::assert_snapshot!(fmt(r#"tiers "Lead tiers":
  tier 1 when there is an activity one of "demo_request", "trial_signup", "contact_form", "event_registration" or at least 2 activities "page_view" where page is "pricing" and campaign is "spring"
  tier 2 when (lead_score is at least 80 and employees is at least 200 and industry is in target_industries) or there is an activity "budget_signal"
  tier 3 otherwise
exclusion personal_email "Personal email domain (B.4)" when the domain of email is in free_email_domains unless company_verified and phone_verified: route to "SDR queue"
list free_email_domains "Personal email domains": "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com"
handoff:
  requires full_name, job_title, email, company_name, employees, industry, lead_source, campaign, crm_account_match, phone
"#));
}

#[test]
fn clauses_written_over_many_lines_are_joined_when_they_fit() {
    insta::assert_snapshot!(fmt(r#"exclusion customer "Existing customer"
      when status is "customer"
   : route to "CSM"
mql "MQL" when icp
    and lead_score is at least 65
          and high_intent
rejection reasons:
  no_budget "No budget signal": nurture "long-cycle" for 6 months,
         re-enter after 30 days with a new activity "budget_signal"
metric mql_volume "Monthly MQL volume":
     the number of mql leads, by month
"#));
}

#[test]
fn a_comment_inside_a_clause_keeps_its_line_breaks() {
    insta::assert_snapshot!(fmt(r#"sql "SQL" when sal
       # confirmed on the call
       and interest_confirmed   # C.1
  or   budget_confirmed
fit icp:
  employees is at least 20
    # a note at the end, indented
"#));
}
