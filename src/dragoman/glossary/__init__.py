"""The controlled glossary: concepts with preferred, admitted and deprecated terms per language.

* :func:`load_glossary` reads and validates ``glossary/*.tsv`` (errors name file:line).
* :meth:`Glossary.find` finds terms in one pass over a text (an Aho-Corasick automaton),
  whole-word, case-aware in English, clitic- and ending-aware in ar, ckb and kmr.
* :func:`lint_file` / :func:`lint_text` report deprecated spellings and unknown
  near-variants (``suspected``), and in a translated catalog variant spellings of names
  (:mod:`dragoman.glossary.target`); :func:`fix_file` rewrites a report's.
* :func:`match_key`, :func:`check_translation` and :func:`translator_notes` serve the PO
  catalogs and the quality checks.
* :mod:`dragoman.glossary.exchange` reads and writes TBX and Weblate CSV;
  :mod:`dragoman.glossary.geonames` imports candidate concepts from a GeoNames dump.
* :mod:`dragoman.glossary.discover` proposes concepts for the names a corpus writes and the
  glossary lacks; :mod:`dragoman.glossary.mining` finds the target terms the newsroom's
  translations use, and verifies the glossary's.
"""

from dragoman import lazy_names
from dragoman.glossary.keys import match_key
from dragoman.glossary.model import LANGUAGES, STATUSES, Concept, Glossary, Term, TermMatch
from dragoman.glossary.target import ConceptCheck, check_translation, translator_notes
from dragoman.glossary.tsv import GlossaryProblems, load_glossary, parse_tsv, render_tsv

__all__ = [
    "LANGUAGES", "STATUSES", "Concept", "ConceptCheck", "Finding", "Glossary", "GlossaryProblems",
    "Term", "TermMatch", "check_translation", "fix_file", "lint", "lint_file", "lint_text",
    "load_glossary", "match_key", "parse_tsv", "render_tsv", "translator_notes",
]


#: The linter's names, imported from :mod:`dragoman.glossary.lint` when first used: it loads
#: rapidfuzz, which reading a glossary and checking translations against it do not need.
#: (``lint``, the function, is the submodule once something imports the submodule first.)
__getattr__ = lazy_names(__name__, dict.fromkeys(
    ("Finding", "fix_file", "lint", "lint_file", "lint_text"), "lint"))
