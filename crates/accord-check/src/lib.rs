//! Incremental checker on salsa: name resolution, types, units and agreement logic
