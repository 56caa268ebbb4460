//! Unit tests on hand-built policies (see `tests/` for end-to-end tests).
