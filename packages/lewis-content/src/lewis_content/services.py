"""The public surface of lewis_content: the only module other packages import."""

from lewis_content.corpus import DemoCounts, generate_benchmark_corpus, load_demo_corpus
from lewis_content.models import Work
from lewis_content.schemas import WorkCard

__all__ = [
    "DemoCounts",
    "WorkCard",
    "generate_benchmark_corpus",
    "list_works",
    "load_demo_corpus",
]


def list_works() -> list[WorkCard]:
    """Published works, oldest first."""
    return [
        WorkCard.model_validate(w, from_attributes=True) for w in Work.objects.filter(live=True)
    ]
