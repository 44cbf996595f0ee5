"""The blocks a passage body is made of. docs/api.md documents their JSON shape."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "lewis_content/blocks/pull_quote.html"  # previews (the API sends JSON)


class CitationBlock(blocks.StructBlock):
    reference = blocks.CharBlock(help_text="e.g. 'John 11:35' or 'Mere Christianity, III.10'")
    kind = blocks.ChoiceBlock(
        choices=[("scripture", "Scripture"), ("work", "A work"), ("other", "Other")],
        default="scripture",
    )
    note = blocks.TextBlock(required=False)

    class Meta:
        icon = "link-external"
        template = "lewis_content/blocks/citation.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "lewis_content/blocks/image.html"


class FootnoteBlock(blocks.StructBlock):
    marker = blocks.CharBlock(max_length=8, help_text="e.g. '1' or '*'")
    text = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "list-ol"
        template = "lewis_content/blocks/footnote.html"


class PassageBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)
    pull_quote = PullQuoteBlock()
    citation = CitationBlock()
    image = ImageBlock()
    embed = EmbedBlock(icon="media")
    footnote = FootnoteBlock()
