"""lewis_ranking's HTTP routes. Readers reach ranking through the content router's
`/passages/{id}/related` and `/connections`, which hydrate results into passage cards."""

from ninja import Router

from lewis_ranking import services

router = Router(tags=["ranking"])


@router.get("/ranking/weights", response=dict[str, int], summary="Default axis weights")
def default_weights(request):
    """The integer weight per taxonomy axis that ranking uses when a request names none."""
    return services.default_weights()
