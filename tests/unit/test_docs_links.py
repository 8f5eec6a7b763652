"""No link in the repository's Markdown leaves it, so a fresh clone's docs are whole.

The rule (also in CONTRIBUTING.md, "The documentation's links"): README.md,
CONTRIBUTING.md, CHANGELOG.md and docs/*.md are read with markdown-it-py as
GitHub renders them (GFM: tables, autolinks of ``https://…``, ``www.…`` and
e-mail addresses), and these fail:

- a link (inline, ``<…>`` or through a reference), an image or an HTML
  ``href``/``src`` whose target
  is a URL or an absolute path, a relative path that leaves the repository
  or names no file, or a ``#fragment`` that is no heading of its file;
- a bare web address in the text (GitHub would make it a link);
- a ``../`` path anywhere, code included, that points outside the
  repository (the README once sent readers to ``../shared/``).

Web addresses inside code spans and code blocks are values to type (a
config default, a shell command), not links, and pass. Bare file names such
as README.md are not links either (GitHub does not link them).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ("README.md", "CONTRIBUTING.md", "CHANGELOG.md", "docs/pages.md",
            "docs/organizers.md", "docs/organizers.sv.md", "docs/operating.md")
_HTML_TARGET = re.compile(r"""\b(?:href|src)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_PARENT_PATH = re.compile(r"""(?<![\w./-])((?:\.\./)+[^\s`'"<>()\[\]|*,;]*)""")
_WEB = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|www\.)|@", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One link that leaves the repository or leads nowhere, with where it is."""

    file: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.what}"


def markdown() -> MarkdownIt:
    """A GFM-like parser whose autolinks are GitHub's: schemes, www. and e-mail addresses."""
    parser = MarkdownIt("gfm-like")
    parser.linkify.set({"fuzzy_email": True})
    return parser


def doc_files(root: Path = ROOT) -> list[Path]:
    """The Markdown files a reader of a clone meets first."""
    top = [root / name for name in ("README.md", "CONTRIBUTING.md", "CHANGELOG.md")]
    return [path for path in top if path.exists()] + sorted((root / "docs").glob("*.md"))


def slug(text: str) -> str:
    """Turn a heading into its anchor as GitHub does: lower case, punctuation gone, - for space."""
    kept = "".join(char for char in text.lower()
                   if unicodedata.category(char)[0] in "LMN" or char in " -_")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading anchor of a Markdown file, repeated headings numbered as GitHub numbers them."""
    tokens = markdown().parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for opening, inline in zip(tokens, tokens[1:]):
        if opening.type != "heading_open":
            continue
        text = "".join(child.content for child in inline.children or []
                       if child.type in {"text", "code_inline"})
        base, number = slug(text), 0
        name = base
        while name in found:
            number += 1
            name = f"{base}-{number}"
        found.add(name)
    return found


def check_target(target: str, path: Path, root: Path) -> str | None:
    """Say what is wrong with one link target of ``path``, or None when it stays inside."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return f"link to {target} leaves the repository"
    if target.startswith("/"):
        return f"link to the absolute path {target}"
    destination = (path.parent / unquote(parts.path)).resolve() if parts.path else path
    if not destination.is_relative_to(root.resolve()):
        return f"link to {target} points outside the repository"
    if not destination.exists():
        return f"link to {target}: no such file in the repository"
    if parts.fragment and destination.suffix == ".md" and destination.is_file():
        if unquote(parts.fragment) not in anchors(destination):
            return f"link to {target}: {destination.name} has no heading #{parts.fragment}"
    return None


def _inline_findings(token: Token, path: Path, root: Path) -> list[tuple[int, str]]:
    """Check the links, images, autolinks and HTML of one inline token (line 0 = the token's)."""
    found: list[tuple[int, str]] = []
    children = token.children or []
    for index, child in enumerate(children):
        if child.type == "link_open" and child.markup == "linkify":
            shown = children[index + 1].content if index + 1 < len(children) else ""
            if _WEB.search(shown):
                found.append((0, f"bare web address {shown} (GitHub makes it a link)"))
        elif child.type in {"link_open", "image"}:
            target = str(child.attrs.get("href" if child.type == "link_open" else "src", ""))
            found.extend((0, problem) for problem in [check_target(target, path, root)] if problem)
        elif child.type == "html_inline":
            found.extend(_html_findings(child.content, path, root))
    return found


def _html_findings(html: str, path: Path, root: Path) -> list[tuple[int, str]]:
    """Check every href/src in a piece of raw HTML."""
    return [(0, problem) for target in _HTML_TARGET.findall(html)
            for problem in [check_target(target, path, root)] if problem]


