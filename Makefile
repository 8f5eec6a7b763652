# The two commands of the README. Each sets the machine up first (idempotent).
.PHONY: setup demo test unit bench bench-views bench-challenge

setup:
	@bash scripts/setup.sh

demo: setup
	.venv/bin/python bot.py demo

# Two workers, each with its own sandbox wikis; a test file stays on one worker (its
# module fixtures load their pages once). See CONTRIBUTING.md, "Tests" for the timings.
test: setup
	.venv/bin/python -m pytest -q -p no:cacheprovider -n 2 --dist loadfile tests

# The fast tier: pure tests, no wiki booted.
unit: setup
	.venv/bin/python -m pytest -q -p no:cacheprovider tests/unit

bench: setup
	.venv/bin/python bench/tally_bench.py

bench-views: setup
	.venv/bin/python bench/views_bench.py

bench-challenge: setup
	.venv/bin/python bench/challenge_bench.py
