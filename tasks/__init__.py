"""The bot's tasks, registered by name; each is a function of a runner Context.

`bot.py run TASK…` and the scheduler look tasks up here, and nowhere else.
"""
from tasks import notify, progress_report, status_table, tally, views

TASKS = {
    "tally": tally.run,
    "status-table": status_table.run,
    "progress-report": progress_report.run,
    "notify": notify.run,
    "views": views.run,
}
