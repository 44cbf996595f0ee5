"""Deterministic synthetic corpora: the demo (about 2,100 passages) and benchmark corpora.

Same seed, same corpus. Tags follow a Zipf-like frequency, as real tagging does: a few tags are
on many passages, most on few. Passage text is generated from the tags it carries, so the offline
drafter finds something to suggest.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import ReferenceIndex

from lewis_content.curation.pages import (
    HomePage,
    JourneyPage,
    JourneyStep,
    PortalPage,
    ThemePage,
    ThemePassage,
)
from lewis_content.curation.schedule import DailyDrop, EpisodePassage, Podcast, PodcastEpisode
from lewis_content.demo import data
from lewis_content.demo.zipf import zipf_weights
from lewis_content.library.models import (
    Chapter,
    Passage,
    PassageTag,
    Provenance,
    PublishedTag,
    Register,
    Work,
)
from lewis_content.library.revisions import forget_orphaned_revisions, give_live_revisions
from lewis_content.reading.actions import content_changed, rebuild_read_models
from lewis_content.reading.models import PassageSnapshot
from lewis_content.tagreview import drafting
from lewis_content.tagreview.actions import publish_tags
from lewis_content.tagreview.models import TagDraft
from lewis_tagging import services as tagging

DEMO_SEED = 1898  # Lewis's birth year
DRAFT_SHARE = 0.05


@dataclass(frozen=True)
class TagPool:
    """One axis's tags in frequency rank order, with Zipf weights."""

    axis: str
    ids: list[int]
    labels: dict[int, str]
    weights: list[float]

    def draw(self, rng: random.Random, count: int) -> list[int]:
        chosen = dict.fromkeys(rng.choices(self.ids, weights=self.weights, k=count))
        return list(chosen)


def taxonomy_specs() -> list[tagging.TagSpec]:
    specs = []
    for axis, words in (
        ("theme", data.THEMES),
        ("motif", data.MOTIFS),
        ("life-stage", data.LIFE_STAGES),
    ):
        for word in (w.strip() for w in words.split(",")):
            specs.append(tagging.TagSpec(axis=axis, slug=slugify(word), label=word.capitalize()))
    return specs


def tag_pools(seed: int) -> list[TagPool]:
    """Tag pools per axis; the frequency ranking is shuffled by the seed, deterministically."""
    ids = tagging.ensure_tags(taxonomy_specs())
    rng = random.Random(seed)
    pools = []
    for axis in ("theme", "motif", "life-stage"):
        specs = [s for s in taxonomy_specs() if s.axis == axis]
        rng.shuffle(specs)
        tag_ids = [ids[(axis, s.slug)] for s in specs]
        pools.append(
            TagPool(
                axis=axis,
                ids=tag_ids,
                labels={ids[(axis, s.slug)]: s.label.lower() for s in specs},
                weights=zipf_weights(len(tag_ids)),
            )
        )
    return pools


def draw_tags(rng: random.Random, pools: list[TagPool]) -> list[int]:
    theme, motif, stage = pools
    return (
        theme.draw(rng, rng.randint(1, 3))
        + motif.draw(rng, rng.randint(1, 3))
        + stage.draw(rng, rng.randint(0, 2))
    )


def passage_text(rng: random.Random, labels: list[str]) -> list[str]:
    """Two to four synthetic sentences that mention the passage's tags."""
    sentences = []
    for _ in range(rng.randint(2, 4)):
        a, b = rng.choice(labels), rng.choice(labels)
        sentences.append(
            f"{rng.choice(data.OPENINGS)} {a} {rng.choice(data.CONNECTIONS)} "
            f"{b}, {rng.choice(data.CLOSINGS)}"
        )
    return sentences


def body_json(paragraphs: list[str]) -> list[dict]:
    return [
        {"type": "paragraph", "value": f"<p>{p}</p>", "id": str(uuid.uuid4())} for p in paragraphs
    ]


def ensure_registers() -> dict[str, Register]:
    for position, (slug, label, description) in enumerate(data.REGISTERS):
        Register.objects.get_or_create(
            slug=slug, defaults={"label": label, "description": description, "position": position}
        )
    return {r.slug: r for r in Register.objects.all()}