def _parent_paths(text: str, path: Path, root: Path) -> list[Finding]:
    """Find ``../`` paths, in code too, that climb out of the repository."""
    found = []
    for match in _PARENT_PATH.finditer(text):
        if not (path.parent / match.group(1)).resolve().is_relative_to(root.resolve()):
            line = text.count("\n", 0, match.start()) + 1
            found.append(Finding(path.name, line, f"{match.group(1)} is outside the repository"))
    return found


def findings(path: Path, root: Path = ROOT) -> list[Finding]:
    """List every link of one Markdown file that leaves the repository or leads nowhere."""
    text = path.read_text(encoding="utf-8")
    tokens = markdown().parse(text)
    name = str(path.relative_to(root))
    found: list[Finding] = []
    for token in tokens:
        line = token.map[0] + 1 if token.map else 0
        if token.type == "inline":
            found += [Finding(name, line + offset, what)
                      for offset, what in _inline_findings(token, path, root)]
        elif token.type == "html_block":
            found += [Finding(name, line, what) for _, what in _html_findings(token.content, path, root)]
    return found + _parent_paths(text, path, root)


# ---------------------------------------------------------------- the repository's docs

def test_the_docs_exist() -> None:
    missing = [name for name in REQUIRED if not (ROOT / name).is_file()]
    assert not missing, f"missing: {missing}"
    assert set(REQUIRED) <= {str(path.relative_to(ROOT)) for path in doc_files()}


@pytest.mark.parametrize("path", doc_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_link_leaves_the_repository(path: Path) -> None:
    found = findings(path)
    assert not found, "\n".join(map(str, found))


# ---------------------------------------------------------------- the checker itself

BAD = [
    ("[Meta](https://meta.wikimedia.org/wiki/WikiGap)", "leaves the repository"),
    ("see https://wikimedia.org/api/rest_v1 for it", "bare web address"),
    ("see www.example.org", "bare web address"),
    ("write to staff@example.org", "bare web address"),
    ("<https://example.org>", "leaves the repository"),
    ('<a href="https://example.org">x</a>', "leaves the repository"),
    ('<div>\n<img src="https://example.org/a.png">\n</div>', "leaves the repository"),
    ("![chart](https://example.org/a.svg)", "leaves the repository"),
    ("[x][ref]\n\n[ref]: https://example.org", "leaves the repository"),
    ("[x](/etc/hosts)", "absolute path"),
    ("[x](missing.md)", "no such file"),
    ("[x](../outside.md)", "outside the repository"),
    ("[x](docs/a.md#no-such-heading)", "has no heading"),
    ("[x](#nowhere)", "has no heading"),
    ("The contract is `../shared/SPEC.md`.", "outside the repository"),
    ("```sh\ncat ../shared/samples/x.wiki\n```", "outside the repository"),
    ("| a | b |\n| --- | --- |\n| [x](http://example.org) | y |", "leaves the repository"),
]

GOOD = [
    "[pages](docs/a.md), [a section](docs/a.md#the-project-page-progress-report)",
    "[the second one](docs/a.md#twice-1), [here](#a-heading)",
    "The default is `https://wikimedia.org/api/rest_v1`.",
    "```yaml\napi: https://wikimedia.org/api/rest_v1\n```",
    "    indented: https://example.org",
    "Files: README.md, bot.py and translatewiki.net, by name only.",
    "From docs/: [up](../README.md) and `../README.md` stay inside.",
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(
        "# A\n## The project page (progress report)\n## Twice\n## Twice\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# README\n", encoding="utf-8")
    return tmp_path


def write(repo: Path, text: str, where: str = "README.md") -> Path:
    path = repo / where
    path.write_text(f"# A heading\n\n{text}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("text, expected", BAD, ids=[case[0][:40] for case in BAD])
def test_a_link_that_leaves_is_found(repo: Path, text: str, expected: str) -> None:
    found = findings(write(repo, text), repo)
    assert found and all(expected in item.what for item in found), found


@pytest.mark.parametrize("text", GOOD, ids=[case[:40] for case in GOOD])
def test_links_inside_and_values_in_code_pass(repo: Path, text: str) -> None:
    where = "docs/b.md" if text.startswith("From docs/") else "README.md"
    assert findings(write(repo, text, where), repo) == []


def test_a_finding_names_file_and_line(repo: Path) -> None:
    found = findings(write(repo, "one\n\ntwo [x](https://example.org)"), repo)
    assert [str(item) for item in found] == [
        "README.md:5: link to https://example.org leaves the repository"]


def test_github_anchors() -> None:
    assert slug("The project page (progress report)") == "the-project-page-progress-report"
    assert slug("Organizers' talk pages") == "organizers-talk-pages"
    assert slug("Så räknar `WikiGapBot` ert evenemang") == "så-räknar-wikigapbot-ert-evenemang"
