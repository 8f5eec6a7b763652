"""The bot's memory: snapshots, notices posted, runs, page views — a SQLite file or a MariaDB database.

:mod:`~wikigap.store.state` opens the state and keeps snapshots, the notice
record and the run history; :mod:`~wikigap.store.schema` defines every table
once for both backends (SQLAlchemy Core) and upgrades older states;
:mod:`~wikigap.store.engine` reads the ``state`` value (a path or a
``mysql://`` URL) and the database password; :mod:`~wikigap.store.lock`
keeps runs of one campaign apart; :mod:`~wikigap.store.copy` moves a state
between backends; :mod:`~wikigap.store.viewstore` keeps page views as they
are read; :mod:`~wikigap.store.serialize` turns snapshots into JSON and back.
A wing above keeps its own tables (the Challenge's:
:mod:`~wikigap.challenge.store.challengestore`) through
:func:`~wikigap.store.state.register_tables`.

May import: the ground modules, :mod:`wikigap.count` (to join views onto
a snapshot) and :mod:`wikigap.wikis` (the redactor, API shapes), nothing above.
"""
