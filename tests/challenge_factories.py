"""The WikiGap Challenge's configs for pure tests: the issue's 2021 block, and one-key changes of it."""
from __future__ import annotations

import copy

import yaml

from wikigap.challenge.contest import ChallengeConfig, parse_challenge

BLOCK_2021 = """
challenge:
  name: WikiGap Challenge 2021
  wiki: meta
  page: WikiGap Challenge/2021
  participants_section: Participants
  first_day: 2021-03-08
  last_day: 2021-04-08
  wikis: any
  women_only: true
  rules:
    - {kind: bytes_at_least, bytes: 2000, points: 1}
    - {kind: sources_and_links, refs: 3, links: 1, points: 1}
  bonus: {page: WikiGap Challenge/2021/Bonus, mode: add, points: 1}
  cap_per_article: null
  adjustments: {page: WikiGap Challenge/2021/Adjustments, template: WikiGap adjustment}
  leaderboard: {page: WikiGap Challenge/2021/Leaderboard, marker: leaderboard}
  results: {page: WikiGap Challenge/2021/Results draft, top: 10}
  settle_hours: 24
  awards: {top: 3, confirm_page: WikiGap Challenge/2021/Confirm}
"""
BASE = yaml.safe_load(BLOCK_2021)["challenge"]


def changed(path: str, value=None, delete: bool = False) -> dict:
    """Copy the 2021 block with one key (dotted, list indexes as numbers) set or deleted."""
    raw = copy.deepcopy(BASE)
    *parents, last = path.split(".")
    node = raw
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if delete:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return raw


def config(**overrides) -> ChallengeConfig:
    """Parse the 2021 block with top-level keys replaced (a key set to ... is deleted)."""
    raw = {**copy.deepcopy(BASE), **overrides}
    return parse_challenge({k: v for k, v in raw.items() if v is not ...})
