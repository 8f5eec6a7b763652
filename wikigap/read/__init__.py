"""Turning wikitext into data: the registry table, sign-up lists, dates, languages, opt-outs.

Pure: every function takes text (a page's wikitext, a table cell) and returns
the model's dataclasses or problems; nothing here makes a request, so these
modules are tested without a wiki. A new way of *reading* an event (a new
registry column, a new sign-up source's answer) is parsed here.

May import: :mod:`wikigap.model`, :mod:`wikigap.config`, the other ground
modules, and each other. Never ``wikis``, ``count`` or anything above.
"""
