"""The WikiGap Challenge's own stage: its reads, its pages, its awards and its export.

:mod:`~wikigap.challenge.gather.reads` gathers what the scoring needs, batched and
once (contestants from the contest page, their Wikipedias from their global
accounts, their contributions, the revision texts the rules need, the items
with their genders and badges), keeping texts and accounts in the state;
:mod:`~wikigap.challenge.write.board` renders the rules box, the leaderboard, the
results draft and the award notices from a scored board
(:mod:`wikigap.challenge.count.scoring`); :mod:`~wikigap.challenge.write.export` gives the
board as JSON or CSV, the shape issue 18 fixed. The ``challenge`` task
(tasks/challenge.py) tells the story over them.

May import: the ground modules, :mod:`wikigap.read`, :mod:`wikigap.wikis`,
:mod:`wikigap.count`, :mod:`wikigap.store` and :mod:`wikigap.write`.
"""
