"""Counting: from the events and their participants to the numbers the tables show.

:mod:`~wikigap.count.gather` reads each event's participants and their edits
through the wikis (in batches), :mod:`~wikigap.count.tally` turns them into
metrics (pure), :mod:`~wikigap.count.wikidata` decides "about a woman", and
:mod:`~wikigap.count.views` joins page views onto a snapshot. The
Challenge's counting is pure here too: :mod:`~wikigap.challenge.count.words` (words,
references, links), :mod:`~wikigap.challenge.count.figures` (one Contribution per
contestant and article, from the reads) and :mod:`~wikigap.challenge.count.scoring`
(points and ranks). A new metric goes here.

May import: the ground modules, :mod:`wikigap.read` and :mod:`wikigap.wikis`.
"""
