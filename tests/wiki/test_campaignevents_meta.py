"""The CampaignEvents double in Meta's shape, on the session's meta and sv wikis, over real HTTP.

What Meta answers and the REL1_39 branch did not (registrations.md and the extension's master
branch): local times with their timezone, wikis, country codes and tracking tools; a required
include_private; hidden and vanished accounts as items without a name; errorKey in errors.
Each test seeds registrations of its own (ids come from the shared store) and derives the
expected numbers by hand.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
import requests

from sandbox.campaignevents import REL1_39, EventOrganizer, EventParticipant, EventRegistration

SIGNED_UP = datetime(2027, 2, 20, 12, 0)
META_KEYS = ['id', 'name', 'event_page', 'event_page_wiki', 'status', 'timezone', 'start_time',
             'end_time', 'types', 'wikis', 'topics', 'online_meeting', 'inperson_meeting',
             'meeting_country_code', 'meeting_address', 'is_test_event', 'tracks_contributions',
             'goal_type', 'goal_target', 'tracking_tools', 'questions']


def get(wiki, path: str, **params) -> requests.Response:
    return requests.get(f'{wiki.rest_url}/campaignevents/v0/event_registration/{path}',
                        params=params, timeout=30)


def people(prefix: str, count: int, **flags) -> list[EventParticipant]:
    return [EventParticipant(f'{prefix} {n:02d}', SIGNED_UP + timedelta(minutes=n), **flags)
            for n in range(1, count + 1)]


def event(title: str, **fields) -> EventRegistration:
    return EventRegistration(title, f'Event:{title}', datetime(2027, 3, 8, 10),
                             datetime(2027, 3, 8, 17), **fields)


def walk(wiki, rid: int) -> list[list[dict]]:
    """Every page a bot reads: from the start, after the last item, until an empty page."""
    pages, after = [], None
    while True:
        page = get(wiki, f'{rid}/participants', include_private='false',
                   last_participant_id=after).json()
        pages.append(page)
        if not page:
            return pages
        after = page[-1]['participant_id']


def test_a_registration_answers_in_its_own_local_time(sandbox):
    meta = sandbox['meta']
    rid = meta.add_registration(event(
        'Ce Kolkata 2027', timezone='Asia/Kolkata', wikis=('svwiki', 'enwiki'),
        meeting_country_code='IN', meeting_address='Park Street', in_person=True,
        chat_url='https://chat.example.org/kolkata',
        tracking_tools=(('wikimedia-pe-dashboard', 'Wikimedia_India/WikiGap_Kolkata'),)))
    body = get(meta, str(rid)).json()
    assert list(body) == META_KEYS + ['meeting_url']      # chat_url set: only its people see it
    assert body == {
        'id': rid, 'name': 'Ce Kolkata 2027', 'event_page': 'Event:Ce Kolkata 2027',
        'event_page_wiki': meta.wiki_id, 'status': 'open', 'timezone': 'Asia/Kolkata',
        'start_time': '20270308100000', 'end_time': '20270308170000', 'types': ['editing-event'],
        'wikis': ['svwiki', 'enwiki'], 'topics': [], 'online_meeting': True,
        'inperson_meeting': True, 'meeting_country_code': 'IN', 'meeting_address': 'Park Street',
        'is_test_event': False, 'tracks_contributions': False, 'goal_type': None,
        'goal_target': None, 'questions': [], 'meeting_url': None,
        'tracking_tools': [{'tool_id': 'wikimedia-pe-dashboard',
                            'tool_event_id': 'Wikimedia_India/WikiGap_Kolkata'}]}
    old = meta.add_registration(event('Ce Kolkata 1.39', timezone='Asia/Kolkata',
                                      meeting_country_code='IN', shape=REL1_39))
    assert get(meta, str(old)).json() == {      # UTC: 10:00 in Kolkata is 04:30 UTC
        'id': old, 'name': 'Ce Kolkata 1.39', 'event_page': 'Event:Ce Kolkata 1.39',
        'event_page_wiki': meta.wiki_id, 'chat_url': None, 'status': 'open',
        'start_time': '20270308043000', 'end_time': '20270308113000', 'online_meeting': True,
        'inperson_meeting': False, 'meeting_url': None, 'meeting_country': 'India',
        'meeting_address': None}


def test_an_offset_timezone_and_a_test_event(sandbox):
    meta = sandbox['meta']
    rid = meta.add_registration(event('Ce Offset', timezone='-06:00', is_test_event=True,
                                      wikis=('*',), status='closed'))
    body = get(meta, str(rid)).json()
    assert (body['timezone'], body['start_time'], body['end_time']) == \
        ('-06:00', '20270308100000', '20270308170000')
    assert (body['is_test_event'], body['wikis'], body['status']) == (True, ['*'], 'closed')
    assert body['chat_url'] is None and body['meeting_url'] is None


def test_participants_twenty_a_page_with_hidden_and_vanished_items(sandbox):
    """45 rows: 1 private and 1 cancelled never listed; 43 listed, 20 + 20 + 3, then []."""
    meta = sandbox['meta']
    rows = people('Ce Walk', 41) + [
        EventParticipant('Ce Walk hidden', SIGNED_UP, hidden=True),
        EventParticipant('Ce Walk gone', SIGNED_UP, not_found=True),
        EventParticipant('Ce Walk private', SIGNED_UP, private=True),
        EventParticipant('Ce Walk cancelled', SIGNED_UP, cancelled=True)]
    rows = rows[:10] + rows[41:] + rows[10:41]          # the odd ones among the first 20
    rid = meta.add_registration(event('Ce Walk', participants=tuple(rows)))
    pages = walk(meta, rid)
    assert [len(p) for p in pages] == [20, 20, 3, 0]
    items = [item for page in pages for item in page]
    ids = [item['participant_id'] for item in items]
    assert ids == sorted(ids) and len(set(ids)) == 43
    named = [item for item in items if 'user_name' in item]
    assert sorted(item['user_name'] for item in named) == [f'Ce Walk {n:02d}' for n in range(1, 42)]
    hidden = [item for item in items if item.get('hidden')]
    gone = [item for item in items if item.get('not_found')]
    assert len(hidden) == len(gone) == 1
    assert list(hidden[0]) == ['participant_id', 'user_id', 'user_registered_at',
                               'user_registered_at_formatted', 'private', 'hidden']
    assert 'user_name' not in gone[0] and 'user_page' not in gone[0]
    first = named[0]
    assert list(first) == ['participant_id', 'user_id', 'user_registered_at',
                           'user_registered_at_formatted', 'private', 'user_name', 'user_page']
    assert first['user_id'] == meta.create_users([first['user_name']])[first['user_name']]
    assert first['user_registered_at'] == '20270220120100'
    assert first['user_page']['title'].startswith('User:Ce Walk 01')


def test_include_private_is_required_and_true_is_refused(sandbox):
    meta = sandbox['meta']
    rid = meta.add_registration(event('Ce Private', participants=tuple(people('Ce Private', 2))))
    missing = get(meta, f'{rid}/participants')
    assert missing.status_code == 400
    keys = ('errorKey', 'error', 'name', 'failureCode', 'httpCode')
    assert {k: missing.json()[k] for k in keys} == {
        'errorKey': 'paramvalidator-missingparam', 'error': 'parameter-validation-failed',
        'name': 'include_private', 'failureCode': 'missingparam', 'httpCode': 400}
    assert get(meta, '99999999/participants').status_code == 400     # validated before the id
    garbage = get(meta, f'{rid}/participants', include_private='maybe').json()
    assert (garbage['failureCode'], garbage['httpCode']) == ('badbool', 400)
    refused = get(meta, f'{rid}/participants', include_private='true')
    assert refused.status_code == 403
    assert refused.json()['errorKey'] == 'campaignevents-rest-list-participants-cannot-see-private'
    assert len(get(meta, f'{rid}/participants', include_private='0').json()) == 2


def test_username_filter_and_exclude_users(sandbox):
    meta = sandbox['meta']
    rows = people('Ce Filter', 3) + [EventParticipant('Ce Filter hidden', SIGNED_UP, hidden=True),
                                     EventParticipant('Other Person', SIGNED_UP)]
    rid = meta.add_registration(event('Ce Filter', participants=tuple(rows)))
    found = get(meta, f'{rid}/participants', include_private='false',
                username_filter='cE fIlTeR').json()
    assert [item['user_name'] for item in found] == ['Ce Filter 01', 'Ce Filter 02', 'Ce Filter 03']
    empty = get(meta, f'{rid}/participants', include_private='false', username_filter='')
    assert (empty.status_code, empty.json()['errorKey']) == \
        (400, 'campaignevents-rest-list-participants-empty-filter')
    ids = meta.create_users(['Ce Filter 01', 'Other Person'])
    left = get(meta, f'{rid}/participants', include_private='false',
               exclude_users=f"{ids['Ce Filter 01']}|{ids['Other Person']}").json()
    assert [item.get('user_name') for item in left] == ['Ce Filter 02', 'Ce Filter 03', None]


def test_unknown_and_deleted_registrations(sandbox):
    meta = sandbox['meta']
    unknown = get(meta, '99999999')
    assert unknown.status_code == 404
    assert unknown.json() == {'errorKey': 'campaignevents-rest-event-not-found',
                              'messageTranslations': {'en': 'There is no event with this ID.'},
                              'httpCode': 404, 'httpReason': 'Not Found'}
    assert get(meta, '99999999/organizers').status_code == 404
    rid = meta.add_registration(event('Ce Deleted', deleted=True,
                                      participants=tuple(people('Ce Deleted', 2)),
                                      organizers=(EventOrganizer('Ce Deleted org'),)))
    deleted = get(meta, str(rid))
    assert (deleted.status_code, deleted.json()['errorKey']) == \
        (404, 'campaignevents-rest-get-registration-deleted')
    assert len(get(meta, f'{rid}/participants', include_private='false').json()) == 2
    assert [o['user_name'] for o in get(meta, f'{rid}/organizers').json()] == ['Ce Deleted org']


def test_organizers_eleven_a_page_hidden_ones_skipped(sandbox):
    """13 rows, the 3rd hidden: 10 items (11 rows), then 2, then []."""
    meta = sandbox['meta']
    orgs = [EventOrganizer(f'Ce Org {n:02d}', hidden=n == 3,
                           roles=('creator',) if n == 1 else ('organizer',)) for n in range(1, 14)]
    rid = meta.add_registration(event('Ce Organizers', organizers=tuple(orgs)))
    pages, after = [], None
    while True:
        page = get(meta, f'{rid}/organizers', last_organizer_id=after).json()
        pages.append(page)
        if not page:
            break
        after = page[-1]['organizer_id']
    assert [len(p) for p in pages] == [10, 2, 0]
    first = pages[0][0]
    assert list(first) == ['organizer_id', 'user_id', 'user_name', 'roles', 'user_page']
    assert (first['user_name'], first['roles']) == ('Ce Org 01', ['creator'])
    assert 'Ce Org 03' not in [o['user_name'] for p in pages for o in p]
    old = meta.add_registration(replace(event('Ce Organizers 1.39', organizers=tuple(orgs)),
                                        shape=REL1_39))
    assert get(meta, f'{old}/organizers').json()[0] == {'user_id': first['user_id'],
                                                        'roles': ['creator']}


def test_scripted_server_errors(sandbox):
    meta = sandbox['meta']
    broken = meta.add_registration(event('Ce Broken', fail_status=500,
                                         participants=tuple(people('Ce Broken', 1))))
    for path in (str(broken), f'{broken}/participants?include_private=false',
                 f'{broken}/organizers'):
        answer = get(meta, path)
        assert (answer.status_code, answer.json()['httpCode']) == (500, 500)
    flaky = meta.add_registration(event('Ce Flaky', fail_status=503, fail_on=('participants',)))
    assert get(meta, str(flaky)).status_code == 200
    answer = get(meta, f'{flaky}/participants', include_private='false')
    assert (answer.status_code, answer.json()['httpReason']) == (503, 'Service Unavailable')


def test_an_event_page_on_a_wikipedia(sandbox):
    """Both wikis serve the registration (one shared store); only sv's page view marks it."""
    sv, meta = sandbox['sv'], sandbox['meta']
    title = 'Event:Ce WikiGap Göteborg'
    sv.load_page(title, 'Ett evenemang.')
    meta.load_page(title, 'Same title, another wiki.')
    rid = sv.add_registration(EventRegistration('Ce WikiGap Göteborg', title,
                                                datetime(2027, 3, 8, 9), datetime(2027, 3, 8, 16),
                                                timezone='Europe/Stockholm', wikis=('svwiki',)))
    assert get(sv, str(rid)).json() == get(meta, str(rid)).json()
    assert get(sv, str(rid)).json()['event_page_wiki'] == sv.wiki_id == 'wg_sv'

    def marked(wiki) -> bool:
        html = requests.get(wiki.index_url, params={'title': title}, timeout=30).text
        return f'"wgCampaignEventsEventID":{rid}' in html

    assert marked(sv) and not marked(meta)


