"""Task `tally`: count every event's article work and store a snapshot.

Reads the event registry (a page of events tables, or an umbrella ``Event:``
page linking each event's own), the events' registrations (REST) and
Dashboard courses, and the sign-up pages on the events wiki (with the
participants' registration dates), then each language Wikipedia's
contributions of the participants (with their change tags) and the edited
pages' Wikidata items, then those items on Wikidata; writes a snapshot to
the state database (not in --dry-run). Runs hourly by default.

It refuses, before reading anything more, a registry that yields no event or
fewer than half the events of the last stored snapshot (wikigap.count.guard;
``--accept-fewer-events`` lets the second through), so nothing wrong is stored
or published. Organizers who are not registered users where their notices go
become problems of their rows.

A wiki or Wikidata that cannot be read within the run's bound does not stop
the tally: the events that depend on it keep the last good numbers of the
earlier snapshot, with the time they were read (wikigap.count.carry), and
the task fails naming the service, how long it was tried and what to do.
"""
from __future__ import annotations

import time

from wikigap.count import gather, guard, registered
from wikigap.count.carry import carry_forward
from wikigap.count.tally import TallyInput, fetch_plan, tally
from wikigap.model import Event, Namespaces, Registry
from wikigap.read.registry import parse_registry
from wikigap.read.umbrella import is_event_title, parse_umbrella
from wikigap.run.context import Context, TaskError
from wikigap.wikis.wiki import Wiki
from wikigap.write.messages import english


def run(ctx: Context) -> None:
    """Read, count and keep: the snapshot every later task publishes."""
    config, start, requests = ctx.config, time.monotonic(), ctx.wikis.requests()
    events_wiki = ctx.wikis.get(config.events.wiki)
    names = events_wiki.namespaces()
    registry = _accepted_registry(ctx, events_wiki, names)
    ctx.echo(f"tally: {len(registry.events)} events on [[{config.events.page}]]; "
             "reading registrations, courses and sign-up pages")
    sources = registered.read_sources(events_wiki, registry.events, config.dashboard.url, ctx.echo)
    events = gather.with_known_wikis(sources.events, ctx.wikis.knows_language)
    signups, events = _signups_and_organizers(ctx, events_wiki, events, names, sources)
    plan = fetch_plan([e for e in events if e.key not in signups.untallyable],
                      signups.participants, config.events.grace_days)
    revisions, failed = gather.contributions(ctx.wikis.content, plan, ctx.echo)
    pages = gather.page_states(ctx.wikis.content, revisions, failed)
    wikidata_error: list[str] = []
    genders = gather.genders(ctx.wikis.wikidata, pages, ctx.echo, wikidata_error)
    fresh = tally(TallyInput(
        campaign=config.name, taken_at=ctx.now(), events=events,
        participants=signups.participants, revisions=tuple(revisions), pages=pages,
        grace_days=config.events.grace_days,
        extra_problems={k: tuple(signups.problems.get(k, ()))
                        + tuple(sources.problems.get(k, ())) for k in {*signups.problems, *sources.problems}},
        untallyable={**signups.untallyable, **sources.untallyable}, failed_wikis=frozenset(failed),
        registry_problems=registry.problems, exclude_tags=frozenset(config.exclude_tags),
        new_editor_days=config.new_editor_days, registrations=signups.registrations,
        genders=genders, sources=signups.sources, event_sources=signups.event_sources,
        renamed={k: {r.new: r.old for r in found if r.shown} for k, found in signups.renamed.items()},
        unnamed=sources.unnamed))
    snapshot = carry_forward(fresh, ctx.state.latest_snapshot(config.name), failed,
                             wikidata_failed=genders is None)
    ctx.state.save_snapshot(snapshot, english)
    ctx.run.snapshot = snapshot
    for line in problem_lines(snapshot):
        ctx.echo(line)
    ctx.echo(summary(snapshot, ctx.wikis.requests() - requests, time.monotonic() - start,
                     registered.requests_line(sources)))
    if sources.failed:
        ctx.echo(f"  could not read {', '.join(sources.failed)}; those events' numbers are "
                 "stored as unknown")
    if failed or genders is None:
        raise TaskError(failure_text(snapshot, failed, wikidata_error, config.wikidata))
    if sources.failed:
        raise TaskError(f"could not read {', '.join(sources.failed)}; those events' numbers are "
                        "stored as unknown")


