"""Editorial pages in the Wagtail tree: theme hubs, journeys and portals under the site root."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.snippets.blocks import SnippetChooserBlock

PAGE_TEMPLATE = "lewis_content/page.html"  # for previews; readers get pages through the API


class HomePage(Page):
    """The root of the Lewis site; every editorial page lives under it."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, "intro"]
    subpage_types = [
        "lewis_content.PortalPage",
        "lewis_content.ThemePage",
        "lewis_content.JourneyPage",
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = PAGE_TEMPLATE


class ThemePage(Page):
    """A topic hub for one theme tag, with an introduction and curated passages."""

    tag = models.ForeignKey(
        "lewis_tagging.Tag",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"axis__slug": "theme"},
    )
    intro = RichTextField(blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("tag"),
        "intro",
        InlinePanel("curated_passages", label="Passage"),
    ]
    parent_page_types = ["lewis_content.HomePage"]
    subpage_types = []
    template = PAGE_TEMPLATE


class ThemePassage(Orderable):
    page = ParentalKey(ThemePage, on_delete=models.CASCADE, related_name="curated_passages")
    passage = models.ForeignKey("lewis_content.Passage", on_delete=models.CASCADE, related_name="+")

    panels = ["passage"]


class JourneyPage(Page):
    """An ordered reading path through passages, with a note for each step."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, "intro", InlinePanel("steps", label="Step")]
    parent_page_types = ["lewis_content.HomePage"]
    subpage_types = []
    template = PAGE_TEMPLATE


class JourneyStep(Orderable):
    page = ParentalKey(JourneyPage, on_delete=models.CASCADE, related_name="steps")
    passage = models.ForeignKey("lewis_content.Passage", on_delete=models.CASCADE, related_name="+")
    note = models.TextField(blank=True, help_text="Why this step, what to notice.")

    panels = ["passage", "note"]


class PortalPage(Page):
    """A curated entry point grouping journeys, theme hubs and passages."""

    intro = RichTextField(blank=True)
    items = StreamField(
        [
            ("journey", blocks.PageChooserBlock(page_type="lewis_content.JourneyPage")),
            ("theme", blocks.PageChooserBlock(page_type="lewis_content.ThemePage")),
            ("passage", SnippetChooserBlock("lewis_content.Passage")),
        ],
        blank=True,
    )

    content_panels = [*Page.content_panels, "intro", "items"]
    parent_page_types = ["lewis_content.HomePage"]
    subpage_types = []
    template = PAGE_TEMPLATE
