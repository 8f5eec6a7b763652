"""The bot's own wording files, checked: every template parses, every message file is
valid and consistent with the code and with English.

`bot.py check` and the start of every run call :func:`template_problems` and
:func:`message_problems`, so a broken translation stops a run before it
writes half a table; the unit tests run the same functions. Keys are found as
literal strings, ``msg('wikigapbot-…')`` and other constants, in the templates
(Jinja's parser) and in the Python code (Python's parser), so a key is always
written out in full (grep finds it; translators' tools too).
"""
from __future__ import annotations

import ast
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import mwparserfromhell
from jinja2 import TemplateSyntaxError, nodes

from wikigap.config import ROOT
from wikigap.i18n import I18N
from wikigap.write.messages import placeholders
from wikigap.write.render import TEMPLATES, environment

KEY = re.compile(r"wikigapbot-[a-z0-9]+(?:-[a-z0-9]+)*")
#: Folders whose Python files are not the bot's (their keys do not count as used).
SKIP_DIRS = {"tests", "bench", "i18n", "templates", "node_modules"}


def template_problems(folder: Path = TEMPLATES) -> list[str]:
    """List each template that does not parse, with its file, line and Jinja's reason."""
    env, found = environment(str(folder)), []
    for path in sorted(folder.glob("*.j2")):
        try:
            env.parse(path.read_text(encoding="utf-8"), path.name, str(path))
        except TemplateSyntaxError as err:
            found.append(f"{path.relative_to(folder.parent)}, line {err.lineno}: {err.message}; "
                         "fix the template's syntax (delimiters << >>, <% %>, <# #>)")
        except (OSError, UnicodeDecodeError) as err:
            found.append(f"{path}: cannot be read ({err}); restore it from the repository")
    return found


def read_files(folder: Path = I18N) -> tuple[dict[str, dict], list[str]]:
    """Read every message file as it is on disk (``@metadata`` included) and the files that fail."""
    files, broken = {}, []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            broken.append(f"{path.name} is not valid JSON ({err}); fix it or restore it from "
                          "the repository")
            continue
        if not isinstance(data, dict):
            broken.append(f"{path.name}: expected an object of \"key\": \"text\" messages")
            continue
        files[path.stem] = data
        broken += [f"{path.name}: message '{key}' must be a string, not {type(text).__name__}"
                   for key, text in data.items() if key != "@metadata" and not isinstance(text, str)]
    return files, broken


def template_keys(folder: Path = TEMPLATES) -> set[str]:
    """Find message keys in the templates: string constants of Jinja's syntax tree."""
    found: set[str] = set()
    for path in folder.glob("*.j2"):
        try:
            found |= _template_keys_in(str(folder), path.read_text(encoding="utf-8"))
        except TemplateSyntaxError:
            continue   # template_problems names it
    return found


@lru_cache(maxsize=1024)
def _template_keys_in(folder: str, text: str) -> frozenset[str]:
    """The keys of one template's text; kept by text, so a process checking at every run's
    start (the scheduler, the tests) parses a template again only once it changed."""
    tree = environment(folder).parse(text)
    return frozenset(c.value for c in tree.find_all(nodes.Const)
                     if isinstance(c.value, str) and KEY.fullmatch(c.value))


def python_keys(root: Path = ROOT) -> set[str]:
    """Find message keys in the code (not the tests): string constants of Python's syntax tree."""
    found: set[str] = set()
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS]
        for name in (f for f in files if f.endswith(".py")):
            try:
                found |= _python_keys_in(Path(folder, name).read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError):
                continue
    return found


@lru_cache(maxsize=1024)
def _python_keys_in(source: str) -> frozenset[str]:
    """The keys of one Python file's text; kept by text, as :func:`_template_keys_in`."""
    return frozenset(n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant)
                     and isinstance(n.value, str) and KEY.fullmatch(n.value))


def used_keys() -> set[str]:
    """Every message key the templates and the code use."""
    return template_keys() | python_keys()


