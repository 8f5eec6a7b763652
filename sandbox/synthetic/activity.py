"""The demo's recipe: a compact activity file (demo/activity.yaml) -> a month of history.

Per event the file names its days, wikis and editors and how many articles
they create and improve, and how many edits fall just outside the window;
word lists per language give titles and growing article texts.  A seeded
random generator makes the same file give the same revisions every time.
"""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

from sandbox.dump import ImportedRevision
from sandbox.synthetic.history import History
from sandbox.synthetic.wikidata import utc


class Writer:
    """Invent article titles and growing texts for one language, deterministically."""

    def __init__(self, words: dict, rng: random.Random) -> None:
        self.words, self.rng = words, rng
        self.used: set[str] = set()

    def title(self) -> str:
        """Give a new "First Last" title not used on this wiki before."""
        while True:
            name = f"{self.rng.choice(self.words['first'])} {self.rng.choice(self.words['last'])}"
            if name not in self.used:
                self.used.add(name)
                return name

    def texts(self, name: str, count: int) -> list[str]:
        """Give ``count`` successive versions of an article, each longer than the last."""
        w, r = self.words, self.rng
        born = r.randrange(1850, 1950)
        values = dict(name=name, born=born, died=born + r.randrange(40, 90), job=r.choice(w["jobs"]),
                      place=r.choice(w["places"]), year=born + 25, year2=born + r.randrange(30, 60))
        text = w["lead"].format(**values)
        versions = [text]
        for part in w["more"][:count - 1]:
            text += part.format(**values)
            versions.append(text)
        return versions


def generate_history(activity: dict) -> dict[str, list[ImportedRevision]]:
    """Turn an activity recipe (demo/activity.yaml) into revisions per wiki; same file, same revisions."""
    rng = random.Random(activity["seed"])
    writers = {code: Writer(words, rng) for code, words in activity["languages"].items()}
    history = History()
    for spec in activity["events"]:
        _event_history(history, writers, spec, activity["grace_days"], activity["outsiders"], rng)
    _redirect(history, activity["redirect"])
    for spec in activity.get("impact", {}).get("edits", ()):
        _impact_edit(history, spec)
    return history.by_wiki()


def _impact_edit(history: History, spec: dict) -> None:
    """Add one hand-written edit: a new text, a line appended, or the text before the last edit.

    At its own time (the recipe tags it by that time), after the page's other revisions.
    """
    texts = [r.text for r in history.revisions if (r.wiki, r.title) == (spec["wiki"], spec["title"])]
    text = spec.get("text") or (texts[-2] if spec.get("restore") else texts[-1] + spec["append"])
    history.append(spec["wiki"], spec["title"], spec["user"], utc(spec["at"]), text, "edit")


def accounts(activity: dict) -> list[str]:
    """List every account the recipe needs: editors, quiet sign-ups, organizers, outsiders."""
    names = list(activity["outsiders"])
    for spec in activity["events"]:
        names += spec["editors"] + spec.get("quiet", [])
    return list(dict.fromkeys(names))


def _moment(rng: random.Random, first: date, last: date) -> datetime:
    """Pick a working-hours time (UTC) on one of the event's days."""
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    return datetime(day.year, day.month, day.day, rng.randrange(8, 16), rng.randrange(60),
                    tzinfo=timezone.utc)


def _new_article(history: History, writer: Writer, wiki: str, title: str, authors: list[str],
                 start: datetime, rng: random.Random) -> None:
    """Write a new article: created by the first author, expanded a few times the same day."""
    versions = writer.texts(title, rng.randrange(2, 5))
    when = start
    for index, text in enumerate(versions):
        user = authors[0] if index == 0 else rng.choice(authors)
        history.append(wiki, title, user, when, text, "new article" if index == 0 else "expand")
        when += timedelta(minutes=rng.randrange(10, 90))


def _improvement(history: History, writer: Writer, wiki: str, editors: list[str],
                 outsider: str, start: datetime, rng: random.Random) -> str:
    """Write an old stub (2016-2019, by an outsider) that a participant expands in the window."""
    title = writer.title()
    versions = writer.texts(title, 4)
    old = datetime(rng.randrange(2016, 2020), rng.randrange(1, 13), rng.randrange(1, 28), 12,
                   tzinfo=timezone.utc)
    history.append(wiki, title, outsider, old, versions[0], "new stub")
    for step, text in enumerate(versions[1:rng.randrange(2, 4)]):
        history.append(wiki, title, rng.choice(editors), start + timedelta(minutes=40 * step), text,
                       "expand")
    return title


def _event_history(history: History, writers: dict[str, Writer], spec: dict, grace: int,
                   outsiders: list[str], rng: random.Random) -> None:
    """Generate one event's edits: creations, improvements, edits outside the window."""
    first, last = spec["days"]
    editors, wikis = list(spec["editors"]), spec["wikis"]
    pinned = {wiki: list(titles) for wiki, titles in spec.get("titles", {}).items()}
    created: list[tuple[str, str]] = []
    for i in range(spec["created"]):
        wiki = wikis[i % len(wikis)]
        title = pinned.get(wiki, []).pop(0) if pinned.get(wiki) else writers[wiki].title()
        writers[wiki].used.add(title)
        authors = [editors[i % len(editors)]] + rng.sample(editors, min(2, len(editors)))
        start = _moment(rng, first, last)
        _new_article(history, writers[wiki], wiki, title, authors, start, rng)
        if rng.random() < 0.25:
            history.append(wiki, title, outsiders[1], start + timedelta(hours=5),
                           _touch(history, wiki, title), "copyedit")
        created.append((wiki, title))
    for i in range(spec.get("improved", 0)):
        wiki = wikis[i % len(wikis)]
        _improvement(history, writers[wiki], wiki, editors, outsiders[0], _moment(rng, first, last), rng)
    _outside_window(history, writers, spec, created, first - timedelta(days=1),
                    last + timedelta(days=grace + 3), rng)


def _outside_window(history: History, writers: dict[str, Writer], spec: dict,
                    created: list[tuple[str, str]], before: date, after: date,
                    rng: random.Random) -> None:
    """Add the edits that must not count: a head start the day before, late touch-ups."""
    editors, wikis = spec["editors"], spec["wikis"]
    for _ in range(spec.get("early", 0)):
        wiki = rng.choice(wikis)
        title = writers[wiki].title()
        text = writers[wiki].texts(title, 1)[0]      # before the author: the order rng was used
        history.append(wiki, title, rng.choice(editors), _moment(rng, before, before), text,
                       "new article (before the event)")
    for wiki, title in rng.sample(created, min(spec.get("late", 0), len(created))):
        history.append(wiki, title, rng.choice(editors), _moment(rng, after, after),
                       _touch(history, wiki, title), "late touch-up")


def _touch(history: History, wiki: str, title: str) -> str:
    """Give a page's latest text with one more line (a copyedit-sized change)."""
    return history.latest[(wiki, title)].text + "\n<!-- checked -->"


def _redirect(history: History, spec: dict) -> None:
    """Add the one redirect a participant creates: it must count nowhere."""
    when = datetime.fromisoformat(spec["at"]).replace(tzinfo=timezone.utc)
    history.append(spec["wiki"], spec["title"], spec["user"], when,
                   f"#REDIRECT [[{spec['target']}]]", "redirect")
