"""The bot's memory: one SQLite state file with snapshots, notices posted, runs, page views.

:mod:`~wikigap.store.state` opens and migrates the file and keeps snapshots,
the notice record and the run history; :mod:`~wikigap.store.viewstore` keeps
page views as they are read; :mod:`~wikigap.store.tables` lets a wing above
keep its own tables in the file (the Challenge's, wikigap/challenge/store/);
:mod:`~wikigap.store.serialize` turns snapshots into JSON and back.

May import: the ground modules and :mod:`wikigap.count` (to join views onto
a snapshot), nothing above.
"""