def _accepted_registry(ctx: Context, events_wiki: Wiki, names: Namespaces) -> Registry:
    """Read the registry, or stop the task (its problems shown) when the guard refuses it."""
    config = ctx.config
    text = events_wiki.read_page(config.events.page)
    if text is None:
        raise TaskError(f"the registry page [[{config.events.page}]] on {config.events.wiki} does "
                        f"not exist; check events.page in {config.path}")
    registry = read_registry(text, config.events.page, names)
    refused = guard.refusal(registry, config.events.page, config.events.wiki,
                            ctx.state.latest_snapshot(config.name),
                            ctx.options.accept_fewer_events, english)
    if refused:
        for line in problem_lines(registry):
            ctx.echo(line)
        raise TaskError(refused)
    return registry


def failure_text(snapshot, failed: dict[str, str], wikidata_error: list[str],
                 wikidata: str) -> str:
    """Say what could not be read, why (service, how long tried, what to do) and what is shown."""
    parts = [f"could not read contributions on {code} ({why})" for code, why in sorted(failed.items())]
    if wikidata_error:
        parts.append(f"could not read the articles' items on Wikidata ({wikidata}) "
                     f"({wikidata_error[0]})")
    kept = [r for r in snapshot.events if r.stale_since is not None]
    unknown = [r for r in snapshot.events if r.unread and r.stale_since is None]
    shown = []
    if kept:
        oldest = min(r.stale_since for r in kept)
        shown.append(f"{len(kept)} event(s) keep their last good numbers (the oldest read "
                     f"{oldest:%Y-%m-%d %H:%M} UTC)")
    if unknown:
        shown.append(f"{len(unknown)} event(s) with no earlier good numbers are stored as unknown")
    return "; ".join(parts) + (". " + "; ".join(shown) if shown else "") + \
        ". The next tally tries again"


def _signups_and_organizers(ctx: Context, events_wiki: Wiki, events: tuple[Event, ...],
                            names: Namespaces, sources: registered.Sources
                            ) -> tuple[gather.Signups, tuple[Event, ...]]:
    """Read the sign-ups (joined with the registrations' and courses' people) and check the
    organizers are users where their notices go.

    When that is the events wiki (as usual) the organizers' names ride in the
    participants' batches; else the notice wiki is asked once more.
    """
    config = ctx.config
    where = config.notify.wiki if config.notify else config.events.wiki
    people = frozenset(name for event in events for name in event.organizers)
    same = ctx.wikis.get(where) is events_wiki
    signups = gather.read_signups(events_wiki, events, names, people if same else frozenset(),
                                  sources)
    _say_renamed(ctx, signups)
    if same or not people:
        unregistered = signups.unregistered
    else:
        unregistered = people - set(ctx.wikis.get(where).registered_users(people))
    return signups, gather.organizer_problems(events, unregistered, where, config.events.page)


def _say_renamed(ctx: Context, signups: gather.Signups) -> None:
    """Tell staff which signed-up names were followed to a new account name (never a vanished
    or hidden one: those count, unnamed)."""
    for key, found in signups.renamed.items():
        for rename in found:
            if rename.shown:
                ctx.echo(f"  [[{key}]]: '{rename.old}' is now '{rename.new}' (renamed); "
                         "counted and shown as the new name")


def problem_lines(snapshot) -> list[str]:
    """One line per problem, with its event, page and line, for staff to read or forward."""
    found = [*snapshot.problems, *(p for e in snapshot.events for p in e.problems)]
    lines = []
    for problem in found:
        where = problem.page or problem.event or "registry"
        at = f"{where}, line {problem.line}" if problem.line else where
        lines.append(f"  problem: [{at}] {english(problem.message)}")
    return lines


def read_registry(text: str, title: str, names) -> Registry:
    """Read the registry page: its events tables, else (an ``Event:`` page) the events it links."""
    registry = parse_registry(text, title, names)
    if not registry.events and is_event_title(title):
        return parse_umbrella(text, title)
    return registry


def summary(snapshot, requests: int, seconds: float, registrations: str = "") -> str:
    """One line staff read at the end of a tally (with what registrations and courses cost)."""
    m = snapshot.metrics
    problems = len(snapshot.problems) + sum(len(e.problems) for e in snapshot.events)
    articles = "unknown" if m.articles_created is None else m.articles_created + m.articles_improved
    return (f"tally: {len(snapshot.events)} events, {m.signed_up} participants "
            f"({m.active_participants} active), {articles} articles "
            f"({m.articles_created} created), {problems} problems, "
            f"{requests} API requests{f' ({registrations})' if registrations else ''}, "
            f"{seconds:.1f} s")
