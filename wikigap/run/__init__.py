"""Running things: a task's context, the runner, the scheduler, ``bot.py list`` and ``check``.

:mod:`~wikigap.run.context` is what a task gets (config, wikis, state,
publisher); :mod:`~wikigap.run.runner` runs tasks under the campaign lock and
reports; :mod:`~wikigap.run.scheduler` runs them on their crontabs;
:mod:`~wikigap.run.listing` describes jobs and their last runs;
:mod:`~wikigap.run.check` is ``bot.py check`` (and every run's start check);
:mod:`~wikigap.run.logs` sends the log to its file and, with ``-v``, the console.

May import: every folder below. Nothing in ``wikigap`` imports it; ``bot.py``
and ``tasks/`` do.
"""
