"""wikigapbot's shared machinery: reading pages, tallying, safe writes and state.

Pure modules (registry, signup, tally, render, regions, progress) take text and
dataclasses; only :mod:`wikigap.wiki` talks to pywikibot.
"""
