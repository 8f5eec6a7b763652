"""The bot's tasks, the one list of them: name -> function of a runner Context.

`bot.py` hands this table to the runner, the scheduler, the config check and
`list`; nothing else names the tasks. The order is the order of `run all`.
"""
from tasks import challenge, notify, progress_report, status_table, tally, views

TASKS = {
    "tally": tally.run,
    "status-table": status_table.run,
    "progress-report": progress_report.run,
    "notify": notify.run,
    "views": views.run,
    "challenge": challenge.run,
}
#: What `run all` runs (SPEC): the publishing tasks; `views` is slow and weekly, run on its own.
RUN_ALL = ("tally", "status-table", "progress-report", "notify")
