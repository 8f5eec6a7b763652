"""Hypothesis strategies for whole campaign pages: registry, sign-up and status pages.

They mix rows and lines a person would write correctly with the hostile
constructs the readers' own tests use (tests/data/registry, tests/data/signup,
``factories.HOSTILE``): pipes, ``}}``, ``|}``, ``<nowiki>``, ``[[``,
templates, comments, HTML, bidi characters, ``{{nobots}}``-like text, very
long cells, broken dates, IPs, unknown users, missing pages, spans.
A strategy draws a :class:`Campaign` of page texts keyed by a title suffix;
the test puts them under a prefix of its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from factories import HOSTILE

#: Users that exist on every sandbox wiki (the test creates them).
GOOD_USERS = ("HX Ann", "HX Bo", "HX Cia")
LANGUAGES = ("en", "pt", "sv")
BEGIN, END = "<!-- wikigapbot:begin status -->", "<!-- wikigapbot:end status -->"

MORE_HOSTILE = (
    "\u202eevil\u202c", "\u200fRTL\u200e", "x" * 300, "<nowiki>}}</nowiki>", "<nowiki>|}</nowiki>",
    "</nowiki>", "<div>", "</div>", "<span style=\"color:red\">x</span>", "&#124;", "&nbsp;",
    "<s>x</s>", "colspan=99999 |", "rowspan=3 |", "[[User:Ann]]", "[[:m:X|y]]",
    "[http://evil.example x]", "<br>", "ISBN 0123456789", "~~~", "{{nowrap|x}}", "{{lang|sv",
    "<ref name=x/>", "<pre>", "<gallery>", "{{nobots", "<nowiki>{{nobots}}</nowiki>",
    "<!-- {{nobots}} -->", "{{bots|allow=WikiGapBot}}", "{{#if:1|a|b}}", "'''", "!!", "||",
    "\t", "Göteborg", "São Paulo", "Côte d'Ivoire", "&", "%7C", "{{{x|}}}",
)
HOSTILE_VALUES = tuple(dict.fromkeys(HOSTILE + MORE_HOSTILE))

BROKEN_DATES = ("", "next spring", "03/08/2021", "8 March", "14–8 March 2021", "TBA",
                "{{date|2021-03-08}}", "8 March 2021<!-- tentative", "32 March 2021",
                "8 March 2021 |", "2021-02-30")
GOOD_DATES = ("8 March 2021", "8–14 March 2021", "9&nbsp;March&nbsp;2021",
              "{{nowrap|10 March 2021}}", "8 March – 2 April 2021", "2021-03-08")
BROKEN_LANGUAGES = ("", "Elvish", "xx", "sv, Elvish", "{{lang|sv", "[[:da:|da]]", "en<br>pt",
                    "fi &amp; sv")
IPS = ("192.0.2.55", "2001:db8::1", "203.0.113.7")

plain_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
hostile = st.sampled_from(HOSTILE_VALUES)
#: A cell or line value: ordinary words, a hostile construct, or a mix of both.
value = st.one_of(plain_words, hostile,
                  st.lists(st.one_of(hostile, plain_words), min_size=2, max_size=4).map(" ".join))


def _stays_in_cell(text: str) -> bool:
    """Tell whether a value leaves the table's cells and rows as they are (a valid row's cell)."""
    openers = ("|", "!!", "\n", "<!--", "<nowiki>", "<pre>", "<gallery>", "{{nobots", "{{lang|",
               "{{{", "[", "]")
    return not any(s in text for s in openers) and text.count("{{") == text.count("}}")


#: A value for a valid row's cell: hostile, but it closes what it opens.
in_cell = st.one_of(plain_words.filter(_stays_in_cell),
                    st.sampled_from([v for v in HOSTILE_VALUES if _stays_in_cell(v)]),
                    st.sampled_from(["{{subst:CURRENTYEAR}}", "[[Category:Spam]]", "[[User:Ann]]"]))


@dataclass(frozen=True)
class Campaign:
    """Page texts by title suffix (``Events``, ``E0``…, ``Status``); ``E*`` may be absent."""

    pages: dict[str, str]

    def titled(self, prefix: str) -> list[tuple[str, str]]:
        """Give (title, text) pairs under ``prefix``, the status page last."""
        return [(f"{prefix}/{name}", text) for name, text in self.pages.items()]


@st.composite
def user_line(draw) -> str:
    """A sign-up line: a real participant, or something a reader must not trust."""
    kind = draw(st.sampled_from(["good", "good", "ip", "unknown", "struck", "hidden", "hostile"]))
    stamp = "10:00, 1 March 2021 (UTC)"
    user = draw(st.sampled_from(GOOD_USERS))
    return {
        "good": f"# [[User:{user}]] {stamp}",
        "ip": f"# [[Special:Contributions/{draw(st.sampled_from(IPS))}]] {stamp}",
        "unknown": f"# [[User:Nobody {draw(value)}]] {stamp}",
        "struck": f"# <s>[[User:{user}]] {stamp}</s>",
        "hidden": f"# <!-- [[User:{user}]] --> {draw(value)}",
        "hostile": f"{draw(st.sampled_from(['# ', '* ', '#: ', '']))}{draw(value)}",
    }[kind]


@st.composite
def signup_page(draw, valid: bool) -> str:
    """A sign-up page with good and hostile lines; a valid one has its Participants section."""
    headings = ["== Participants ==", "== Sign up ==", "=== Deltagare ==="]
    befores = ["", "Sign up below with <nowiki># ~~~~</nowiki>.", "<!-- [[User:Hidden]] -->"]
    if not valid:
        headings += ["== How to sign up ==", ""]
        befores += ["<!--", "<nowiki>"]
    heading, before = draw(st.sampled_from(headings)), draw(st.sampled_from(befores))
    lines = draw(st.lists(user_line(), min_size=1 if valid else 0, max_size=5))
    return "\n".join([draw(value), before, heading, *lines])


@st.composite
def registry_row(draw, prefix: str, index: int) -> tuple[str, str]:
    """One registry row and its sign-up page's kind: ``valid``, ``hostile`` or ``missing``."""
    good = draw(st.booleans())
    page = f"{prefix}/E{index}"
    label = draw(in_cell if good else value)
    event = draw(st.sampled_from([
        f"[[{page}|{label}]]", f"[[{page}]]", f"[[{page}|{label}]] {{{{efn|x}}}}",
        label, "TBA", f"[[{page}#Sign up|{label}]]", f"<s>[[{page}]]</s> {label}",
    ])) if not good else f"[[{page}|{label}]]"
    date = draw(st.sampled_from(GOOD_DATES if good else GOOD_DATES + BROKEN_DATES))
    langs = ", ".join(draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=3,
                                    unique=True)))
    if not good:
        langs = draw(st.sampled_from((langs, *BROKEN_LANGUAGES)))
    cells = [draw(in_cell if good else value), draw(in_cell if good else value), date, langs,
             event]
    if not good and draw(st.booleans()):
        cells = draw(st.sampled_from([cells[:3], cells + [draw(value)],
                                      [f"colspan=\"{draw(st.integers(0, 99999))}\" | x"] + cells]))
    joiner = " || " if draw(st.booleans()) else "\n| "
    kind = "valid" if good else draw(st.sampled_from(["valid", "hostile", "missing"]))
    return "|-\n| " + joiner.join(cells), kind


