"""Turn the Challenge's reads into one Contribution per (contestant, wiki, article): facts only.

Pure: the ``challenge`` task reads the contestants' revisions (this run's
``usercontribs`` and the ones earlier runs saw), the pages' states, the
items and the revision texts it needs, and calls :func:`contributions`;
:mod:`wikigap.challenge.count.scoring` gives the points. What each figure means:

- the revisions that count are the contestant's inside the window whose
  change tags are not excluded (``exclude_tags``: reverts); an article whose
  every revision was excluded is *reverted*;
- *created*: a counted revision of theirs made the page;
- bytes and words added: net over the counted revisions, floored at 0;
  words are body-text words (wikigap.challenge.count.words) of a revision minus its
  parent's, read only when a rule needs them (:func:`figures_needed`);
- references and links: the article's after their last counted revision;
- *deleted*: a revision seen before that ``usercontribs`` no longer returns,
  on a page that no longer exists (UKBot's rule); its line stays, marked;
- *outside the window*: every revision is after the last day (they are read
  until the board settles, so a late edit is shown, not silently dropped);
- about a woman from the item (no item, or no gender yet: None, pending).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from wikigap.challenge.contest import ChallengeConfig
from wikigap.challenge.count.scoring import Contribution
from wikigap.challenge.count.words import WikiNames, measure
from wikigap.count.wikidata import about_woman
from wikigap.model import PageState, Revision

TRANSLATION_TAG = "contenttranslation"
BADGE_IDS = {"Q17437796": "featured", "Q17437798": "good"}


@dataclass(frozen=True)
class Reads:
    """Everything read for one scoring: revisions, pages, items, figures and each wiki's names.

    ``figures`` are each needed revision's figures by (wiki, revid), as kept in
    the state (None: read, but deleted or hidden); ``texts`` are measured
    here instead when a revision has no figures (tests give texts).
    """

    revisions: tuple[Revision, ...]                 # this run's usercontribs, window to settle
    seen: tuple[Revision, ...] = ()                 # earlier runs' (for deletions)
    pages: Mapping[tuple[str, int], PageState] = field(default_factory=dict)
    entities: Mapping[str, object] = field(default_factory=dict)
    texts: Mapping[tuple[str, int], str | None] = field(default_factory=dict)
    names: Mapping[str, WikiNames] = field(default_factory=dict)
    figures: Mapping[tuple[str, int], Mapping[str, int] | None] = field(default_factory=dict)
    #: figures measured from ``texts``, once (a revision is often the next one's parent)
    measured: dict[tuple[str, int], dict[str, int]] = field(default_factory=dict, compare=False,
                                                            repr=False)


def each_figures(config: ChallengeConfig) -> frozenset[str]:
    """Name the figures the rules' kinds read of every counted revision and its parent."""
    return frozenset().union(*(k.each for k in config.kinds()))


def last_figures(config: ChallengeConfig) -> frozenset[str]:
    """Name the figures the rules' kinds read of the article after the last counted revision."""
    return frozenset().union(*(k.last for k in config.kinds()))


def needs_words(config: ChallengeConfig) -> bool:
    return "words" in each_figures(config)


def needs_text(config: ChallengeConfig) -> bool:
    """Tell whether any rule needs revision texts (words, or references and links)."""
    return bool(each_figures(config) or last_figures(config))


def articles(reads: Reads) -> dict[tuple[str, str, int], list[Revision]]:
    """Group revisions by (user, wiki, pageid), this run's and vanished ones, in time order."""
    current = {(r.wiki, r.revid) for r in reads.revisions}
    live_pages = {(r.wiki, r.pageid) for r in reads.revisions}
    grouped: dict[tuple[str, str, int], list[Revision]] = defaultdict(list)
    for rev in reads.revisions:
        grouped[(rev.user, rev.wiki, rev.pageid)].append(rev)
    for rev in reads.seen:
        if (rev.wiki, rev.revid) not in current and (rev.wiki, rev.pageid) not in live_pages:
            grouped[(rev.user, rev.wiki, rev.pageid)].append(rev)
    return {key: sorted(revs, key=lambda r: (r.timestamp, r.revid)) for key, revs in grouped.items()}


def counted(revs: Iterable[Revision], config: ChallengeConfig,
            exclude: frozenset[str]) -> list[Revision]:
    """Give the revisions that count: inside the window, no excluded tag."""
    return [r for r in revs if config.in_window(r.timestamp) and not set(r.tags) & exclude]


