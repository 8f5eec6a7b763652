"""The WikiGap Challenge's wing: its config, reads, figures, scoring, store, pages and export.

Layered inside like the package (``scripts/layers.py``'s ``WING_LAYERS``;
an import inside the wing points down too), bottom first:

- ``kinds/``: one module per rule kind and their one list (``registry.py``);
- the wing's ground, directly here: :mod:`~wikigap.challenge.contest`, the
  ``challenge:`` block, registered with the config reader as a section;
- ``read/``: the bonus and adjustments pages, wikitext to data;
- ``count/``: words and figures of a revision's text, one Contribution per
  contestant and article, points and ranks;
- ``store/``: what the Challenge keeps in the state (revisions' figures,
  never their texts; global accounts, revisions seen, boards), its tables
  registered with the state;
- ``write/``: the rules in words, the rules box, the leaderboard, the results
  draft and award notices, the export;
- ``gather/``: its batched reads through the wikis, kept through ``store/``.

The ``challenge`` task (tasks/challenge.py) tells the story over them.

May import: the ground modules, :mod:`wikigap.read`, :mod:`wikigap.wikis`,
:mod:`wikigap.count`, :mod:`wikigap.store` and :mod:`wikigap.write`.
"""