def ensure_work(spec: tuple, *, chapters: int) -> tuple[Work, bool]:
    slug, title, year, form, audio_allowed, _share = spec
    now = timezone.now()
    work, created = Work.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "year": year,
            "form": form,
            "audio_allowed": audio_allowed,
            "live": True,
            "first_published_at": now,
            "last_published_at": now,
        },
    )
    if created:
        give_live_revisions(Work, ids=[work.pk])
    if created and chapters:
        index_references(
            Chapter.objects.bulk_create(
                Chapter(work=work, number=n, title=f"Chapter {n}") for n in range(1, chapters + 1)
            )
        )
    return work, created


def index_references(objects) -> None:
    """Record what bulk-created objects refer to in Wagtail's reference index, which the CMS's
    usage counts read ("Referenced 3 times" for a work with 124 passages, without it):
    bulk_create goes around the signal that keeps it. Wagtail indexes one object at a time,
    two queries each: about 1.4 ms a passage and 1 ms a tag assignment on PostgreSQL."""
    for obj in objects:
        ReferenceIndex.create_or_update_for_object(obj)


def build_passages(
    rng: random.Random,
    work: Work,
    count: int,
    pools: list[TagPool],
    registers: list[Register],
    *,
    editorial: bool = False,
    reviewer=None,
    references: bool = True,
) -> int:
    """Create a work's passages and their tags in bulk; returns how many were created.
    `references=False` leaves them out of Wagtail's reference index (see index_references)."""
    now = timezone.now()
    chapters = list(work.chapters.order_by("number"))
    labels = {tag_id: label for pool in pools for tag_id, label in pool.labels.items()}
    passages, tag_lists, drafts, texts = [], [], [], []
    for position in range(1, count + 1):
        tags = draw_tags(rng, pools)
        draft = rng.random() < DRAFT_SHARE
        text = passage_text(rng, [labels[t] for t in tags])
        passages.append(
            Passage(
                title=f"On {labels[tags[0]]} ({work.title}, {position})",
                work=work,
                chapter=chapters[(position - 1) * len(chapters) // count] if chapters else None,
                position=position,
                register=rng.choice(registers),
                provenance=Provenance.EDITORIAL if editorial else Provenance.LEWIS,
                author_byline=rng.choice(data.EDITORIAL_AUTHORS) if editorial else "",
                body=body_json(text),
                live=not draft,
                has_unpublished_changes=draft,
                first_published_at=None if draft else now,
                last_published_at=None if draft else now,
            )
        )
        tag_lists.append(tags)
        drafts.append(draft)
        texts.append(text)
    created = Passage.objects.bulk_create(passages, batch_size=2000)
    # Published as Wagtail would have: scheduling a change later keeps them live meanwhile.
    give_live_revisions(Passage, ids=[p.pk for p in created if p.live])
    assignments = PassageTag.objects.bulk_create(
        (
            tag_assignment(
                rng,
                passage,
                tag_id,
                draft=draft,
                reviewer=reviewer,
                now=now,
                rationale=mention_rationale(labels[tag_id], text),
            )
            for passage, tags, draft, text in zip(created, tag_lists, drafts, texts, strict=True)
            for tag_id in tags
        ),
        batch_size=5000,
    )
    if references:
        index_references(created)
        index_references(assignments)
    publish_tags(p.pk for p in created if p.live)  # the live ones were published with their tags
    # Their tags count as drafted from their text: saving one unchanged drafts nothing again.
    version = tagging.taxonomy_version()
    TagDraft.objects.bulk_create(
        (
            TagDraft(
                passage=passage,
                input_key=drafting.input_key(drafting.drafting_text(passage), version),
                status=TagDraft.Status.DRAFTED,
                drafter="demo",
                suggested=len(tags) if draft else 0,
            )
            for passage, tags, draft in zip(created, tag_lists, drafts, strict=True)
        ),
        batch_size=2000,
    )
    return len(created)


def mention_rationale(label: str, paragraphs: list[str]) -> str:
    """Why a drafter would suggest the tag, in the offline drafter's words: where the passage
    says it."""
    count = " ".join(paragraphs).lower().count(label.lower())
    if not count:
        return f"Implied by the passage; '{label.lower()}' itself does not appear."
    return f"Mentions '{label.lower()}'" + (f" ({count}x)." if count > 1 else ".")


def tag_assignment(rng, passage, tag_id, *, draft, reviewer, now, rationale="") -> PassageTag:
    if draft:  # drafted by AI, awaiting an editor
        return PassageTag(
            passage=passage,
            tag_id=tag_id,
            source=PassageTag.Source.AI,
            confidence=round(rng.uniform(0.45, 0.98), 2),
            rationale=rationale,
        )
    if rng.random() < 0.7:  # drafted by AI, accepted by an editor
        return PassageTag(
            passage=passage,
            tag_id=tag_id,
            source=PassageTag.Source.AI,
            rationale=rationale,
            confidence=round(rng.uniform(0.6, 0.99), 2),
            status=PassageTag.Status.ACCEPTED,
            reviewed_by=reviewer,
            reviewed_at=now,
        )
    return PassageTag(
        passage=passage,
        tag_id=tag_id,
        source=PassageTag.Source.EDITOR,
        status=PassageTag.Status.ACCEPTED,
        reviewed_by=reviewer,
        reviewed_at=now,
    )


@dataclass
class DemoCounts:
    works: int = 0
    passages: int = 0
    pages: int = 0
    podcasts: int = 0
    daily_drops: int = 0


@transaction.atomic
def load_demo_corpus(
    *, passages: int = 2100, reviewer=None, today: date | None = None, seed: int = DEMO_SEED
) -> DemoCounts:
    """Load (or complete) the demo corpus; what already exists is left alone."""
    rng = random.Random(seed)
    pools = tag_pools(seed)
    registers = list(ensure_registers().values())
    counts = DemoCounts()
    specs = [*data.WORKS, data.EDITORIAL_WORK]
    total_share = sum(s[-1] for s in specs)
    for spec in specs:
        editorial = spec is data.EDITORIAL_WORK
        work, created = ensure_work(spec, chapters=0 if editorial else rng.randint(6, 14))
        # Draw for every work even when it exists, so a re-run stays deterministic.
        work_rng = random.Random(rng.random())
        if created:
            counts.works += 1
            count = round(passages * spec[-1] / total_share)
            counts.passages += build_passages(
                work_rng, work, count, pools, registers, editorial=editorial, reviewer=reviewer
            )
    counts.pages = ensure_pages(rng, pools)
    counts.podcasts = ensure_podcasts(rng)
    counts.daily_drops = ensure_daily_drops(today or timezone.localdate(), registers)
    # Bulk inserts go around the actions: render, index and invalidate once, at the end. A run
    # that only completes the schedule (the next days' drops) just moves the generation.
    if counts.passages:
        rebuild_read_models()
    elif counts.podcasts or counts.daily_drops:
        content_changed()
    return counts


def published_ids():
    return Passage.objects.filter(live=True).order_by("pk").values_list("pk", flat=True)


def publish_page(parent, page) -> None:
    parent.add_child(instance=page)
    page.save_revision().publish()


def ensure_pages(rng: random.Random, pools: list[TagPool]) -> int:
    home = HomePage.objects.get()
    if home.get_children().exists():
        return 0
    ids = list(published_ids())
    theme_pool = pools[0]
    themes = []
    for tag_id in theme_pool.ids[:8]:  # the eight most frequent themes get a hub
        label = theme_pool.labels[tag_id]
        tagged = list(
            PublishedTag.objects.filter(tag_id=tag_id, passage__live=True)
            .order_by("passage_id")
            .values_list("passage_id", flat=True)[:6]
        )
        page = ThemePage(
            title=label.capitalize(),
            slug=slugify(label),
            tag_id=tag_id,
            intro=f"<p>Lewis on {label}.</p>",
            curated_passages=[ThemePassage(passage_id=p) for p in tagged],
        )
        publish_page(home, page)
        themes.append(page)
    journeys = []
    for title in (
        "Through grief",
        "The road to joy",
        "First steps in faith",
        "Love in four voices",
        "Facing pain",
    ):
        steps = [
            JourneyStep(passage_id=p, note=f"Step {n}: read slowly; notice what is asked.")
            for n, p in enumerate(rng.sample(ids, 6), start=1)
        ]
        page = JourneyPage(title=title, slug=slugify(title), intro=f"<p>{title}.</p>", steps=steps)
        publish_page(home, page)
        journeys.append(page)
    portals = [
        ("Start here", journeys[:2], themes[:2]),
        ("When life is hard", journeys[2:4], themes[2:5]),
        ("Longing and joy", journeys[4:], themes[5:]),
    ]
    for title, portal_journeys, portal_themes in portals:
        items = (
            [("journey", j) for j in portal_journeys]
            + [("theme", t) for t in portal_themes]
            + [("passage", Passage.objects.get(pk=p)) for p in rng.sample(ids, 3)]
        )
        publish_page(
            home,
            PortalPage(title=title, slug=slugify(title), intro=f"<p>{title}.</p>", items=items),
        )
    return len(themes) + len(journeys) + len(portals)


def ensure_podcasts(rng: random.Random) -> int:
    created = 0
    ids = list(published_ids())
    for slug, title in (
        ("the-inklings-hour", "The Inklings Hour"),
        ("reading-lewis-slowly", "Reading Lewis Slowly"),
    ):
        podcast, was_created = Podcast.objects.get_or_create(
            slug=slug, defaults={"title": title, "description": f"{title}: conversations."}
        )
        if not was_created:
            continue
        created += 1
        for number in range(1, 5):
            episode = PodcastEpisode(
                podcast=podcast,
                number=number,
                title=f"{title}, episode {number}",
                audio_url=f"https://media.example.org/{slug}/{number}.mp3",
                duration_seconds=rng.randint(900, 3600),
                published_on=date(2026, 1, 1) + timedelta(weeks=number),
                linked_passages=[EpisodePassage(passage_id=p) for p in rng.sample(ids, 3)],
            )
            episode.save()
    return created


def ensure_daily_drops(today: date, registers: list[Register], days: int = 30) -> int:
    """A drop per register for each of the next `days` days, picked deterministically."""
    created = 0
    for register in registers:
        candidates = list(published_ids().filter(register=register))
        for offset in range(days):
            day = today + timedelta(days=offset)
            pick = candidates[random.Random(f"{day}:{register.slug}").randrange(len(candidates))]
            _, was_created = DailyDrop.objects.get_or_create(
                date=day, register=register, defaults={"passage_id": pick}
            )
            created += was_created
    return created


BENCH_PREFIX = "bench-"


def delete_benchmark_corpus() -> None:
    """Remove a previous benchmark corpus with set-based deletes: a million passages deleted
    through the ORM would be collected and signalled one by one."""
    works = Work.objects.filter(slug__startswith=BENCH_PREFIX)
    passages = Passage.objects.filter(work__in=works).values("pk")
    sql, params = passages.query.sql_with_params()
    # What `rebuild_references_index` may have recorded for them: no signal forgets it here.
    for model, rows in (
        (PassageTag, PassageTag.objects.filter(passage__in=passages)),
        (Passage, Passage.objects.filter(work__in=works)),
    ):
        ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(model),
            object_id__in=rows.annotate(key=Cast("pk", CharField())).values("key"),
        ).delete()
    with connection.cursor() as cursor:
        for model in (PassageTag, PublishedTag, PassageSnapshot, TagDraft):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE passage_id IN ({sql})",  # noqa: S608
                params,
            )
        cursor.execute(f"DELETE FROM {Passage._meta.db_table} WHERE id IN ({sql})", params)  # noqa: S608
    forget_orphaned_revisions(Passage)
    works.delete()


def generate_benchmark_corpus(
    passages: int, *, seed: int = 7, passages_per_work: int = 1000, progress=None
) -> int:
    """Replace the benchmark corpus with `passages` synthetic passages; returns the count."""
    delete_benchmark_corpus()
    rng = random.Random(seed)
    pools = tag_pools(seed)
    registers = list(ensure_registers().values())
    created = 0
    number = 0
    while created < passages:
        number += 1
        count = min(passages_per_work, passages - created)
        with transaction.atomic():
            work, _ = ensure_work(
                (f"{BENCH_PREFIX}{number:05d}", f"Benchmark work {number}", 2000, "book", True, 1),
                chapters=0,
            )
            # Not in the reference index: it would add about 10 minutes per 100,000 passages
            # (their 474,000 tag assignments too), for usage counts no benchmark reads.
            created += build_passages(
                random.Random(rng.random()), work, count, pools, registers, references=False
            )
        if progress:
            progress(created)
    rebuild_read_models()
    return created
