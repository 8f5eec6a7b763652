#!/usr/bin/env python3
"""wikigapbot's command line: check, run tasks once, on a schedule, list, export, demo.

Exit status: 0 when every task succeeded, 1 when a task failed (the others
still ran) or a configured wiki did not answer the start-up check, 2 for a
usage or configuration error (the message names the file, the key and what is
wrong), 130 when Ctrl-C ended the run; a run that gave up waiting for the
campaign lock exits 0 when the holder is the previous run of the same tasks
within max_run_minutes, else 1. Logs go to ``logs/wikigapbot.log`` beside a
state file, or to standard error when the state is a database (Toolforge);
``-v`` shows them too. See README.md and
docs/ (pages.md, operating.md).
"""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

INTERRUPTED = 130   # 128 + SIGINT, as shells report Ctrl-C
STARTING = "interrupted before any task started; nothing was written"


_CTRL_C_WHILE_LOADING: list[int] = []


def _interrupted_while_loading(signum, frame):
    """Note Ctrl-C while the modules load (a second or two); the loading ends, then the bot.

    Stopping inside an import would leave pywikibot half-loaded, and its exit
    hook would print a traceback.
    """
    _CTRL_C_WHILE_LOADING.append(signum)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, _interrupted_while_loading)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tasks import RUN_ALL, TASKS  # noqa: E402
from wikigap import __version__  # noqa: E402
from wikigap.challenge.store.challengestore import ChallengeStore  # noqa: E402
from wikigap.challenge.write import export as challenge_export  # noqa: E402
from wikigap.challenge.write.board import RESEND_AWARD  # noqa: E402
from wikigap.config import ConfigError, config_path, load_config  # noqa: E402
from wikigap.run import check, listing, logs, runner, scheduler  # noqa: E402
from wikigap.run.context import Resend, RunOptions  # noqa: E402
from wikigap.store import copy as state_copy  # noqa: E402
from wikigap.store.engine import StateError, locate  # noqa: E402
from wikigap.store.lock import LockBusy  # noqa: E402
from wikigap.store.state import State  # noqa: E402
from wikigap.wikis import wiki  # noqa: E402
from wikigap.wikis.errors import Unreachable  # noqa: E402
from wikigap.write import export  # noqa: E402
from wikigap.write.notices import NOTICE_KINDS  # noqa: E402

ALL = list(RUN_ALL)

