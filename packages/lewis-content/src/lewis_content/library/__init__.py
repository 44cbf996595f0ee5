"""The library: works, chapters, registers, passages and the tags on them (`models.py`), the blocks
a passage body is made of and how a body renders (`blocks.py`, `rendering.py`).

The lowest room: it imports no other room. How editors edit these is `cms/`; what readers see of
them is rendered by `reading/`.
"""