def test_page_views_mark_only_live_registrations(sandbox):
    meta = sandbox['meta']
    meta.load_pages([('Event:Ce Live', 'Live.'), ('Event:Ce Removed', 'Removed.'),
                     ('Event:Ce Nothing', 'No registration.')])
    meta.add_registration(event('Ce Live'))
    meta.add_registration(event('Ce Removed', deleted=True))

    def event_ids(title: str) -> int:
        html = requests.get(meta.index_url, params={'title': title}, timeout=30).text
        return html.count('"wgCampaignEventsEventID"')

    assert [event_ids(t) for t in ('Event:Ce Live', 'Event:Ce Removed', 'Event:Ce Nothing')] == \
        [1, 0, 0]


def test_one_rel139_registration_among_meta_ones(sandbox):
    """Hidden and vanished rows dropped after the limit, private ones listed, no parameter."""
    meta = sandbox['meta']
    rows = people('Ce Old', 19) + [EventParticipant('Ce Old hidden', SIGNED_UP, hidden=True),
                                   EventParticipant('Ce Old gone', SIGNED_UP, not_found=True),
                                   EventParticipant('Ce Old private', SIGNED_UP, private=True)]
    rid = meta.add_registration(event('Ce Old', shape=REL1_39,
                                      participants=tuple(rows[:5] + rows[19:] + rows[5:19])))
    first = get(meta, f'{rid}/participants')
    assert first.status_code == 200
    assert len(first.json()) == 18 and 'Ce Old private' in [i['user_name'] for i in first.json()]
    assert list(first.json()[0]) == ['participant_id', 'user_id', 'user_name',
                                     'user_registered_at', 'user_registered_at_formatted']
    assert [len(p) for p in walk(meta, rid)] == [18, 2, 0]
    assert 'errorKey' not in get(meta, f'{rid}/participants', username_filter='').json()


