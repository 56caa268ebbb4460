//! Lead records: streaming NDJSON / JSON array / CSV (+ events CSV) readers, typed against a policy schema
