"""A small workspace with one report and its ar/ckb/kmr translations, for the edition tests.

The report has what the editions must get right: Latin names followed by numbers inside
right-to-left text, inline emphasis and a link, a quote left untranslated in Arabic, a list.
"""

from __future__ import annotations

import re
from pathlib import Path

from dragoman import config
from dragoman.assemble import merge
from dragoman.model import Article
from dragoman.readers import read_markdown

SOURCE = """\
---
title: Asayish keep up the siege of regime forces in Al-Hasakah
date: 2021-01-24T14:05:00+02:00
slug: siege
url: https://www.syriahr.com/en/202029/
---

# Asayish keep up the siege of regime forces in Al-Hasakah

SOHR 15 days on, the siege holds. *Residents* leave on foot.

Activists of [SOHR](https://www.syriahr.com/en/) documented 6 injuries.

> A quoted source said so.

- Al-Qamishli airbase
- Tayy alley
"""

_LINK = '<a href="https://www.syriahr.com/en/">SOHR</a>'
TRANSLATIONS = {
    "ar": {
        "Asayish keep up the siege of regime forces in Al-Hasakah": "الأسايش تواصل حصار قوات النظام في الحسكة",
        "SOHR 15 days on, the siege holds.": "أحصى SOHR 15 يوماً من الحصار.",
        "<em>Residents</em> leave on foot.": "<em>السكان</em> يغادرون سيراً على الأقدام.",
        f"Activists of {_LINK} documented 6 injuries.": f"وثّق نشطاء {_LINK} 6 إصابات.",
        "Al-Qamishli airbase": "مطار القامشلي",
        "Tayy alley": "حارة طي",
    },
    "ckb": {
        "Asayish keep up the siege of regime forces in Al-Hasakah": "ئاسایش گەمارۆی هێزەکانی ڕژێم لە حەسەکە بەردەوام دەکات",
        "SOHR 15 days on, the siege holds.": "SOHR 15 ڕۆژی گەمارۆی تۆمار کرد.",
        "<em>Residents</em> leave on foot.": "<em>دانیشتووان</em> بە پێ دەڕۆن.",
        f"Activists of {_LINK} documented 6 injuries.": f"چالاکوانانی {_LINK} 6 برینداریان تۆمار کرد.",
        "A quoted source said so.": "سەرچاوەیەک وای گوت.",
        "Al-Qamishli airbase": "فڕۆکەخانەی قامشلۆ",
        "Tayy alley": "گەڕەکی تەی (Tayy)",
    },
    "kmr": {
        "Asayish keep up the siege of regime forces in Al-Hasakah": "Asayîş dorpêça hêzên rejîmê li Hesekê didomîne",
        "SOHR 15 days on, the siege holds.": "SOHR 15 roj dorpêç tomar kir.",
        "<em>Residents</em> leave on foot.": "<em>Niştecih</em> bi peyatî diçin.",
        f"Activists of {_LINK} documented 6 injuries.": f"Çalakvanên {_LINK} 6 birîndar tomar kirin.",
        "A quoted source said so.": "Çavkaniyekê wisa got.",
        "Al-Qamishli airbase": "Balafirgeha Qamişlo",
        "Tayy alley": "Taxa Tey",
    },
}
TRANSLATORS = {"ar": ("Sample Translator <translations@example.org>",)}

CONFIG = """\
[workspace]
source_language = "en"
target_languages = ["ar", "ckb", "kmr"]

[build]
threshold = 0.5
fallback = "fallback"

[site]
url = "https://example.org/reports"
name = "Syrian Observatory for Human Rights"
"""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of a test block: split after a full stop followed by spaces."""
    spans, start = [], 0
    for match in re.finditer(r"(?<=\.)\s+", text):
        spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def article(source: str = SOURCE, path: str = "sources/siege.md") -> Article:
    art = read_markdown(source, path)
    return art.with_blocks(b.with_segments(sentence_spans(b.text)) for b in art.blocks)


def workspace(root: Path, extra: str = "", base: str = CONFIG):
    root.mkdir(parents=True, exist_ok=True)
    (root / "dragoman.toml").write_text(base + extra, "utf-8")
    return config.load(root)


#: The publication's name by language (Kurmanji left out: its pages show the English one).
SITE_NAMES = {"en": "Syrian Observatory for Human Rights", "ar": "المرصد السوري لحقوق الإنسان",
              "ckb": "ڕوانگەی سووری بۆ مافەکانی مرۆڤ"}


def workspace_with_site_names(root: Path):
    """The workspace with ``[site] name`` as a table of :data:`SITE_NAMES`."""
    names = ", ".join(f'{code} = "{name}"' for code, name in SITE_NAMES.items())
    return workspace(root, base=CONFIG.replace(f'name = "{SITE_NAMES["en"]}"', f"name = {{{names}}}"))


def editions(ws, art: Article | None = None, draft: bool = False) -> dict[str, list]:
    art = art or article()
    return {lang: [merge(art, TRANSLATIONS[lang], lang, ws.fallback, ws.threshold_for(lang),
                         draft=draft, translators=TRANSLATORS.get(lang, ()))]
            for lang in ws.target_languages}