# multiprocessing (imported by APScheduler's pool executors) names __main__ a second
# time, as __mp_main__; pywikibot's verbose log header lists packages by path and
# raises on two names for one path, which would stop every run with verbose logging
# on. The bot starts no processes, so the alias is dropped.
if sys.modules.get("__mp_main__") is sys.modules.get("__main__"):
    sys.modules.pop("__mp_main__", None)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command; return the exit status."""
    args = parser().parse_args(argv)
    logs.to_console(args.verbose)
    try:
        return args.func(args)
    except ConfigError as err:
        print(f"configuration error: {err}", file=sys.stderr)
        return 2
    except LockBusy as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except Unreachable as err:   # the start-up check: the config is right, the wiki is down
        print(f"unreachable wiki: {err}", file=sys.stderr)
        return 1
    except UsageError as err:
        print(f"usage error: {err}", file=sys.stderr)
        return 2
    except runner.Interrupted as err:
        print(f"interrupted: {err}; run again to finish", file=sys.stderr)
        return INTERRUPTED
    except KeyboardInterrupt:
        print(STARTING, file=sys.stderr)
        return INTERRUPTED


class UsageError(Exception):
    """Options that do not go together; the message says how to write them."""


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="campaign YAML (default: $WIKIGAPBOT_CONFIG, "
                        "else campaigns/wikigap-2021.yaml)")
    common.add_argument("-v", "--verbose", action="store_true",
                        help="show the log on the console too, with debug detail")
    top = argparse.ArgumentParser(prog="bot.py", description=__doc__.splitlines()[0])
    top.add_argument("--version", action="version", version=f"wikigapbot {__version__}",
                     help="print the bot's version (see CHANGELOG.md) and exit")
    sub = top.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", parents=[common], help="run tasks once, in the order given")
    run.add_argument("tasks", nargs="+", choices=list(TASKS) + ["all"], metavar="TASK",
                     help=f"one or more of: {', '.join(TASKS)}, or all ({' '.join(ALL)})")
    run.add_argument("--dry-run", action="store_true",
                     help="write nothing; print each page diff and each notice")
    run.add_argument("--accept-fewer-events", action="store_true",
                     help="let the tally publish a registry with fewer than half the events "
                     "of the last published snapshot (after checking the registry page)")
    run.add_argument("--event", metavar="PAGE",
                     help="write only this event's (its sign-up page's table, its notices)")
    run.add_argument("--resend", metavar="PAGE", help="with notify: post this event's notice "
                     "again on purpose (recorded as a resend), and nothing else; with challenge "
                     "and --kind award: this contestant's award; needs --kind")
    run.add_argument("--kind", choices=[*NOTICE_KINDS, RESEND_AWARD], help="which notice")
    run.set_defaults(func=cmd_run)
    checking = sub.add_parser("check", parents=[common], help="check the config, password file, "
                              "templates and messages (and with --online the wikis and pages)")
    checking.add_argument("--online", action="store_true", help="also log in to each wiki and "
                          "read each configured page, its markers, the run page and goal lines")
    checking.set_defaults(func=cmd_check)
    sub.add_parser("schedule", parents=[common], help="run tasks on the config's crontabs "
                   "until stopped").set_defaults(func=cmd_schedule)
    sub.add_parser("list", parents=[common], help="list tasks, schedules, next and last runs"
                   ).set_defaults(func=cmd_list)
    export = sub.add_parser("export", parents=[common], help="write the latest snapshot")
    export.add_argument("--what", default="articles", choices=[
                        "articles", "events", "participants", "notices", "challenge"], help="articles (default), per-event summary, "
                        "participants per event, the record of notices, or the Challenge's "
                        "latest board")
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--excel", action="store_true",
                        help="CSV for Excel: UTF-8 with a byte order mark, ';' between cells")
    export.add_argument("--out", help="file to write (default: standard output)")
    export.set_defaults(func=cmd_export)
    add_state_parser(sub, common)
    demo = sub.add_parser("demo", parents=[common], help="run everything on local sandbox wikis")
    demo.add_argument("--serve", action="store_true", help="keep the wikis up until Ctrl-C")
    demo.add_argument("--dir", help="folder for the sandbox wikis (default: a temporary one)")
    demo.set_defaults(func=cmd_demo)
    return top


def add_state_parser(sub, common: argparse.ArgumentParser) -> None:
    """`bot.py state copy`: move the campaign's state between a file and a database."""
    state = sub.add_parser("state", help="move the campaign's state between a file and a database")
    actions = state.add_subparsers(dest="action", required=True)
    copy = actions.add_parser("copy", parents=[common], help="copy every table of the state to an "
                              "empty file or database and verify the counts")
    copy.add_argument("--to", required=True, metavar="PATH_OR_URL",
                      help="a SQLite path, or mysql://USER@HOST[:PORT]/DATABASE (the password "
                      "from WIKIGAPBOT_STATE_PASSWORD or ~/replica.my.cnf)")
    copy.add_argument("--from", dest="source", metavar="PATH_OR_URL",
                      help="the state to copy (default: the config's, or $WIKIGAPBOT_STATE)")
    copy.set_defaults(func=cmd_state_copy)


def _config(args):
    return load_config(config_path(args.config), TASKS)


def _checked_config(args):
    """Do `check`'s offline part, as every run starts: print each ✗ line; None when any failed.

    When all is well, the log file under the state folder is opened.
    """
    config, checks = check.offline(config_path(args.config), TASKS)
    failed = [c for c in checks if not c.ok]
    for item in failed:
        print(item, file=sys.stderr)
    if failed or config is None:
        return None
    logs.for_state(config, args.verbose)
    return config


def cmd_check(args) -> int:
    """Print one line per item; exit 0 when all are ✓, 2 for an offline ✗, else 1."""
    config, offline = check.offline(config_path(args.config), TASKS)
    for item in offline:
        print(item)
    if config is not None:
        logs.for_state(config, args.verbose)
    online = []
    if args.online and config is not None and check.can_go_online(offline):
        online = check.online(config)
    elif args.online:
        print("– the wikis were not asked: a run could not log in until the ✗ lines above are fixed")
    for item in online:
        print(item)
    failed = sum(not c.ok for c in offline + online)
    scope = "" if args.online else " (offline; --online also asks the wikis)"
    print(f"{failed} of {len(offline + online)} checks failed" if failed
          else f"all {len(offline + online)} checks passed{scope}")
    return check.exit_status(offline, online)


