//! Compiles a checked policy to an evaluation plan and evaluates leads with explanations
