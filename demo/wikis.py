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
    load_impact(sandbox, activity, history, people)
    return Loaded(pages={(w, t): text for w, titles in pages.items() for t, text in titles.items()},
                  accounts=len(people), revisions={w: len(r) for w, r in history.items()},
                  events=len(activity["events"]))


def load_impact(sandbox: Sandbox, activity: dict, history: dict[str, list[ImportedRevision]],
                people: list[str]) -> None:
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


def reopen(folder: Path) -> Sandbox:
    """Serve an earlier demo's wikis again, as the demo left them (no reinstall)."""
    return boot(Path(folder))