def cmd_run(args) -> int:
    config = _checked_config(args)
    if config is None:
        return 2
    names = [t for name in args.tasks for t in (ALL if name == "all" else [name])]
    options = run_options(args, names)
    wiki.check_reachable(config)
    try:
        return runner.run_tasks(config, names, TASKS, dry_run=args.dry_run,
                                options=options).status
    except LockBusy as err:
        return gave_up_waiting(err, " ".join(names), config.max_run_minutes)


def gave_up_waiting(err: LockBusy, names: str, max_run_minutes: int) -> int:
    """Say once that another run holds the lock; 0 for an overlap of one schedule, else 1.

    An hourly job whose previous run is still working within ``max_run_minutes``
    is normal (no failure mail); a holder that has run longer is stuck.
    """
    if err.overlap(names, max_run_minutes):
        print(f"not run: {err} (the previous run of the same tasks, within "
              f"max_run_minutes = {max_run_minutes})")
        return 0
    print(f"error: {err}", file=sys.stderr)
    return 1


def run_options(args, names: list[str]) -> RunOptions:
    """Check the run's options against its tasks; a misuse is a usage error (exit 2)."""
    if (args.resend is None) != (args.kind is None):
        raise UsageError("--resend PAGE and --kind results|problems go together "
                         "(or --resend USER --kind award with challenge)")
    if args.kind == RESEND_AWARD and "challenge" not in names:
        raise UsageError("--kind award posts a Challenge award notice again: run it with the "
                         "challenge task (bot.py run challenge --resend USER --kind award)")
    if args.resend is not None and args.kind != RESEND_AWARD and "notify" not in names:
        raise UsageError("--resend posts a notice: run it with the notify task "
                         "(bot.py run notify --resend PAGE --kind KIND)")
    if args.resend is not None and args.event is not None:
        raise UsageError("--resend already names its event; leave out --event")
    resend = Resend(args.resend, args.kind) if args.resend is not None else None
    return RunOptions(accept_fewer_events=args.accept_fewer_events, event=args.event,
                      resend=resend)


def cmd_schedule(args) -> int:
    config = _checked_config(args)
    if config is None:
        return 2
    wiki.check_reachable(config)
    return scheduler.serve(config, TASKS)


def cmd_list(args) -> int:
    print(listing.describe(_config(args), TASKS))
    return 0


def cmd_export(args) -> int:
    config = _config(args)
    where = locate(config.state_ref)
    if not where.exists():
        print(f"error: no state at {where}; run 'python bot.py run tally' first",
              file=sys.stderr)
        return 1
    with State(where) as state:
        snapshot = state.published_snapshot(config.name)
        notices = state.notices()
        board = (ChallengeStore.of(state).latest_board(config.challenge.name)
                 if config.challenge else None)
    if args.excel and args.format != "csv":
        raise UsageError("--excel is for CSV only; use --format csv")
    if args.what == "challenge":
        if board is None:
            print(f"error: no Challenge board in {where} (the config needs a "
                  "'challenge' block); run 'python bot.py run challenge' first", file=sys.stderr)
            return 1
        text = challenge_export.export_challenge(board, args.format, args.excel)
    elif args.what == "notices":
        text = export.export_notices(notices, args.format, args.excel)
    elif snapshot is None:
        print(f"error: no snapshot for '{config.name}' in {where}; "
              "run 'python bot.py run tally' first", file=sys.stderr)
        return 1
    else:
        render = {"articles": export.export_articles, "events": export.export_events,
                  "participants": export.export_participants}[args.what]
        text = render(snapshot, args.format, args.excel)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_state_copy(args) -> int:
    """Copy the state (the config's, or --from) to --to; 1 when the target is not empty or a count differs."""
    source = args.source or _config(args).state_ref
    try:
        counts = state_copy.copy_state(source, args.to)
    except (state_copy.CopyError, StateError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"copied {sum(counts.values())} rows in {len(counts)} tables from {locate(source)} "
          f"to {locate(args.to)}; every count is equal")
    return 0


def cmd_demo(args) -> int:
    """Run the demo. It (and the sandbox through it, developer tooling) is imported here, so
    no production command loads it."""
    from demo import cli as demo_cli
    return demo_cli.main(serve=args.serve, folder=args.dir)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)   # from here on: KeyboardInterrupt
    if _CTRL_C_WHILE_LOADING:
        print(STARTING, file=sys.stderr)
        sys.exit(INTERRUPTED)
    sys.exit(main())
