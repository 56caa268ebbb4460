//! The pest binding of the grammar (`grammar/accord.pest`): [`AccordParser`]
//! and the [`Rule`] of each grammar rule, derived at compile time. Every
//! other module of the parser builds on it; it imports none of them.

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/accord.pest"]
pub(crate) struct AccordParser;
