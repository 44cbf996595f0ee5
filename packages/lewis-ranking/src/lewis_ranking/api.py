"""lewis_ranking's HTTP routes: none of its own. Readers reach ranking through the content
router's `/passages/{id}/related` and `/connections`, which hydrate results into passage cards
and report the weights used; the router exists so a standalone ranking service can grow here."""

from ninja import Router

router = Router(tags=["ranking"])
