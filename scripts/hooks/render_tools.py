"""Renderers for the in-browser tools' markers (placeholder; the tools issue fills this in)."""
RENDERERS: dict = {}
