//! Accord: policy-as-code for revenue teams (library facade and the accord CLI)
