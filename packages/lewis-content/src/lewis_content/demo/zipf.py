"""Zipf-like tag frequencies, as real tagging has them: a few tags on many passages, most on few.

The one generator of synthetic tag skew: the demo corpus and bench/ranking.py both use it.
Plain Python, no Django, so a benchmark script can import it without setting anything up.
"""

ZIPF_EXPONENT = 1.07


def zipf_weights(count: int, exponent: float = ZIPF_EXPONENT) -> list[float]:
    """Relative frequency of the tags ranked 1..count (unnormalised)."""
    return [1 / rank**exponent for rank in range(1, count + 1)]
