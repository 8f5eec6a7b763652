"""Talking to wikis and web services: every request the bot makes starts here.

:mod:`~wikigap.wikis.wiki` is the face of the one pywikibot adapter, whose
parts in ``_pwb/`` are the only modules that import pywikibot; :mod:`~wikigap.wikis.sites` is the run's set of wikis
by config name; :mod:`~wikigap.wikis.apidata` turns API answers into the model;
:mod:`~wikigap.wikis.errors` is what a failed request becomes, and
:mod:`~wikigap.wikis.redact` keeps secrets out of what it logs;
:mod:`~wikigap.wikis.account` checks the password file before any login. Clients of
services that are not MediaWiki's action API (the pageviews API; next, event
registration and the Dashboard) live here too.

May import: the ground modules and :mod:`wikigap.read` (the opt-out rules).
"""
