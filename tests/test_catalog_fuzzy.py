"""Normal forms in bulk, and what a suggestion's notes count."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dragoman.catalog import fuzzy
from dragoman.catalog.fuzzy import normalize, normalize_all

_texts = st.lists(st.text(st.sampled_from("ab Cd,.\n\t\0-'’é٣5"), max_size=20), max_size=8)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_normalize_all_is_normalize_of_each(texts):
    assert normalize_all(texts) == [normalize(t) for t in texts]


_NEGATION_WORDS = ["not", "no", "never", "none", "nobody", "nothing", "neither", "nor",
                   "without", "cannot", "didn't", "won’t", "NOT", "Never", "north", "nor'",
                   "known", "no_one", "ٹno"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NEGATION_WORDS + ["a", " ", ",", "-", "'", "’", "5"]),
                max_size=12))
def test_negations_are_counted_as_the_case_insensitive_expression_counts_them(words):
    import re

    text = "".join(words)
    plain = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b"
                       r"|n't\b", re.IGNORECASE)
    assert fuzzy.negations(text) == len(plain.findall(text.replace("’", "'")))