def complaints(files: dict[str, dict], used: set[str]) -> list[str]:
    """List every inconsistency between the message files and the keys the code uses."""
    english, documented = files.get("en", {}), files.get("qqq", {})
    found = [f"'{key}' is used but missing in en.json" for key in sorted(used - set(english))]
    for language, data in files.items():
        if not data.get("@metadata", {}).get("authors"):
            found.append(f"{language}.json: @metadata has no authors")
        for key in sorted(set(data) - {"@metadata"}):
            found += _key_complaints(language, key, data[key], english, used)
    found += [f"'{key}' in en.json is not documented in qqq.json"
              for key in sorted(set(english) - set(documented))]
    return found


def _key_complaints(language: str, key: str, text: str, english: dict, used: set[str]) -> list[str]:
    """Check one message of one file: used, same placeholders as English, well-formed."""
    if key not in used:
        return [f"{language}.json: '{key}' is not used by the code or the templates"]
    if language == "qqq":
        return []
    found = []
    if key in english and placeholders(text) != placeholders(english[key]):
        found.append(f"{language}.json: '{key}' has placeholders {sorted(placeholders(text))}, "
                     f"English has {sorted(placeholders(english[key]))}")
    if re.search(r"\$[0-9]+\$[0-9]", text):
        found.append(f"{language}.json: '{key}' puts two placeholders side by side")
    for template in mwparserfromhell.parse(text).filter_templates():
        argument = str(template.name).partition(":")[2].strip()
        if not str(template.name).startswith("PLURAL:") or not re.fullmatch(r"\$[1-9]", argument):
            found.append(f"{language}.json: '{key}' has {{{{{template.name}}}}}; only "
                         "{{PLURAL:$N|…}} is understood")
    return found


#: Messages that may read as in English: formats, names and codes, the same in every language
#: ("*"), or words a language shares with English (a shipped file may repeat no other).
SAME_AS_ENGLISH: dict[str, frozenset[str]] = {
    "*": frozenset({"wikigapbot-format-date", "wikigapbot-format-day-month", "wikigapbot-format-chart-day",
                    "wikigapbot-notice-results-line", "wikigapbot-wiki-meta",
                    "wikigapbot-challenge-confirm-move", "wikigapbot-challenge-problem-on-page",
                    "wikigapbot-wiki-wikidata", "wikigapbot-wiki-commons"}),
    "sv": frozenset({"wikigapbot-table-online", "wikigapbot-table-row-problem",
                     "wikigapbot-challenge-col-bonus-points", "wikigapbot-challenge-col-rule-per-kb"}),
    "es": frozenset({"wikigapbot-table-wikis", "wikigapbot-challenge-col-total",
                     "wikigapbot-challenge-col-wiki", "wikigapbot-challenge-col-wikis"}),
    "pt": frozenset({"wikigapbot-table-wikis", "wikigapbot-table-online", "wikigapbot-quote",
                     "wikigapbot-challenge-col-total", "wikigapbot-challenge-col-links"}),
    "fr": frozenset({"wikigapbot-table-dates", "wikigapbot-table-wikis",
                     "wikigapbot-table-participant", "wikigapbot-challenge-col-points",
                     "wikigapbot-challenge-col-article", "wikigapbot-challenge-col-bonus-points",
                     "wikigapbot-challenge-col-total"}),
}


def missing_translations(files: dict[str, dict]) -> list[str]:
    """List each message of en.json that a shipped language lacks (a shipped file is complete)."""
    english = set(files.get("en", {})) - {"@metadata"}
    return [f"{language}.json: '{key}' is missing; translate it (or move the file to "
            "i18n/withdrawn/ until someone can)"
            for language, data in sorted(files.items()) if language not in ("en", "qqq")
            for key in sorted(english - set(data))]


def same_as_english(files: dict[str, dict],
                    allowed: dict[str, frozenset[str]] = SAME_AS_ENGLISH) -> list[str]:
    """List each message a shipped language leaves as English and the allowlist does not name."""
    english = files.get("en", {})
    return [f"{language}.json: '{key}' reads as in English: {text!r}"
            for language, data in sorted(files.items()) if language not in ("en", "qqq")
            for key, text in sorted(data.items())
            if key != "@metadata" and text == english.get(key)
            and key not in allowed.get("*", frozenset()) | allowed.get(language, frozenset())]


def message_problems() -> list[str]:
    """List what is wrong with i18n/: files that do not load, then inconsistencies."""
    files, broken = read_files()
    if broken:
        return broken
    if "en" not in files:
        return [f"{I18N / 'en.json'} is missing; restore it from the repository"]
    return complaints(files, used_keys())
