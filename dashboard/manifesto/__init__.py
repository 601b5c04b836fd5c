"""Manifesto feature: cached readers and the DOCX / Markdown rendering."""