def test_a_reregistered_participant_keeps_their_row(sandbox):
    meta = sandbox['meta']
    first = event('Ce Again', participants=tuple(people('Ce Again', 2)))
    rid = meta.add_registration(first)
    before = get(meta, f'{rid}/participants', include_private='false').json()
    again = EventParticipant('Ce Again 01', datetime(2027, 3, 1, 8, 0))
    meta.add_registration(replace(first, id=rid, participants=(first.participants[1], again)))
    after = get(meta, f'{rid}/participants', include_private='false').json()
    assert [i['participant_id'] for i in after] == [i['participant_id'] for i in before]
    assert after[0]['user_registered_at'] == '20270301080000'


@pytest.mark.parametrize('name, has', [('meta', True), ('sv', True), ('en', False)])
def test_the_event_namespace_and_routes_are_on_meta_and_sv_only(sandbox, name, has):
    wiki = sandbox[name]
    spaces = wiki.api(action='query', meta='siteinfo', siprop='namespaces')['query']['namespaces']
    names = {key: spaces[key]['name'] for key in ('1728', '1729') if key in spaces}
    assert names == ({'1728': 'Event', '1729': 'Event talk'} if has else {})
    assert get(wiki, '99999999').status_code == 404
    assert ('errorKey' in get(wiki, '99999999').json()) is has
