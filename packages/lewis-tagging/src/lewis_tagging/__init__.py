"""The taxonomy (axes and their tags) and drafting tag suggestions for a text.

Other packages import only `lewis_tagging.services`.
"""
