"""A synthetic WikiGap Challenge for the benchmark: contestants, global accounts, revisions.

Deterministic for a seed. Each contestant edits one Wikipedia (a third of
them a second one), which their global account lists with an edit count
(Meta and one more wiki with 0 edits, which the bot must leave out); they
create articles and improve articles that others started before the
contest. Every revision adds a paragraph with a reference and a link, so the
2021 rules and a words rule have something to count. The revisions are
spread over the contest's days.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

WIKIS = ("en", "pt", "sv", "es", "fr")
FIRST = datetime(2021, 3, 8, tzinfo=timezone.utc)
DAYS = 31
OTHER = "Bench Other"
PAGE = "WikiGap Challenge/Bench"


@dataclass
class Rev:
    wiki: str
    title: str
    user: str
    timestamp: datetime
    text: str


@dataclass
class Contest:
    contestants: list[str]
    accounts: dict[str, dict]
    revisions: list[Rev] = field(default_factory=list)
    articles: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # -> its users

    def contestant_revisions(self) -> list[Rev]:
        return [r for r in self.revisions if r.user != OTHER]


def paragraph(rng: random.Random, n: int) -> str:
    words = " ".join(rng.choice(("she", "wrote", "the", "first", "study", "of", "rivers",
                                 "and", "taught", "in", "school")) for _ in range(40))
    return f"{words.capitalize()}.<ref>Source {n}</ref> See [[Topic {rng.randrange(500)}]].\n\n"


def account(wikis: list[str], home: str) -> dict:
    merged = [{"wiki": f"{w}wiki", "url": f"https://{w}.wikipedia.org", "editcount": 10,
               "timestamp": "2020-01-01T00:00:00Z", "method": "login",
               "registration": "2020-01-01T00:00:00Z"} for w in wikis]
    merged += [{"wiki": "metawiki", "url": "https://meta.wikimedia.org", "editcount": 0,
                "timestamp": "2020-01-01T00:00:00Z", "method": "login",
                "registration": "2020-01-01T00:00:00Z"},
               {"wiki": "dewiki", "url": "https://de.wikipedia.org", "editcount": 0,
                "timestamp": "2020-01-01T00:00:00Z", "method": "login",
                "registration": "2020-01-01T00:00:00Z"}]
    return {"home": f"{home}wiki", "id": 1, "registration": "2020-01-01T00:00:00Z",
            "merged": merged}


def generate(contestants: int = 300, revisions: int = 20_000, seed: int = 1) -> Contest:
    """Make the contest: ``revisions`` in all (others' starting revisions included)."""
    rng = random.Random(seed)
    names = [f"Bench C{i:03}" for i in range(contestants)]
    wikis_of = {u: sorted({rng.choice(WIKIS)} | ({rng.choice(WIKIS)} if rng.random() < 0.33
                                                  else set())) for u in names}
    contest = Contest(names, {u: account(w, w[0]) for u, w in wikis_of.items()})
    texts: dict[tuple[str, str], str] = {}
    n = 0
    while len(contest.revisions) < revisions:
        user = names[n % contestants]
        wiki = rng.choice(wikis_of[user])
        title = f"Bench {user[-4:]} {wiki} {n}"
        key = (wiki, title)
        if rng.random() < 0.3:   # an existing article: someone else started it before
            texts[key] = paragraph(rng, 0)
            contest.revisions.append(Rev(wiki, title, OTHER, FIRST - timedelta(days=30),
                                         texts[key]))
        when = FIRST + timedelta(minutes=rng.randrange(DAYS * 24 * 60 - 200))
        for k in range(rng.randint(2, 8)):
            if len(contest.revisions) >= revisions:
                break
            texts[key] = texts.get(key, "") + paragraph(rng, k + 1)
            contest.revisions.append(Rev(wiki, title, user, when + timedelta(minutes=k),
                                         texts[key]))
        contest.articles[key] = [user]
        n += 1
    return contest


def contest_page(contest: Contest) -> str:
    lines = "\n".join(f"# [[User:{u}]] 10:00, 1 March 2021 (UTC)" for u in contest.contestants)
    return ("<!-- wikigapbot:begin challenge-rules -->\n<!-- wikigapbot:end challenge-rules -->\n"
            f"== Participants ==\n{lines}\n")
