"""`python bot.py demo`: the whole bot on local sandbox wikis with the WikiGap 2021 sample.

Developer tooling beside the bot, not part of it (``wikigap/``).  The data
files here (``pages.yaml``, ``meta/``, ``se/``, ``activity.yaml``; see
README.md) are the sample; the modules run it:

- ``campaign``: the demo's wikis, page titles, page files and campaign YAML;
- ``wikis``: boot the sandbox wikis and load accounts, pages and history
  (invented by :mod:`sandbox.synthetic.activity` from ``activity.yaml``), and
  the impact side (items, registration dates, tags: :mod:`sandbox.synthetic.wikidata`);
- ``views``: the local pageviews API double, with the same made-up views every run;
- ``run``: claim the folder, give pywikibot its own folder, run every task, draw the chart;
- ``report``: what is printed afterwards;
- ``cli``: the command (``main``), with ``--serve`` and ``--dir``.
"""
