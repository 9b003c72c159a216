"""Findings rendered for people (text), programs (JSON), GitHub Actions and JUnit consumers.

Every function returns ``str``; printing is the command line's job.
"""

from __future__ import annotations

import re
from collections import Counter

from dragoman.checks import Finding
from dragoman.checks.registry import ADVICE, SEVERITIES
from dragoman.checks.text import excerpt

FORMATS = ("text", "json", "github", "junit")
#: GitHub workflow commands know error, warning and notice: advice is a notice.
GITHUB_LEVEL = {s: "notice" if s in ADVICE else s for s in SEVERITIES}


def render(findings: list[Finding], fmt: str, paths: list[str] | None = None) -> str:
    """``findings`` in ``fmt``; ``paths`` (every file checked) lets JUnit list clean files."""
    if fmt == "text":
        return render_text(findings)
    if fmt == "json":
        return render_json(findings)
    if fmt == "github":
        return render_github(findings)
    if fmt == "junit":
        return render_junit(findings, paths or [])
    raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")


def render_text(findings: list[Finding]) -> str:
    """``path:line: severity: check-id: message``, then the source and translation excerpts."""
    out = []
    for f in findings:
        out.append(f"{f.path}:{f.line}: {f.severity}: {f.check}: {f.message}")
        if f.msgid:
            out.append(f"    source:      {excerpt(f.msgid)}")
            out.append(f"    translation: {excerpt(f.translation)}")
    return "".join(line + "\n" for line in out)


#: How the summary counts each severity: (one, many).
_COUNTED_AS = {"error": ("error", "errors"), "warning": ("warning", "warnings"),
               "cosmetic": ("cosmetic", "cosmetic"), "info": ("note", "notes")}


def summary(findings: list[Finding], files: int) -> str:
    """``2 errors, 1 warning, 5 cosmetic, 0 notes in 3 files``: every severity counted apart."""
    counts = Counter(f.severity for f in findings)
    parts = [f"{counts[s]} {_COUNTED_AS[s][counts[s] != 1]}" for s in SEVERITIES]
    return f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"


def render_json(findings: list[Finding]) -> str:
    import json  # (the formats' modules are loaded for their format only)

    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"


def render_github(findings: list[Finding]) -> str:
    """Workflow commands: ``::error file=F,line=N,title=T::message``."""
    out = []
    for f in findings:
        props = [f"file={_gh_property(f.path)}"]
        if f.line:
            props.append(f"line={f.line}")
        props.append(f"title={_gh_property(f'{f.check}: {f.title}')}")
        message = f.message + (f"\nsource: {f.msgid}\ntranslation: {f.translation}" if f.msgid else "")
        out.append(f"::{GITHUB_LEVEL[f.severity]} {','.join(props)}::{_gh_data(message)}\n")
    return "".join(out)


def _gh_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


def render_junit(findings: list[Finding], paths: list[str]) -> str:
    """One test suite per file, one test case per finding (errors and warnings fail, cosmetic
    findings and notes pass with their text in system-out); a clean file is one passing case."""
    from xml.etree import ElementTree as ET

    by_path: dict[str, list[Finding]] = {p: [] for p in paths}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    root = ET.Element("testsuites", name="dragoman check")
    total = failed = 0
    for path, items in by_path.items():
        fails = sum(1 for f in items if f.severity not in ADVICE)
        suite = ET.SubElement(root, "testsuite", name=path, tests=str(max(len(items), 1)),
                              failures=str(fails), errors="0", skipped="0")
        if not items:
            ET.SubElement(suite, "testcase", classname=path, name="all checks")
        for f in items:
            case = ET.SubElement(suite, "testcase", classname=f"{path}.{f.check}",
                                 name=f"{f.check} at line {f.line}", file=path, line=str(f.line or 0))
            body = f"{f.path}:{f.line}: {f.message}" + (
                f"\nsource: {f.msgid}\ntranslation: {f.translation}" if f.msgid else "")
            if f.severity in ADVICE:
                ET.SubElement(case, "system-out").text = _xml_text(body)
            else:
                failure = ET.SubElement(case, "failure", type=f.severity, message=_xml_text(f.message))
                failure.text = _xml_text(body)
        total += max(len(items), 1)
        failed += fails
    root.set("tests", str(total))
    root.set("failures", str(failed))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    """XML 1.0 cannot carry most C0 controls (a PO string can): shown as U+XXXX instead."""
    return _NOT_XML.sub(lambda m: f"U+{ord(m.group()):04X}", value)
