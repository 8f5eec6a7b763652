"""Render what the Challenge writes: the rules box, the leaderboard, the results draft, awards.

Pure: from the :class:`~wikigap.challenge.contest.ChallengeConfig` and a scored
:class:`~wikigap.challenge.count.scoring.Scoreboard`, through the Jinja2 templates
``templates/challenge-*.wiki.j2`` and the ``wikigapbot-challenge-*`` messages
(every word in i18n/, every value escaped). The ``challenge`` task hands the
results to the publisher, inside the bot's regions only.

The leaderboard says "provisional" until ``last_day`` + ``settle_hours``;
the results draft and the awards exist only after that. Points are shown as
whole numbers where whole (``write.challenge_rules.shown``), fractions in the
page's language ("2,5"); every page is written in ``challenge.language``.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from wikigap.challenge.contest import ChallengeConfig
from wikigap.challenge.count.figures import last_figures, needs_words
from wikigap.challenge.count.scoring import Line, Scoreboard, Standing
from wikigap.challenge.kinds.registry import kind
from wikigap.challenge.write import confirm
from wikigap.challenge.write.challenge_rules import rules_in_words, shown
from wikigap.model import Problem
from wikigap.write.escape import link, plain
from wikigap.write.messages import Messages, format_day, format_time, messages
from wikigap.write.notices import comment_safe
from wikigap.write.publisher import Notice
from wikigap.write.render import environment

RULES_REGION = "challenge-rules"
RESULTS_REGION = "results"
AWARD_KIND = "challenge-award"
AWARD_KEY = "award"
AWARD_MARKER = "<!-- wikigapbot-notice: challenge-award |"
#: ``bot.py run challenge --resend USER --kind award``: staff's deliberate second award notice.
RESEND_AWARD = "award"
#: Each why-not code of wikigap.challenge.count.scoring (WHY_NOT) in words.
WHY_NOT_WORDS = {
    "disqualified": "wikigapbot-challenge-why-disqualified",
    "deleted": "wikigapbot-challenge-why-deleted",
    "redirect": "wikigapbot-challenge-why-redirect",
    "outside-window": "wikigapbot-challenge-why-outside-window",
    "other-wiki": "wikigapbot-challenge-why-other-wiki",
    "reverted": "wikigapbot-challenge-why-reverted",
    "not-a-woman": "wikigapbot-challenge-why-not-a-woman",
    "pending": "wikigapbot-challenge-why-pending",
    "below-threshold": "wikigapbot-challenge-why-below-threshold",
    "reduced": "wikigapbot-challenge-why-reduced",
}


def render_rules(config: ChallengeConfig, language: str = "en") -> str:
    """Say the rules in words, as list lines between the window and the ranking sentences."""
    msg = messages(language)
    sentences = rules_in_words(config, msg, link, lambda d: plain(format_day(d, language)))
    first = 3 + int(config.women_only)
    many = len(config.rules) + sum(len(o) for o in config.per_wiki.values())
    return _render("challenge-rules.wiki.j2", msg=msg, name=config.name,
                   before=sentences[:first], rules=sentences[first:first + many],
                   after=sentences[first + many:])


def render_leaderboard(board: Scoreboard, config: ChallengeConfig, now: datetime,
                       language: str = "en", verdict: confirm.Verdict | None = None,
                       problems: Sequence[Problem] | None = None,
                       bonus: dict[str, str] | None = None) -> str:
    """Render the leaderboard: status, the ranking's id, whether staff's confirmation holds,
    the bonus list's women, the sortable table, a section per contestant, the problems.

    ``problems`` are every page's (the board's own unmatched adjustments when
    not given); ``bonus`` names each bonus-list id (bonusitems.bonus_items).
    """
    msg = messages(language)
    updated = f'<span class="wikigapbot-time">{plain(format_time(now, language))}</span>'
    if config.is_final(now):
        status = msg("wikigapbot-challenge-board-final", updated)
    else:
        status = msg("wikigapbot-challenge-board-provisional",
                     plain(format_time(config.settles, language)), updated)
    listed = board.problems if problems is None else problems
    return _render("challenge-leaderboard.wiki.j2", msg=msg, status=status,
                   time=format_time(now, language), ranking=confirm.ranking_id(board),
                   confirmation=confirmation_words(verdict, config, msg),
                   bonus=_bonus_list(config, bonus, msg), show=_columns(config),
                   rows=[_row(s, msg) for s in board.standings],
                   rules=[msg(kind(r.kind).column) for r in config.rules],
                   problems=[_problem(p, msg) for p in listed])


def _columns(config: ChallengeConfig) -> dict[str, bool]:
    """Tell which fact columns the rules use; the others would be empty or always 0."""
    return {"words": needs_words(config), "sources": "refs" in last_figures(config),
            "bonus": config.bonus is not None, "pending": config.women_only,
            "adjustment": config.adjustments is not None}


def _bonus_list(config: ChallengeConfig, names: dict[str, str] | None,
                msg: Messages) -> str | None:
    """Name the bonus list's women, each linked to her item (None: no list, or not read)."""
    if config.bonus is None or not names:
        return None
    women = ", ".join(link(f"d:{qid}", name) for qid, name in names.items())
    return msg("wikigapbot-challenge-bonus-list", link(config.bonus.page), women)


