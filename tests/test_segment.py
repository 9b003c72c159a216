"""Sentence segmentation: Golden Rules, news prose, non-destructive spans, markup, languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dragoman.model import Article, Block, Meta
from dragoman.segment import segment_article, sentences, spans

DATA = Path(__file__).parent / "data" / "segment"
REPO = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((DATA / "english_golden_rules.json").read_text(encoding="utf-8"))["rules"]


def rebuild(text: str, found: list[tuple[int, int]]) -> str:
    """Segments and the gaps between them, concatenated."""
    out, pos = [], 0
    for start, end in found:
        assert pos <= start < end <= len(text)
        out.append(text[pos:start])
        out.append(text[start:end])
        pos = end
    out.append(text[pos:])
    return "".join(out)


# -- English Golden Rules -------------------------------------------------------------------------

@pytest.mark.parametrize("rule", GOLDEN, ids=[f"{r['n']:02d}-{r['rule']}" for r in GOLDEN])
def test_golden_rule(rule):
    assert sentences(rule["text"]) == rule["segments"]


def test_golden_table_is_complete():
    assert [r["n"] for r in GOLDEN] == list(range(1, 49))


# -- the sample report ----------------------------------------------------------------------------

def sample_report() -> str:
    """The bundled sample report without its front matter (masthead, headline, 10 paragraphs)."""
    text = (REPO / "sources" / "sample-report.txt").read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    return text


def test_sample_report_sentences():
    text = sample_report()
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    found = [s for p in paragraphs for s in sentences(p)]
    assert len(found) == 17
    assert found[0] == "The Syrian Observatory For Human Rights"
    assert found[2] == ("Tense calm has been prevailing in Al-Hasakah and Al-Qamishli cities after "
                        "the dramatic developments on Saturday.")
    assert "However, no agreements were reached." in found
    assert found[-1] == ("It is worth noting that Asayish Forces allowed civilians to enter and exit "
                         "the two cities only on foot.")
    # one call on the whole report: blank lines and line breaks are boundaries too
    assert sentences(text) == found


def test_spans_rebuild_sample_report():
    text = sample_report()
    found = spans(text)
    assert rebuild(text, found) == text
    assert all(text[a:b] == text[a:b].strip() for a, b in found)


# -- articles -------------------------------------------------------------------------------------

def test_segment_article_fills_every_block():
    article = Article(slug="s", lang="en", meta=Meta(), blocks=(
        Block("title", "Asayish lift the siege"),
        Block("paragraph", "Talks ended at 11 p.m. Residents said the roads were open. Shops opened."),
        Block("paragraph", 'He said: <em>"It is over."</em> Then he left.', markup="html"),
    ))
    out = segment_article(article)
    assert [[s.text for s in b.segments] for b in out.blocks] == [
        ["Asayish lift the siege"],
        ["Talks ended at 11 p.m.", "Residents said the roads were open.", "Shops opened."],
        ['He said: <em>"It is over."</em>', "Then he left."],
    ]
    for block in out.blocks:
        rebuilt = "".join(g + s.text for g, s in zip(block.gaps(), block.segments)) + block.gaps()[-1]
        assert rebuilt == block.text


# -- other languages ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, text, expected", [
    ("ar", "قال د. محمد إن الوضع هادئ. هل انتهى الحصار؟ نعم، انتهى!",
     ["قال د. محمد إن الوضع هادئ.", "هل انتهى الحصار؟", "نعم، انتهى!"]),
    ("ckb", "ئەمە ڕستەیەکە. ئایا تەواو بوو؟ بەڵێ، تەواو بوو!",
     ["ئەمە ڕستەیەکە.", "ئایا تەواو بوو؟", "بەڵێ، تەواو بوو!"]),
    ("kmr", "Dr. Ehmed got ku rewş aram e. Ma dorpêç qediya? Erê, qediya!",
     ["Dr. Ehmed got ku rewş aram e.", "Ma dorpêç qediya?", "Erê, qediya!"]),
])
def test_target_languages(lang, text, expected):
    assert sentences(text, lang) == expected


def test_unknown_language_is_an_error():
    from dragoman.errors import SegmentationError

    with pytest.raises(SegmentationError, match="no segmentation rules for language 'xx'"):
        sentences("Hello.", "xx")
