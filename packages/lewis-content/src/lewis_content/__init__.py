"""The Lewis content graph: works, passages and Wagtail pages, and the reader API over them.

Other packages import only `lewis_content.services`.
"""
