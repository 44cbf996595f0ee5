"""lewis_tagging's HTTP routes: the taxonomy's axes."""

from ninja import Router

from lewis_tagging import services
from lewis_tagging.schemas import AxisOut

router = Router(tags=["taxonomy"])


@router.get("/axes", response=list[AxisOut], summary="Taxonomy axes")
def list_axes(request):
    """The axes tags are grouped by (motif, theme, life stage, ...), in display order."""
    return services.list_axes()