@st.composite
def campaign(draw, prefix: str) -> Campaign:
    """A registry with 1-4 rows, their sign-up pages (some missing) and a status page."""
    rows = [draw(registry_row(prefix, i)) for i in range(draw(st.integers(1, 4)))]
    header = draw(st.sampled_from(["! Country !! City !! Date !! Languages !! Event",
                                   "! Land\n! Location\n! When\n! Language(s)\n! Sign-up"]))
    table = "\n".join(["{| class=\"wikitable\"", header, *(row for row, _ in rows), "|}"])
    pages = {"Events": "\n".join([draw(value), table, draw(value)])}
    for i, (_, kind) in enumerate(rows):
        if kind != "missing":
            pages[f"E{i}"] = draw(signup_page(kind == "valid"))
    pages["Status"] = draw(status_page())
    return Campaign(pages)


outside_line = st.lists(st.one_of(hostile, plain_words), max_size=3).map(" ".join).filter(
    lambda line: "wikigapbot" not in line)


@st.composite
def status_page(draw) -> str:
    """A status page: hostile text before, inside and after the markers, on lines of their own."""
    before = draw(st.lists(outside_line, max_size=4))
    inside = draw(st.lists(outside_line, max_size=2))
    after = draw(st.lists(outside_line, max_size=4))
    return "\n".join([*before, BEGIN, *inside, END, *after])
