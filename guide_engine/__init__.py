"""guide_engine — the decision logic of 协商指南 (placeholder; the foundation issue fills this in)."""
