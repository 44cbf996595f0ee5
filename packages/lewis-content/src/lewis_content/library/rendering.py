"""Passage bodies as the API's JSON blocks, excerpts, plain text and the text read aloud."""

import html

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.rich_text import expand_db_html

IMAGE_RENDITION = "max-1200x1200"


def body_blocks(body) -> list[dict]:
    """The StreamField value as a list of typed blocks (schemas.BodyBlock)."""
    blocks = []
    for block in body:
        value, base = block.value, {"type": block.block_type, "id": block.id or ""}
        match block.block_type:
            case "paragraph":
                blocks.append({**base, "html": expand_db_html(value.source)})
            case "pull_quote":
                blocks.append(
                    {**base, "quote": value["quote"], "attribution": value["attribution"] or ""}
                )
            case "citation":
                blocks.append(
                    {
                        **base,
                        "reference": value["reference"],
                        "kind": value["kind"],
                        "note": value["note"] or "",
                    }
                )
            case "image":
                image = value["image"]
                if image is None:  # the image was deleted from the library
                    continue
                rendition = image.get_rendition(IMAGE_RENDITION)
                blocks.append(
                    {
                        **base,
                        "url": rendition.url,
                        "width": rendition.width,
                        "height": rendition.height,
                        "alt": image.default_alt_text or image.title,
                        "caption": value["caption"] or "",
                    }
                )
            case "embed":
                blocks.append({**base, "url": value.url if value else ""})
            case "footnote":
                blocks.append(
                    {
                        **base,
                        "marker": value["marker"],
                        "html": expand_db_html(value["text"].source),
                    }
                )
    return blocks


def plain_text(raw_body: list[dict]) -> str:
    """The words of a body's paragraphs and quotes, from its stored JSON (no block parsing)."""
    parts = []
    for block in raw_body:
        if block["type"] == "paragraph":
            parts.append(strip_tags(block["value"]))
        elif block["type"] == "pull_quote":
            parts.append(block["value"].get("quote", ""))
    return "\n\n".join(p.strip() for p in parts if p.strip())


def spoken_blocks(raw_body: list[dict]) -> list[tuple[str, str]]:
    """The blocks an audio reading reads, in order: paragraphs and pull quotes (not footnotes,
    citations, captions or embeds), as (block id, the text a reader sees in it: tags removed,
    entities decoded). Read-along timings point into these texts (docs/api.md)."""
    spoken = []
    for block in raw_body:
        if block["type"] == "paragraph":
            text = html.unescape(strip_tags(block["value"]))
        elif block["type"] == "pull_quote":
            text = block["value"].get("quote", "")
        else:
            continue
        if text.strip():
            spoken.append((block.get("id") or "", text))
    return spoken


def excerpt(raw_body: list[dict], chars: int = 200) -> str:
    return Truncator(plain_text(raw_body).split("\n\n")[0] if raw_body else "").chars(chars)
