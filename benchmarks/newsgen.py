"""A synthetic news catalog for the catalog benchmarks: SOHR-style sentences from templates,
and realistic edits of them (words changed, inserted or deleted, numbers changed, a negation
added, a name spelled differently), all from one seeded random generator."""

from __future__ import annotations

import random

PLACES = [
    "Al-Hasakah", "Al-Qamishli", "Aleppo", "Idlib", "Deir Ezzor", "Raqqa", "Homs", "Hama",
    "Daraa", "Latakia", "Tartus", "Damascus", "Jableh", "Manbij", "Afrin", "Kobani",
    "Al-Bab", "Jarabulus", "Azaz", "Tal Abyad", "Ras al-Ain", "Al-Mayadin", "Al-Bukamal",
    "Hajin", "Al-Shaddadi", "Amuda", "Derik", "Tal Tamr", "Ariha", "Saraqib", "Maarat al-Numan",
    "Khan Shaykhun", "Jisr al-Shughur", "Salqin", "Harem", "Atarib", "Darat Izza", "Douma",
    "Harasta", "Zabadani", "Qudsaya", "Al-Tall", "Nawa", "Inkhil", "Jasim", "Tafas", "Busra",
    "Sweida", "Shahba", "Palmyra", "Al-Sukhnah", "Salamiyah", "Masyaf", "Al-Rastan",
    "Talbiseh", "Al-Qusayr", "Qardaha", "Baniyas", "Safita", "Al-Ghuta",
]
SPELLINGS = {"Al-Hasakah": "al-Hasakeh", "Al-Qamishli": "Al-Qamishly", "Deir Ezzor": "Deir ez-Zor",
             "Raqqa": "Al-Raqqah", "Maarat al-Numan": "Maarat al-Nuuman", "Kobani": "Ayn al-Arab",
             "Ras al-Ain": "Ras al-Ayn", "Douma": "Duma", "Sweida": "Al-Suwayda"}
ACTORS = [
    "regime forces", "Russian warplanes", "Turkish forces", "Turkish-backed factions",
    "the Syrian Democratic Forces", "ISIS cells", "Hayat Tahrir al-Sham", "the National Defence Forces",
    "Iranian-backed militias", "the International Coalition", "Asayish forces", "unidentified gunmen",
    "the 4th Division", "Military Security", "Air Force Intelligence", "the National Army",
]
VICTIMS = ["civilians", "children", "women", "fighters", "soldiers", "members", "farmers",
           "shepherds", "workers", "students", "detainees", "displaced people"]
