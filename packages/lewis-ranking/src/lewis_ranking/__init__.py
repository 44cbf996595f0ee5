"""The ranking engine: "dive deeper" and "connects across" by weighted multi-axis tag overlap.

Other packages import only `lewis_ranking.services`. This package imports no CMS and no other
lewis package, so it can be lifted into a service of its own.
"""
