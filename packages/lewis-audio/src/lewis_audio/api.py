"""lewis_audio's HTTP routes. Readers get audio inside passage detail (content's router);
audio itself is served by the storage (CloudFront or local media), not by this API."""

from ninja import Router

router = Router(tags=["audio"])
