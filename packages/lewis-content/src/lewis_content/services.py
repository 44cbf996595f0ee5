"""The public surface of lewis_content: the only module other packages import."""

from lewis_content.cache import CACHE_CONTROL, bump_generation, lookup, not_modified
from lewis_content.corpus import DemoCounts, generate_benchmark_corpus, load_demo_corpus
from lewis_content.reader import list_works
from lewis_content.schemas import WorkCard

__all__ = [
    "CACHE_CONTROL",
    "DemoCounts",
    "WorkCard",
    "bump_generation",
    "generate_benchmark_corpus",
    "list_works",
    "load_demo_corpus",
    "lookup",
    "not_modified",
]
