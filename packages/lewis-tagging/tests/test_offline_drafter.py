"""The offline drafter: words of the taxonomy found in the text, with calibrated confidence."""

import pytest

from lewis_tagging.drafters.offline import CONFIDENCE, KeywordDrafter
from lewis_tagging.types import TaxonomyTag

REST = TaxonomyTag(id=1, axis="theme", slug="rest", label="Rest", keywords=("sabbath",))
LAMP = TaxonomyTag(id=2, axis="motif", slug="the-lamp-post", label="The lamp-post")
FRIENDSHIP = TaxonomyTag(id=3, axis="theme", slug="friendship", label="Friendship")
LOST = TaxonomyTag(id=4, axis="life-stage", slug="friendship-lost", label="Friendship lost")
HOPE = TaxonomyTag(id=5, axis="theme", slug="hope", label="Hope")
STAR = TaxonomyTag(id=6, axis="motif", slug="the-star", label="The star")
TAXONOMY = [REST, LAMP, FRIENDSHIP, LOST, HOPE, STAR]


def draft(text: str, taxonomy=TAXONOMY) -> dict[int, float]:
    return {s.tag_id: s.confidence for s in KeywordDrafter().draft(text, taxonomy)}


def test_labels_and_keywords_match_as_whole_words_whatever_the_case_and_hyphens():
    assert draft("By the Lamp-post they kept the SABBATH.") == {
        LAMP.id: CONFIDENCE["term"],
        REST.id: CONFIDENCE["term"],
    }
    assert draft("Hopeful starlight on a lamppost.") == {}


def test_idioms_do_not_count_as_the_tag_they_contain():
    assert draft("And the rest follows from that; the rest of us went home.") == {}
    assert draft("He needed rest.") == {REST.id: CONFIDENCE["term"]}


def test_editors_exclude_a_phrase_with_a_minus_keyword():
    rest = TaxonomyTag(id=1, axis="theme", slug="rest", label="Rest", keywords=("-rest assured",))
    assert draft("Rest assured, it was nothing.", [rest]) == {}
    assert draft("Rest assured; then rest.", [rest]) == {1: CONFIDENCE["term"]}


def test_plurals_and_verb_forms_are_weaker_evidence():
    suggestions = KeywordDrafter().draft("Hoping under the stars.", TAXONOMY)
    assert {s.tag_id: s.confidence for s in suggestions} == {
        HOPE.id: CONFIDENCE["variant"],
        STAR.id: CONFIDENCE["variant"],
    }
    assert suggestions[0].rationale == "Mentions 'hoping' (a form of the tag's words)."


def test_a_word_inside_another_tags_label_is_weaker_evidence_than_the_word_alone():
    assert draft("Friendship lost is a long winter.") == {
        LOST.id: CONFIDENCE["term"],
        FRIENDSHIP.id: CONFIDENCE["inside"],
    }
    assert draft("Friendship lost; yet friendship stays.") == {
        LOST.id: CONFIDENCE["term"],
        FRIENDSHIP.id: CONFIDENCE["term"],
    }


def test_suggestions_come_best_first_and_say_what_was_found():
    suggestions = KeywordDrafter().draft("Hoping. Rest, rest, and the sabbath.", TAXONOMY)
    assert [s.tag_id for s in suggestions] == [REST.id, HOPE.id]
    assert suggestions[0].rationale == "Mentions 'rest' (2x), 'sabbath'."


@pytest.mark.parametrize("kind", ["term", "inside", "variant"])
def test_confidence_is_a_probability_and_stronger_evidence_ranks_higher(kind):
    assert 0 < CONFIDENCE[kind] < 1
    assert CONFIDENCE["term"] >= CONFIDENCE["inside"] >= CONFIDENCE["variant"]
