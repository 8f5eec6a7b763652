"""Invented campaign histories for the sandbox wikis: one generator, two recipes.

:mod:`~sandbox.synthetic.history` records revisions with the rules an import
needs; :mod:`~sandbox.synthetic.activity` is the demo's recipe (a hand-written
activity file with named people and word lists) and
:mod:`~sandbox.synthetic.scaled` the benchmark's (a campaign of any size with
every kind of edit the counting rules must tell apart).  Both are seeded:
same input, same revisions.  :mod:`~sandbox.synthetic.wikidata` invents what
the impact metrics read beside the history: Wikidata items in Wikibase's
shape, page items and registration dates.
"""