def _problem(problem: Problem, msg: Messages) -> str:
    """One problem under the board: its page (and line), what is wrong and how to fix it."""
    words = plain(f"{msg.words(problem.message)} {msg.words(problem.fix)}")
    if problem.page is None:
        return words
    if problem.line is None:
        return msg("wikigapbot-challenge-problem-on-page", link(problem.page), words)
    return msg("wikigapbot-challenge-problem-on-line", link(problem.page), problem.line, words)


def confirmation_words(verdict: confirm.Verdict | None, config: ChallengeConfig,
                       msg: Messages) -> list[str]:
    """Say on the board that the ranking changed since staff confirmed it, who moved, and which
    sent award notices no longer match (nothing while the confirmation holds or is awaited)."""
    if verdict is None or config.awards is None:
        return []
    said = []
    if verdict.state == confirm.CHANGED:
        said.append(msg("wikigapbot-challenge-confirm-changed", verdict.confirmed,
                        verdict.ranking, link(config.awards.confirm_page)))
    if verdict.moved:
        said.append(msg("wikigapbot-challenge-confirm-moved", ", ".join(
            msg("wikigapbot-challenge-confirm-move", plain(m.user), _place(m.before, msg),
                _place(m.now, msg)) for m in verdict.moved)))
    if verdict.stale:
        said.append(msg("wikigapbot-challenge-confirm-stale", ", ".join(
            msg("wikigapbot-challenge-confirm-stale-item", plain(m.user), _place(m.before, msg),
                _place(m.now, msg)) for m in verdict.stale), len(verdict.stale)))
    return said


def _place(place: confirm.Place | None, msg: Messages) -> str:
    """Say a place: ``number 2, 3 points``, ``disqualified`` or ``not listed``."""
    if place is None:
        return msg("wikigapbot-challenge-place-none")
    if place.rank is None:
        return msg("wikigapbot-challenge-place-disqualified")
    points = int(place.points) if place.points.lstrip("-").isdigit() else place.points
    return msg("wikigapbot-challenge-place", place.rank, points)


def _row(standing: Standing, msg: Messages) -> dict[str, Any]:
    """One contestant for the table and their section; numbers formatted in the language."""
    return {"rank": "–" if standing.rank is None else standing.rank, "user": standing.user,
            "points": shown(standing.points), "points_shown": _number(standing.points, msg),
            "created": standing.created,
            "improved": standing.improved, "bonus": standing.bonus_articles,
            "wikis": ", ".join(standing.wikis) or "–", "bytes": msg.number(standing.bytes_added),
            "words": (msg.number(standing.words_added)
                      if any(line.contribution.words_added is not None for line in standing.lines)
                      else "–"),
            "pending": standing.pending,
            "articles": standing.articles, "disqualified": standing.disqualified,
            "adjustment": (msg("wikigapbot-challenge-contestant-adjusted",
                               _signed(standing.adjustment, msg), plain("; ".join(standing.reasons)))
                           if standing.adjustment else None),
            "lines": [_line(line, msg) for line in standing.lines]}


def _line(line: Line, msg: Messages) -> dict[str, Any]:
    """One article of a contestant: its figures, points by rule and why it does not count."""
    item = line.contribution

    def known(n: int | None) -> str:
        return "–" if n is None else msg.number(n)

    adjustment = ""
    if line.adjustment or line.reasons:
        adjustment = f"{_signed(line.adjustment, msg)} ({'; '.join(line.reasons)})" \
            if line.reasons else _signed(line.adjustment, msg)
    return {"wiki": item.wiki, "title": item.title,
            "kind": msg("wikigapbot-challenge-kind-created" if item.created
                        else "wikigapbot-challenge-kind-improved"),
            "bytes": msg.number(item.bytes_added), "words": known(item.words_added),
            "refs": known(item.refs), "links": known(item.links),
            "by_rule": [_number(p, msg) for p in line.by_rule],
            "bonus": _signed(line.bonus, msg) if line.bonus else "", "adjustment": adjustment,
            "total": _number(line.total, msg), "why_not": why_not(line, msg)}


