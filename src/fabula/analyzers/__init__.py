"""Analyzers: pure functions `analyze_x(story, doc, *earlier) -> X`, run by pipeline.py."""
