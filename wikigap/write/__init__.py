"""Everything the bot writes: wikitext rendered from templates, saved only inside its markers.

:mod:`~wikigap.write.render` and :mod:`~wikigap.write.messages` turn data into
wikitext (Jinja2 templates, i18n messages, :mod:`~wikigap.write.escape`);
:mod:`~wikigap.write.regions` finds the bot's markers; the
:mod:`~wikigap.write.publisher` is the one gate every save passes (opt-outs,
dry run, conflicts, merged saves); :mod:`~wikigap.write.notices`,
:mod:`~wikigap.write.progress` and :mod:`~wikigap.write.chart` build what the
tasks publish, and :mod:`~wikigap.write.export` what ``bot.py export`` prints;
:mod:`~wikigap.write.selfcheck` checks the templates and message files themselves.
A new page the bot writes gets its builder here and its template in templates/.

May import: the ground modules, :mod:`wikigap.read`, :mod:`wikigap.wikis`,
:mod:`wikigap.count` and :mod:`wikigap.store`.
"""
