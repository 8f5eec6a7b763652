"""Boot the demo's sandbox wikis and load the sample onto them: accounts, pages, history,
and what the impact metrics read (Wikidata items, registration dates, change tags)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from demo.campaign import DATA, WIKIS, read_pages
from sandbox import ImportedRevision, Sandbox
from sandbox.synthetic.activity import accounts, generate_history
from sandbox.synthetic.wikidata import impact_data, utc


@dataclass(frozen=True)
class Loaded:
    """What the sample put on the wikis, for the report and the diffs."""

    pages: dict[tuple[str, str], str]          # (wiki, title) -> text as loaded
    accounts: int
    revisions: dict[str, int]                  # wiki -> revisions imported
    events: int


def boot(folder: Path) -> Sandbox:
    """Install (first time) and serve every demo wiki under ``folder/wikis``."""
    sandbox = Sandbox(folder / "wikis")
    for name in WIKIS:
        sandbox.add(name)
    sandbox.start()
    return sandbox


def load(sandbox: Sandbox, data: Path = DATA) -> Loaded:
    """Create the accounts, save the pages and import the history on every wiki."""
    activity = yaml.safe_load((data / "activity.yaml").read_text(encoding="utf-8"))
    pages, people = read_pages(data), accounts(activity)
    history = generate_history(activity)

    for wiki in sandbox:   # one at a time: parallel PHP processes were slower on 2 CPUs
        wiki.create_users(people)
        if pages.get(wiki.name):
            wiki.load_pages(pages[wiki.name].items(), summary="WikiGap 2021 sample page")
        wiki.import_revisions(history.get(wiki.name, []), link_updates=False)
    page_items = load_impact(sandbox, activity, history, people)
    load_challenge(sandbox, history, page_items)
    return Loaded(pages={(w, t): text for w, titles in pages.items() for t, text in titles.items()},
                  accounts=len(people), revisions={w: len(r) for w, r in history.items()},
                  events=len(activity["events"]))


def load_impact(sandbox: Sandbox, activity: dict, history: dict[str, list[ImportedRevision]],
                people: list[str]) -> dict[str, dict[str, str]]:
    """Store items on the Wikibase double, page items, registration dates and change tags.

    Page items last: a links update of a page would rewrite its page properties.
    """
    impact = activity["impact"]
    items, pages, dates = impact_data(impact, history, people)
    sandbox["wikidata"].load_entities(items)
    sandbox["meta"].set_registrations(dates)
    for spec in impact["edits"]:
        if spec.get("tags"):
            sandbox[spec["wiki"]].tag_revisions([(spec["title"], utc(spec["at"]), spec["tags"])])
    for code, found in pages.items():
        sandbox[code].set_items(found)
    return pages


def load_challenge(sandbox: Sandbox, history: dict[str, list[ImportedRevision]],
                   page_items: dict[str, dict[str, str]]) -> None:
    """Give the Challenge's contestants global accounts and write its bonus page.

    Each contestant's account lists the Wikipedias their history edits (what
    CentralAuth would answer); the bonus page names Karin Larsdotter's item.
    """
    from demo.campaign import CHALLENGE_BONUS, CHALLENGE_PAGE, challenge_contestants
    contestants = challenge_contestants(DATA)
    wikis = {user: sorted({code for code, revs in history.items() for r in revs if r.user == user})
             for user in contestants}
    sandbox["meta"].load_global_accounts({user: _account(codes) for user, codes in wikis.items()})
    karin = page_items["sv"]["Karin Larsdotter"]
    sandbox["meta"].load_page(CHALLENGE_BONUS, "Women on the UN Human Rights lists: an article "
                              f"about one of them earns 1 more point.\n* [[d:{karin}|Karin "
                              "Larsdotter]]\n", summary=f"{CHALLENGE_PAGE}: the bonus list")


def _account(codes: list[str]) -> dict:
    """A global account in CentralAuth's shape (sandbox/extensions/CentralAuthDouble)."""
    merged = [{"wiki": f"{code}wiki", "url": f"https://{code}.wikipedia.org", "editcount": 20,
               "timestamp": "2020-01-01T00:00:00Z", "method": "login",
               "registration": "2020-01-01T00:00:00Z"} for code in codes]
    return {"home": f"{codes[0]}wiki" if codes else "metawiki", "id": 1,
            "registration": "2020-01-01T00:00:00Z", "merged": merged}


def reopen(folder: Path) -> Sandbox:
    """Serve an earlier demo's wikis again, as the demo left them (no reinstall)."""
    return boot(Path(folder))
