"""Substack ingest: each article of the configured RSS feeds becomes a draft editorial passage.

Keyed by the feed item's GUID, so re-running or an edited article never duplicates. A draft is
updated in place; a published passage gets a new draft revision for editors to publish.
"""

import hashlib
import html
import logging
import re
import xml.sax
from dataclasses import dataclass, field

import feedparser
import httpx
from django.db import transaction
from django.db.models import Max
from django.utils.html import strip_tags

from lewis_content.conf import content_settings
from lewis_content.library.models import Passage, Provenance, Register, Work
from lewis_content.reading.actions import content_changed

logger = logging.getLogger(__name__)

PARAGRAPH_BREAK = re.compile(
    r"</p\s*>|<br\s*/?>\s*<br\s*/?>|</h[1-6]\s*>|</blockquote\s*>", re.IGNORECASE
)


class FeedError(Exception):
    """The feed could not be fetched or read."""


@dataclass(frozen=True)
class Article:
    guid: str
    title: str
    byline: str
    html: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.title}\n{self.byline}\n{self.html}".encode()).hexdigest()


@dataclass
class IngestReport:
    url: str
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0


def fetch(url: str) -> bytes:
    try:
        response = httpx.get(
            url,
            timeout=content_settings()["FEED_TIMEOUT_SECONDS"],
            follow_redirects=True,
            headers={"User-Agent": "lewis-backend"},
        )
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise FeedError(f"Could not fetch {url}: {exc}") from exc
    return response.content


def parse(url: str, content: bytes) -> list[Article]:
    feed = feedparser.parse(content)
    problem = feed.get("bozo_exception")
    # Encoding notes are harmless; broken XML means we cannot trust which items we saw.
    if feed.bozo and (isinstance(problem, xml.sax.SAXException) or not feed.entries):
        raise FeedError(f"Malformed feed at {url}: {problem}")
    feed_author = feed.feed.get("author", "")
    articles = []
    for entry in feed.entries:
        guid = entry.get("id") or entry.get("link")
        if not guid:
            logger.warning("Skipping an item without GUID or link in %s", url)
            continue
        body = entry.content[0].value if entry.get("content") else entry.get("summary", "")
        articles.append(
            Article(
                guid=guid[:500],
                title=entry.get("title", "Untitled")[:200],
                byline=(entry.get("author") or feed_author or "Editorial")[:200],
                html=body,
            )
        )
    return articles


def paragraphs(article_html: str) -> list[tuple[str, str]]:
    """Plain paragraphs as rich-text blocks: the feed's markup is never trusted as HTML."""
    texts = (
        html.unescape(strip_tags(chunk)).strip() for chunk in PARAGRAPH_BREAK.split(article_html)
    )
    return [("paragraph", f"<p>{html.escape(text)}</p>") for text in texts if text]


def editorial_home() -> tuple[Work, Register]:
    settings = content_settings()
    slug, title = settings["EDITORIAL_WORK"]
    work, _ = Work.objects.get_or_create(slug=slug, defaults={"title": title, "form": "essay"})
    register = Register.objects.filter(slug=settings["EDITORIAL_REGISTER"]).first()
    if register is None:
        register, created = Register.objects.get_or_create(
            slug=settings["EDITORIAL_REGISTER"],
            defaults={"label": settings["EDITORIAL_REGISTER"].capitalize()},
        )
        if created:
            content_changed()  # /registers lists it
    return work, register


@transaction.atomic
def upsert(article: Article, work: Work, register: Register, report: IngestReport) -> None:
    passage = (
        Passage.objects.select_for_update(no_key=True).filter(source_guid=article.guid).first()
    )
    if passage is not None and passage.source_digest == article.digest:
        report.unchanged += 1
        return
    if passage is None:
        last = Passage.objects.filter(work=work).aggregate(last=Max("position"))["last"] or 0
        passage = Passage(
            work=work,
            register=register,
            position=last + 1,
            provenance=Provenance.EDITORIAL,
            source_guid=article.guid,
            live=False,
            has_unpublished_changes=True,
        )
        created = True
    else:
        created = False
    passage.title = article.title
    passage.author_byline = article.byline
    passage.body = paragraphs(article.html) or [("paragraph", "<p></p>")]
    passage.source_digest = article.digest
    if created or not passage.live:
        passage.save()  # a draft: its row is the draft
    else:  # published: the row stays as readers know it until an editor publishes
        Passage.objects.filter(pk=passage.pk).update(source_digest=article.digest)
    # Saving the revision saves the passage: its changed text queues tag drafting on commit.
    passage.save_revision(log_action=True)
    (report.created if created else report.updated).append(passage.pk)


def ingest_feed(url: str) -> IngestReport:
    """Fetch one feed and upsert its articles; raises FeedError when the feed is unusable."""
    articles = parse(url, fetch(url))
    work, register = editorial_home()
    report = IngestReport(url=url)
    for article in articles:
        upsert(article, work, register, report)
    logger.info(
        "Substack %s: %d new, %d updated, %d unchanged",
        url,
        len(report.created),
        len(report.updated),
        report.unchanged,
    )
    return report


def ingest_all() -> list[IngestReport]:
    """Every configured feed; one failing feed is logged and retried at the next run."""
    feeds = content_settings()["SUBSTACK_FEEDS"]
    if not feeds:
        logger.info("No Substack feeds configured (SUBSTACK_FEEDS is empty): nothing ingested")
    reports = []
    for url in feeds:
        try:
            reports.append(ingest_feed(url))
        except Exception:
            logger.exception("Substack feed %s failed; it will be tried again at the next run", url)
    return reports
