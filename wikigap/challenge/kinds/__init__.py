"""The Challenge's rule kinds, one module each, and their one list (:mod:`.registry`).

A rule kind is everything about one way to earn points, in one class
(:class:`~wikigap.challenge.kinds.base.RuleKind`): its parameters and their
checks, the figures it must read, its points, its words in the rules box and
its leaderboard column (message keys in i18n/, never English here). The
config reader, the figures, the scoring, the rules box and the leaderboard
ask the registry; none of them names a kind. A new kind is one module here
and one line in :data:`~wikigap.challenge.kinds.registry.KINDS`, with its test
(CONTRIBUTING.md shows how, with the words rule).

The bottom of the Challenge's wing: may import the ground modules of
wikigap/ (the YAML validator) and each other, nothing else of the wing.
"""
