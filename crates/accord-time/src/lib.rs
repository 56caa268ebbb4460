//! Business-time arithmetic on opening-hours calendars with IANA zones, holidays and DST
