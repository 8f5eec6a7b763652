"""Sign-up reader tests: one case per tests/data/signup/*.wiki + *.json pair.

The JSON holds the page title, optional localised namespaces, and the
expected participants, lines, withdrawals, section flag and problems.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phrases import assert_written_in_every_language
from wikigap.model import Namespaces, Signup
from wikigap.read.signup import heading_matches, parse_signup, signature_name

DATA = Path(__file__).parents[2] / "data" / "signup"
CASES = sorted(DATA.glob("*.wiki"))


def namespaces_from(spec: dict | None) -> Namespaces:
    """Build Namespaces from a case's optional JSON mapping."""
    if not spec:
        return Namespaces()
    return Namespaces(**{key: frozenset(names) for key, names in spec.items()})


def read_case(path: Path) -> tuple[dict, Signup]:
    """Load a case's expectations and run the reader on its wikitext."""
    spec = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    signup = parse_signup(text, spec["title"], spec["title"], namespaces_from(spec.get("namespaces")))
    return spec, signup


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_case(path: Path) -> None:
    spec, signup = read_case(path)
    assert list(signup.participants) == spec["participants"]
    assert signup.participant_lines == spec["participant_lines"]
    assert list(signup.withdrawn) == spec["withdrawn"]
    assert signup.has_section == spec["has_section"]
    assert [{"code": p.code, "line": p.line} for p in signup.problems] == spec["problems"]


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_problems_are_complete(path: Path) -> None:
    spec, signup = read_case(path)
    for problem in signup.problems:
        assert problem.page == spec["title"] and problem.event == spec["title"]
        assert_written_in_every_language(problem)


def test_every_sample_is_a_case() -> None:
    stems = {path.stem for path in CASES}
    assert {"sample-stockholm", "sample-brazil", "sample-nairobi"} <= stems


def test_event_key_is_kept_apart_from_title() -> None:
    signup = parse_signup("== Participants ==\n# 192.0.2.1 10:00, 1 March 2021 (UTC)\n",
                          "WikiGap/2021/X", "registry line 7")
    assert signup.problems[0].event == "registry line 7"
    assert signup.problems[0].page == "WikiGap/2021/X"


@pytest.mark.parametrize("heading, expected", [
    ("Participants", True), ("participants", True), (" Sign up ", True), ("Sign-up", True),
    ("SIGNUP", True), ("Attendees", True), ("Registered", True), ("Deltagare", True),
    ("Participants (online)", True), ("Sign up:", True),
    ("Participants' results", False), ("How to sign up", False), ("Participant", False),
])
def test_heading_matches(heading: str, expected: bool) -> None:
    assert heading_matches(heading) is expected


@pytest.mark.parametrize("text, expected", [
    ("Akinyi Odhiambo 07:10, 20 March 2021 (UTC)", "Akinyi Odhiambo"),
    ("akinyi_odhiambo — 07:10, 20 March 2021 (UTC)", "Akinyi odhiambo"),
    ("Anna Berg 8 mars 2021 kl. 10.02 (CET)", "Anna Berg"),
    ("192.0.2.1 07:10, 20 March 2021 (UTC)", "192.0.2.1"),
    ("Akinyi Odhiambo", None),
    ("07:10, 20 March 2021 (UTC)", None),
    ("a#b 07:10, 20 March 2021 (UTC)", None),
    ("x" * 90 + " 07:10, 20 March 2021 (UTC)", None),
])
def test_signature_name(text: str, expected: str | None) -> None:
    assert signature_name(text) == expected


FRAGMENTS = ["== Participants ==", "=== Sign up ===", "==", "\n", "#", "*", "#:", "[[", "]]",
             "User:", "User talk:", "Special:Contributions/", "|", "<s>", "</s>", "<del>",
             "<nowiki>", "</nowiki>", "<!--", "-->", "10:00, 1 March 2021 (UTC)", "{{", "}}",
             "192.0.2.1", "::1", "<div>", "</div>", "Ann"]
wikitextish = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(wikitextish, st.text(max_size=200)))
def test_any_text_gives_a_signup(text: str) -> None:
    signup = parse_signup(text, "WikiGap/2021/X", "WikiGap/2021/X")
    assert isinstance(signup, Signup)
    assert len(set(signup.participants)) == len(signup.participants)
    assert set(signup.participant_lines) == set(signup.participants)
    assert not set(signup.withdrawn) & set(signup.participants)
