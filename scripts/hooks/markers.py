"""MkDocs hook: replaces [[...]] markers with data (placeholder; the site issue fills this in)."""