EVENTS = ["shelling", "an airstrike", "a drone strike", "an explosion", "clashes",
          "an ambush", "a landmine explosion", "a car bomb", "a raid", "a security campaign"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
SOURCES = ["SOHR sources", "reliable sources", "local sources", "medical sources", "activists"]

TEMPLATES = [
    "{n} {victim} were killed in {event} by {actor} in {place} on {date}.",
    "{actor} arrested {n} {victim} in {place} countryside on {date}.",
    "{event} hit a residential area in {place}, injuring {n} {victim}.",
    "According to {source}, {actor} launched {n} attacks on positions in {place}.",
    "{n} {victim} were wounded when {actor} targeted a market in {place}.",
    "{actor} deployed {n} military vehicles near {place} on {date}.",
    "The death toll from {event} in {place} has risen to {n}, {source} reported.",
    "SOHR activists documented {n} violations by {actor} in {place} since {date}.",
    "{actor} withdrew from {n} positions around {place} after {event}.",
    "A {victim} was killed and {n} others were injured in {place} on {date}.",
    "{actor} seized {n} houses belonging to {victim} in {place}.",
    "{source} said that {actor} set up {n} checkpoints on the road to {place}.",
    "Since the beginning of {month}, {n} {victim} have been killed in {place}.",
    "{actor} released {n} {victim} from prisons in {place} on {date}.",
    "The bodies of {n} {victim} were found near {place}, {source} said.",
    "{event} targeted a checkpoint of {actor} in {place}, killing {n} of them.",
]

INSERTS = ["also", "reportedly", "at least", "heavy", "again", "newly", "local", "several"]
SYNONYMS = {"killed": "slain", "wounded": "injured", "injured": "wounded", "arrested": "detained",
            "near": "close to", "reported": "said", "said": "reported", "found": "discovered",
            "launched": "carried out", "attacks": "assaults", "houses": "homes",
            "road": "highway", "documented": "recorded", "positions": "sites"}
NEGATIONS = [(" were ", " were not "), (" was ", " was not "), (" has ", " has not "),
             (" have ", " have not ")]


def sentence(rng: random.Random) -> str:
    template = rng.choice(TEMPLATES)
    text = template.format(
        n=rng.randint(2, 400), victim=rng.choice(VICTIMS), event=rng.choice(EVENTS),
        actor=rng.choice(ACTORS), place=rng.choice(PLACES), source=rng.choice(SOURCES),
        month=rng.choice(MONTHS), date=f"{rng.randint(1, 28)} {rng.choice(MONTHS)}",
    )
    return text[0].upper() + text[1:]


def sentences(n: int, rng: random.Random) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < n:
        seen.setdefault(sentence(rng))
    return list(seen)


def edit(text: str, rng: random.Random) -> str:
    """One realistic editor's change to ``text`` (never the identity)."""
    for _ in range(20):
        kind = rng.choice(["word", "insert", "delete", "number", "negation", "spelling", "clause"])
        words = text.split(" ")
        if kind == "word":
            hits = [i for i, w in enumerate(words) if w.strip(".,") in SYNONYMS]
            if hits:
                i = rng.choice(hits)
                bare = words[i].strip(".,")
                words[i] = words[i].replace(bare, SYNONYMS[bare])
                new = " ".join(words)
            else:
                continue
        elif kind == "insert":
            i = rng.randrange(1, len(words))
            new = " ".join(words[:i] + [rng.choice(INSERTS)] + words[i:])
        elif kind == "delete":
            candidates = [i for i, w in enumerate(words[1:-1], 1) if not any(c.isdigit() for c in w)]
            i = rng.choice(candidates)
            new = " ".join(words[:i] + words[i + 1:])
        elif kind == "number":
            hits = [i for i, w in enumerate(words) if w.strip(".,").isdigit()]
            if not hits:
                continue
            i = rng.choice(hits)
            bare = words[i].strip(".,")
            words[i] = words[i].replace(bare, str(int(bare) + rng.choice([-3, -1, 1, 2, 5, 10])))
            new = " ".join(words)
        elif kind == "negation":
            pairs = [(a, b) for a, b in NEGATIONS if a in text]
            if not pairs:
                continue
            a, b = rng.choice(pairs)
            new = text.replace(a, b, 1)
        elif kind == "spelling":
            names = [p for p in SPELLINGS if p in text]
            if not names:
                continue
            name = rng.choice(names)
            new = text.replace(name, SPELLINGS[name])
        else:
            new = text.rstrip(".") + f", {rng.choice(SOURCES)} said."
        if new != text:
            return new
    return text + " Updated."


def edited_corpus(n: int, share: float, seed: int) -> tuple[list[str], dict[int, str]]:
    """``n`` current sentences and, for ``share`` of them, the older version they replace."""
    rng = random.Random(seed)
    current = sentences(n, rng)
    present = set(current)
    older = {}
    for i in rng.sample(range(n), int(n * share)):
        text = current[i]
        for _ in range(1 + (rng.random() < 0.25)):
            text = edit(text, rng)
        if text not in present:
            older[i] = text
            present.add(text)
    return current, older


def write_reports(folder, count: int, rng: random.Random) -> None:
    """``count`` short reports (a title, four paragraphs of two sentences drawn from a pool
    four times as large, so that sentences recur as in a newsroom's archive) in ``folder``."""
    from pathlib import Path

    pool = sentences(count * 4, rng)
    for a in range(count):
        body = [rng.choice(pool) for _ in range(8)]
        text = f"---\ntitle: Report {a}\n---\n" + "\n\n".join(
            " ".join(body[i:i + 2]) for i in range(0, len(body), 2)) + "\n"
        (Path(folder) / f"report-{a:05d}.txt").write_text(text, "utf-8")
