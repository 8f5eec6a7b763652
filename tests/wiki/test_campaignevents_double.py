"""The sandbox's CampaignEvents double answers in the REL1_39 shape as the real extension did.

The recorded wiki's data (tests/data/campaignevents/README.md) is seeded into a wiki of its
own, so registration and participant ids come out of the store as they came out of the real
tables: registration 1 with P01 first, then registration 2 with P01, then the other
participants of 1, then 2 deleted. The participants' central ids are the recorded ones (the
recorded wiki had no bot account, so its accounts' ids are one lower than a sandbox's).
Every recorded GET is then sent over HTTP to the real PHP server and its status, content type
and body (keys in order) compared. Meta's shape is tested in test_campaignevents_meta.py.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
import requests

from sandbox import ADMIN_USER, Sandbox
from sandbox.campaignevents import REL1_39, EventOrganizer, EventParticipant, EventRegistration

RECORDED = Path(__file__).parents[1] / 'data' / 'campaignevents'
RECORDED_WIKI_ID = 'my_wiki'
GETS = sorted(p.stem for p in RECORDED.glob('[1-4]*.json'))


def recorded(name: str) -> dict:
    return json.loads((RECORDED / f'{name}.json').read_text(encoding='utf-8'))


def listed() -> list[dict]:
    """The 23 participants the recording lists, pages 1 and 2."""
    return recorded('20_participants_page1')['body'] + recorded('21_participants_page2')['body']


def _participants() -> tuple[EventParticipant, ...]:
    """Registration 1's rows: P01-P05, the two unlisted rows (participant ids 7 and 8, users
    8 and 9: a suppressed account and Dave, who cancelled), then P06-P23."""
    people = [EventParticipant(i['user_name'], datetime.strptime(i['user_registered_at'],
                                                                 '%Y%m%d%H%M%S'),
                               user_id=i['user_id']) for i in listed()]
    unlisted = [EventParticipant('Suppressed', datetime(2026, 12, 1, 21, 26, 9), hidden=True,
                                 user_id=8),
                EventParticipant('Dave', datetime(2026, 12, 1, 21, 26, 10), cancelled=True,
                                 user_id=9)]
    return tuple(people[:5] + unlisted + people[5:])


@pytest.fixture(scope='module')
def recorded_wiki(tmp_path_factory):
    """A wiki of its own holding the recorded registrations, answering in the REL1_39 shape."""
    sb = Sandbox(tmp_path_factory.mktemp('recorded'))
    wiki = sb.add('meta')
    with sb:
        sb.start()
        wiki.event_store.set_shape(REL1_39)
        creator = EventOrganizer(ADMIN_USER, roles=('creator',))   # account 1, as recorded
        people = _participants()
        trial = EventRegistration(
            'WikiGap Trial 2026', 'Event:WikiGap Trial 2026', datetime(2027, 3, 8, 10),
            datetime(2027, 3, 8, 18), timezone='Europe/Stockholm', organizers=(creator,),
            chat_url='https://chat.example.org/wikigap', online=True, in_person=True,
            meeting_url='https://meet.example.org/wikigap', meeting_country_code='SE',
            meeting_address='Stockholm', participants=people[:1])
        gone = EventRegistration('WikiGap Deleted Trial', 'Event:WikiGap Deleted Trial',
                                 datetime(2027, 3, 9, 10), datetime(2027, 3, 9, 18),
                                 organizers=(creator,), participants=people[:1])
        wiki.load_pages([(trial.event_page, 'The trial.'), (gone.event_page, 'Gone.')])
        first = wiki.add_registration(trial)
        second = wiki.add_registration(gone)
        wiki.add_registration(replace(trial, id=first, participants=people))
        wiki.add_registration(replace(gone, id=second, deleted=True))
        assert (first, second) == (1, 2)
        yield wiki


def _key_order(value):
    """Every object's keys in order, nested, so two bodies compare in order too."""
    if isinstance(value, dict):
        return [(key, _key_order(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_key_order(item) for item in value]
    return None


def _ours(body, wiki):
    """The recorded body with the recorded wiki's id replaced by this wiki's."""
    if isinstance(body, dict) and body.get('event_page_wiki') == RECORDED_WIKI_ID:
        return {**body, 'event_page_wiki': wiki.wiki_id}
    return body


@pytest.mark.parametrize('name', GETS)
def test_every_recorded_answer_is_given_again(recorded_wiki, name):
    rec = recorded(name)
    assert rec['method'] == 'GET'
    answer = requests.get(f'http://127.0.0.1:{recorded_wiki.port}{rec["url"]}', timeout=30)
    assert answer.status_code == rec['status']
    assert answer.headers['Content-Type'] == rec['content_type']
    expected = _ours(rec['body'], recorded_wiki)
    assert answer.json() == expected
    assert _key_order(answer.json()) == _key_order(expected)


def test_the_recorded_pages_are_what_a_bot_walks(recorded_wiki):
    """19 (a hidden row among the first 20), then 4, then the empty page that ends it."""
    base = f'{recorded_wiki.rest_url}/campaignevents/v0/event_registration/1/participants'
    pages, after = [], None
    while True:
        page = requests.get(base, params={'include_private': 'false', 'last_participant_id': after},
                            timeout=30).json()
        pages.append(len(page))
        if not page:
            break
        after = page[-1]['participant_id']
    assert pages == [19, 4, 0]


def test_a_viewed_event_page_holds_its_registration_id_as_recorded(recorded_wiki):
    findings = recorded('50_event_page_html_findings')

    def view(title: str) -> str:
        return requests.get(recorded_wiki.index_url, params={'title': title}, timeout=30).text

    trial = view('Event:WikiGap Trial 2026')
    ids = re.findall(r'"wgCampaignEventsEventID":(\d+)', trial)
    assert ids == findings['wgCampaignEventsEventID']
    assert sorted(set(re.findall(r'Special:EventDetails/\d+', trial))) == \
        findings['EventDetails_links']
    assert re.findall(r'"wgCampaignEventsEventID":(\d+)', view('Event:WikiGap Deleted Trial')) == \
        findings['deleted_page_wgCampaignEventsEventID']
    parsed = recorded_wiki.api(action='parse', page='Event:WikiGap Trial 2026', prop='jsconfigvars')
    assert parsed['parse']['jsconfigvars'] == findings['api_parse_jsconfigvars']
    props = recorded_wiki.api(action='query', prop='pageprops', titles='Event:WikiGap Trial 2026')
    assert props['query']['pages'][0].get('pageprops') == findings['api_pageprops']
