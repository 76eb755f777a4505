"""MkDocs hook for the in-browser tools' build steps (placeholder; the tools issue fills this in)."""
