# The two commands of the README. Each sets the machine up first (idempotent).
.PHONY: setup demo test bench bench-views bench-challenge

setup:
	@bash scripts/setup.sh

demo: setup
	.venv/bin/python bot.py demo

test: setup
	.venv/bin/python -m pytest -q -p no:cacheprovider tests

bench: setup
	.venv/bin/python bench/tally_bench.py

bench-views: setup
	.venv/bin/python bench/views_bench.py

bench-challenge: setup
	.venv/bin/python bench/challenge_bench.py
