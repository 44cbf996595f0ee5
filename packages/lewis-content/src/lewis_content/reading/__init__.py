"""What guests read, and the read models behind it.

- `queries.py`: published content only, as the API's schemas (`schemas.py`); today's passage.
- `related.py`: dive deeper and connects across, hydrated from snapshots.
- `models.py`, `snapshots.py`: the passage snapshot read model, rendered on change.
- `projection.py`: the ranking projection (published passages with their accepted tags).
- `actions.py`: the named writes of the read models; every change readers see calls one.
"""