def figures_needed(reads: Reads, config: ChallengeConfig,
                   exclude: frozenset[str]) -> dict[str, dict[int, frozenset[str]]]:
    """Name the figures the rules need of each revision, per wiki.

    Words: of every counted revision and its parent; references and links:
    of the contestant's last counted revision of each article.
    """
    wanted: dict[str, dict[int, frozenset[str]]] = defaultdict(dict)
    each, last = each_figures(config), last_figures(config)
    if not each and not last:
        return wanted
    for (_, wiki, _), revs in articles(reads).items():
        mine = counted(revs, config, exclude)
        if not mine:
            continue
        if last:
            _want(wanted[wiki], mine[-1].revid, last)
        if each:
            for revid in {r.revid for r in mine} | {r.parentid for r in mine if r.parentid}:
                _want(wanted[wiki], revid, each)
    return wanted


def _want(wanted: dict[int, frozenset[str]], revid: int, names: frozenset[str]) -> None:
    wanted[revid] = wanted.get(revid, frozenset()) | names


def texts_needed(reads: Reads, config: ChallengeConfig,
                 exclude: frozenset[str]) -> dict[str, set[int]]:
    """Name the revisions whose text the rules need, per wiki (words: with their parents)."""
    return {wiki: set(revids) for wiki, revids in figures_needed(reads, config, exclude).items()}


def contributions(reads: Reads, config: ChallengeConfig,
                  exclude: frozenset[str]) -> list[Contribution]:
    """Give one Contribution per (contestant, wiki, article) the reads show."""
    found = []
    for (user, wiki, pageid), revs in sorted(articles(reads).items()):
        found.append(_contribution(user, wiki, revs, reads.pages.get((wiki, pageid)),
                                   reads, config, exclude))
    return found


def _contribution(user: str, wiki: str, revs: list[Revision], page: PageState | None,
                  reads: Reads, config: ChallengeConfig, exclude: frozenset[str]) -> Contribution:
    """Add up one contestant's work on one article."""
    in_window = [r for r in revs if config.in_window(r.timestamp)]
    mine = counted(revs, config, exclude)
    names = reads.names.get(wiki, WikiNames())
    item = page.item if page is not None and page.exists else None
    entity = reads.entities.get(item) if item else None
    last = _figures(reads, wiki, mine[-1].revid, names) if mine else None
    return Contribution(
        user=user, wiki=wiki, title=page.title if page is not None and page.title else revs[-1].title,
        created=any(r.new for r in mine),
        bytes_added=max(0, sum(r.sizediff for r in mine)),
        words_added=_words(mine, wiki, reads, names) if needs_words(config) else None,
        refs=((last or {}).get("refs", 0) if "refs" in last_figures(config) else None),
        links=((last or {}).get("links", 0) if "links" in last_figures(config) else None),
        translated=any(r.new and TRANSLATION_TAG in r.tags for r in mine),
        badge=_badge(entity, wiki),
        about_woman=about_woman(entity) if entity is not None else None,
        wikidata=item,
        reverted=bool(in_window) and not mine,
        deleted=page is None or not page.exists,
        redirect=page is not None and page.exists and page.redirect,
        outside_window=not in_window)


def _words(mine: list[Revision], wiki: str, reads: Reads, names: WikiNames) -> int:
    """Sum body-text words added over the counted revisions (text minus parent), floored at 0.

    A revision's figures are measured once (:func:`_figures`): most are also
    the parent of the next, and parsing is what a run spends its time on.
    """
    total = 0
    for rev in mine:
        figures = _figures(reads, wiki, rev.revid, names)
        if figures is None:   # deleted or hidden: nothing counted
            continue
        parent = _figures(reads, wiki, rev.parentid, names) if rev.parentid else None
        total += figures.get("words", 0) - (parent or {}).get("words", 0)
    return max(0, total)


def _figures(reads: Reads, wiki: str, revid: int, names: WikiNames) -> Mapping[str, int] | None:
    """Give one revision's figures: as stored, else measured from its text (None: no text)."""
    key = (wiki, revid)
    if key in reads.figures:
        return reads.figures[key]
    if key not in reads.measured:
        text = reads.texts.get(key)
        if text is None:
            return None
        reads.measured[key] = measure(text, wiki, names)
    return reads.measured[key]


def _badge(entity: object, wiki: str) -> str | None:
    """Give the article's sitelink badge on its wiki (``enwiki``): featured, good or None."""
    links = entity.get("sitelinks") if isinstance(entity, dict) else None
    link = links.get(f"{wiki.replace('-', '_')}wiki") if isinstance(links, dict) else None
    named = [BADGE_IDS[b] for b in (link or {}).get("badges", []) if b in BADGE_IDS]
    return "featured" if "featured" in named else (named[0] if named else None)


def wiki_names(raw: Mapping[str, frozenset[str] | None]) -> WikiNames:
    """Make WikiNames from a wiki's own names (Wiki.link_names); keep the defaults' ref templates."""
    return WikiNames(hidden=raw["hidden"] or WikiNames.hidden,
                     namespaces=raw["namespaces"] or WikiNames.namespaces,
                     interwiki=raw["interwiki"] or WikiNames.interwiki,
                     languages=raw["languages"])
