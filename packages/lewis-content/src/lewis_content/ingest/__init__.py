"""Ingest: articles from the editorial Substack feeds become draft editorial passages."""
