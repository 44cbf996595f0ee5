"""The Lewis content graph: works, passages and Wagtail pages, tag review, and the reader API.

Other packages import only `lewis_content.services`. Inside, each flow has a room (see
docs/architecture.md, "Inside lewis_content"): library, curation, reading, tagreview, sync, cms,
ingest, demo, over the base modules generation, conf and errors.
"""
