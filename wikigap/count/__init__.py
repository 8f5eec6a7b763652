"""Counting: from the events and their participants to the numbers the tables show.

:mod:`~wikigap.count.gather` reads each event's participants and their edits
through the wikis (in batches), :mod:`~wikigap.count.tally` turns them into
metrics (pure), :mod:`~wikigap.count.wikidata` decides "about a woman", and
:mod:`~wikigap.count.views` joins page views onto a snapshot. A new metric,
or the contest's scoring, goes here.

May import: the ground modules, :mod:`wikigap.read` and :mod:`wikigap.wikis`.
"""
