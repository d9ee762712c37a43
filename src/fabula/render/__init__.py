"""Renderers: read an Analysis, never recompute it."""