def why_not(line: Line, msg: Messages) -> str:
    """Say why a line does not count ('' when it does); a disqualification gives its reason."""
    if line.why_not is None:
        return ""
    text = msg(WHY_NOT_WORDS[line.why_not])
    if line.why_not == "disqualified" and line.reasons:
        text = msg("wikigapbot-challenge-why-disqualified-reason", plain("; ".join(line.reasons)))
    return text


def _number(points: Decimal | None, msg: Messages) -> str:
    """Write points for a table cell in the page's language: 3, 2,5 (sv), "" for none."""
    value = shown(points)
    return "" if isinstance(value, str) else msg.number(value)


def _signed(points: Decimal, msg: Messages) -> str:
    """Write a change of points with its sign: +2, −1,5 (a true minus sign)."""
    value = _number(abs(points), msg)
    return f"+{value}" if points > 0 else f"−{value}" if points < 0 else value


def render_results(board: Scoreboard, config: ChallengeConfig, signed_up: int,
                   language: str = "en", names: dict[str, str] | None = None) -> str:
    """Draft the results page: general outcome, the bonus-list block, the Top N lines.

    ``names`` gives the bonus-list women's names by id (their labels), shown
    instead of the ids.
    """
    msg = messages(language)
    counting = [line for s in board.standings if s.rank is not None for line in s.lines
                if line.counts]
    top_n = config.results.top if config.results else 10
    top = [s for s in board.standings if s.rank is not None and s.rank <= top_n]
    return _render(
        "challenge-results.wiki.j2", msg=msg, name=config.name, n=top_n,
        outcome={"competitors": sum(1 for s in board.standings if s.lines),
                 "signed_up": signed_up, "articles": len(counting),
                 "languages": len({line.contribution.wiki for line in counting})},
        bonus=_bonus_block(counting, names or {}) if config.bonus else None,
        top=[{"user": s.user, "points": shown(s.points), "articles": s.articles,
              "languages": msg.join(msg.language_name(w) for w in s.wikis)}
             for s in top])


def _bonus_block(counting: list[Line], names: dict[str, str]) -> dict[str, Any]:
    """Count the bonus-list women written about, their articles, languages and the most covered
    (named by her label when known, else her id)."""
    listed = [line for line in counting if line.on_bonus_list]
    per_woman: Counter[str | None] = Counter()
    for item in {(line.contribution.wikidata, line.contribution.wiki) for line in listed}:
        per_woman[item[0]] += 1
    most = per_woman.most_common(1)
    return {"women": len(per_woman), "articles": len(listed),
            "languages": len({line.contribution.wiki for line in listed}),
            "most": most[0][0] if most else None, "most_languages": most[0][1] if most else 0,
            "most_name": names.get(str(most[0][0]), most[0][0]) if most else None}


def award_winners(board: Scoreboard, top: int) -> list[Standing]:
    """Give everyone ranked within the top ``top`` (a shared rank counts once: 1, 1, 2 places).

    Nobody wins with no points: a board where everyone ties at 0 (a contest
    not yet started, or nothing counted) has no winner to congratulate.
    """
    scored = [s for s in board.standings if s.points > 0]
    ranks = sorted({s.rank for s in scored if s.rank is not None})[:top]
    return [s for s in scored if s.rank in ranks]


def award_notice(standing: Standing, config: ChallengeConfig, language: str) -> Notice:
    """Plan one award notice on the contestant's talk page on the Challenge's wiki."""
    msg = messages(language)
    marker = f"{AWARD_MARKER} {comment_safe(config.name)} | {AWARD_KEY} -->"
    text = _render("challenge-award.wiki.j2", msg=msg, name=config.name, rank=standing.rank,
                   points=shown(standing.points), articles=standing.articles,
                   board=config.leaderboard.page, marker=marker)
    return Notice(wiki=config.wiki, title=f"User talk:{standing.user}",
                  heading=msg("wikigapbot-challenge-award-heading", plain(config.name)),
                  text=text, marker=marker,
                  summary=msg("wikigapbot-challenge-award-summary", config.name),
                  kind=AWARD_KIND, event=config.name, organizer=standing.user, key=AWARD_KEY)


def _render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context).strip() + "\n"
