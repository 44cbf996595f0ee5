"""lewis_content's HTTP routes: the reader API the Flutter app codes against."""

from ninja import Router

from lewis_content import services
from lewis_content.schemas import WorkCard

router = Router(tags=["content"])


@router.get("/works", response=list[WorkCard], summary="Lewis's works")
def list_works(request):
    """Every work in the corpus, oldest first."""
    return services.list_works()
