# The README's two commands (demo, test) and the developer's (unit, lint, the benchmarks).
# Each sets the machine up first (idempotent).
.PHONY: setup demo test unit lint bench bench-views bench-challenge

setup:
	@bash scripts/setup.sh

demo: setup
	.venv/bin/python bot.py demo

# Two workers, each with its own sandbox wikis; a test file stays on one worker (its
# module fixtures load their pages once); files longest first (tests/conftest.py, kept by
# --no-loadscope-reorder). See CONTRIBUTING.md, "Tests" for the timings.
test: setup
	.venv/bin/python -m pytest -q -p no:cacheprovider -n 2 --dist loadfile --no-loadscope-reorder tests

# The fast tier: pure tests, no wiki booted.
unit: setup
	.venv/bin/python -m pytest -q -p no:cacheprovider tests/unit

# Lint (ruff) and types (mypy) with pyproject.toml's settings; both must find nothing.
LINTED = wikigap tasks bot.py
lint: setup
	.venv/bin/ruff check --no-cache $(LINTED)
	.venv/bin/mypy --cache-dir=/dev/null $(LINTED)

bench: setup
	.venv/bin/python bench/tally_bench.py

bench-views: setup
	.venv/bin/python bench/views_bench.py

bench-challenge: setup
	.venv/bin/python bench/challenge_bench.py
