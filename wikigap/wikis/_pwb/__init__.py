"""The pywikibot adapter's parts, along pywikibot's own seams; private to :mod:`wikigap.wikis.wiki`.

:mod:`.site` sets pywikibot up (the account, its logs, the run's bound on its
HTTP session) and makes sites; :mod:`.errors` turns its exceptions into the
bot's own; :mod:`.reads`, :mod:`.writes` and :mod:`.rest` hold the
:class:`~wikigap.wikis.wiki.Wiki` methods of each kind. Only this folder imports
pywikibot, and only :mod:`wikigap.wikis.wiki` imports this folder: callers use
that face.

Importing the folder chooses pywikibot's folder and installs the redactor
first, so every module here may import pywikibot at its top.

May import: what :mod:`wikigap.wikis` may, and its sibling modules.
"""
from __future__ import annotations

import logging

from wikigap.wikis import redact
from wikigap.wikis.pwbsetup import prepare_pywikibot

prepare_pywikibot()
redact.install()   # before pywikibot logs anything

#: One logger for the adapter, under the face's name (what staff grep the log for).
log = logging.getLogger("wikigap.wikis.wiki")
