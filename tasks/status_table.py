"""Task `status-table`: publish the latest snapshot as status tables.

Writes each `status_tables` target's marker region (in the target's `language`) and,
with `event_tables`, the `event` region of every sign-up page that holds one
(in the event's language, see wikigap.i18n.event_language);
with `chart`, uploads the progress chart (wikigap.write.chart).
Skips the edit when only the snapshot time would change; edit summaries are in
the table's language. Runs hourly.
"""
from __future__ import annotations

import dataclasses

from tasks import tally
from wikigap.config import ChartConfig
from wikigap.count.views import daily_totals
from wikigap.i18n import event_language
from wikigap.run.context import Context
from wikigap.write.chart import campaign_svg, upload_summary
from wikigap.write.messages import messages
from wikigap.write.publisher import FileUpload, region_edit
from wikigap.write.regions import mentions_region
from wikigap.write.render import render_event_table, render_status_table

EVENT_REGION = "event"
WHERE = "where the table should go"   # the end of a missing page's fix


def run(ctx: Context) -> None:
    """Write every configured status table, then the per-event tables."""
    snapshot = ctx.latest_snapshot(tally.run)
    stamp = snapshot.taken_at.strftime("%Y-%m-%d %H:%M UTC")
    one = ctx.chosen_event(snapshot)
    if one is not None:
        ctx.echo(f"status-table: --event: only the table on [[{one.event.key}]]; the campaign's "
                 "status tables and chart are left as they are")
        write_event_tables(ctx, dataclasses.replace(snapshot, events=(one,)), stamp)
        return
    for target in ctx.config.status_tables:
        content = render_status_table(snapshot, target.language, ctx.config.new_editor_days)
        summary = messages(target.language).plain("wikigapbot-edit-status-table",
                                                  snapshot.campaign, stamp)
        ctx.publisher.edit(region_edit(target.wiki, target.page, target.marker, content, summary,
                                       where=WHERE))
    if ctx.config.event_tables:
        write_event_tables(ctx, snapshot, stamp)
    if ctx.config.chart:
        publish_chart(ctx, ctx.config.chart)


def write_event_tables(ctx: Context, snapshot, stamp: str) -> None:
    """Give each sign-up page that holds an `event` region its event's own table."""
    results = {r.event.page: r for r in snapshot.events if r.event.page and r.tallied}
    texts = ctx.wikis.get(ctx.config.events.wiki).read_pages(list(results))
    for page, text in texts.items():
        if text is None or not mentions_region(text, EVENT_REGION):
            if ctx.options.event is not None:
                ctx.echo(f"status-table: [[{page}]] holds no '{EVENT_REGION}' markers; "
                         "nothing to write there")
            continue
        language = event_language(results[page].event.wikis)
        content = render_event_table(results[page], language, snapshot.taken_at,
                                     ctx.config.new_editor_days)
        summary = messages(language).plain("wikigapbot-edit-event-table", stamp)
        ctx.publisher.edit(region_edit(ctx.config.events.wiki, page, EVENT_REGION, content,
                                       summary, where=WHERE))


def publish_chart(ctx: Context, chart: ChartConfig) -> None:
    """Upload the progress chart to ``config.chart`` through the publisher's guards."""
    snapshots = ctx.state.snapshots(ctx.config.name)
    if ctx.run.snapshot is not None and ctx.run.snapshot not in snapshots:
        snapshots.append(ctx.run.snapshot)   # a dry-run's tally is not stored
    svg = campaign_svg(ctx.config.name, snapshots, _daily_views(ctx, snapshots), chart.language)
    ctx.publisher.upload(FileUpload(chart.wiki, chart.file, svg.encode("utf-8"),
                                    upload_summary(ctx.config.name, chart.language)))


def _daily_views(ctx: Context, snapshots: list) -> dict | None:
    """Give the latest snapshot's views per day, or None while any of them is unknown."""
    if not snapshots:
        return None
    latest = max(snapshots, key=lambda s: s.taken_at)
    return daily_totals(latest, ctx.state.view_store().load())
