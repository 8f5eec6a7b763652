"""wikigapbot's shared machinery, one folder per stage of the pipeline.

The folders stack as layers; a module imports only from its own folder and
the ones below it (``tests/unit/test_layers.py`` holds the code to that, and
``python scripts/layers.py`` draws the graph)::

    run/     context, runner, scheduler, listing          starts tasks, keeps time
    challenge/ reads, board, export                       the WikiGap Challenge's stage
    write/   render, messages, publisher, notices, ...    wikitext out, safely saved
    store/   state, viewstore, serialize                  the bot's memory on disk
    count/   gather, tally, views, wikidata               participants' edits -> numbers
    wikis/   wiki (pywikibot), sites, pageviews, ...      every request to a wiki or service
    read/    registry, signup, tables, dates, ...         wikitext -> data, pure

The ground every stage stands on sits here: :mod:`wikigap.model` (the
dataclasses that flow between stages), :mod:`wikigap.config` (the campaign
configuration), :mod:`wikigap.cron` (crontab syntax), :mod:`wikigap.i18n`
(which languages have message files), :mod:`wikigap.outcomes` (what a
write or a task did, as data) and :mod:`wikigap.challenge.contest` (the Challenge's
``challenge:`` block, checked). Only the adapter behind :mod:`wikigap.wikis.wiki` imports pywikibot.

``__version__`` is the bot's one version: ``bot.py --version`` prints it, the
pageviews client's User-Agent names it, and CHANGELOG.md lists what each
version changed (a ``.devN`` version is the changelog's Unreleased section).
"""

__version__ = "0.3.0.dev0"
