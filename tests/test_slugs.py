"""Slugs: safe alphabet, bounded length, unique, and immune to path tricks."""

import pytest

from generator.slugs import SAFE_SLUG, assign_unique, paper_slug, words_slug


@pytest.mark.parametrize("title", [
    "../../etc/passwd", "/absolute/path", "CON", "a\x00b", "<script>alert(1)</script>", "x" * 2000,
    "Über Größe — ñandú", "日本語のタイトル", "🙂🙂", "", "   ", "..", "Ab" * 600,
])
def test_paper_slug_is_safe_and_short_for_any_title(title):
    slug = paper_slug(title, "p0123456789ab")
    assert SAFE_SLUG.match(slug), slug
    assert len(slug.encode()) <= 80
    assert slug.endswith("-456789ab")


def test_transliterates_non_latin_titles():
    assert words_slug("Über Größe") == "uber-grosse"


def test_assign_unique_changes_both_sides_of_a_collision_only():
    asked = []

    def fallback(key):
        asked.append(key)
        return {"a": "same-a", "b": "same-b", "c": "x"}[key]

    slugs = assign_unique({"a": "same", "b": "same", "c": "other"}, fallback)
    assert slugs == {"a": "same-a", "b": "same-b", "c": "other"}
    assert sorted(asked) == ["a", "b"]  # no fallback is made for a slug nobody shares
