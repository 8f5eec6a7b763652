"""What the sandbox writes for the CampaignEvents double: times, ids and refusals (no wiki).

``record`` turns an EventRegistration into the file's row; the wiki tests check what the
extension answers from it.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from sandbox.campaignevents import (NOT_FOUND_IDS, EventParticipant, EventRegistration,
                                    RegistrationStore, check_registration, record)

EMPTY = {'shape': 'meta', 'registrations': {}}
ACCOUNTS = {'Ana': 11, 'Bo': 12, 'Cy': 13}


def reg(**fields) -> EventRegistration:
    return EventRegistration(**{'name': 'Trial', 'event_page': 'Event:Trial',
                                'start': datetime(2027, 3, 8, 10),
                                'end': datetime(2027, 3, 8, 23, 30), **fields})


def stored(*records: dict) -> dict:
    return {'shape': 'meta', 'registrations': {str(r['id']): r for r in records}}


@pytest.mark.parametrize('zone, start_utc, end_utc', [
    ('Asia/Kolkata', '20270308043000', '20270308180000'),
    ('+05:30', '20270308043000', '20270308180000'),
    ('America/Mexico_City', '20270308160000', '20270309053000'),
    ('-06:00', '20270308160000', '20270309053000'),
    ('Europe/Stockholm', '20270308090000', '20270308223000'),
])
def test_wall_times_are_kept_local_and_converted_to_utc(zone, start_utc, end_utc):
    row = record(reg(timezone=zone), EMPTY, 'wg_meta', {})
    assert (row['timezone'], row['start_local'], row['end_local']) == \
        (zone, '20270308100000', '20270308233000')
    assert (row['start_utc'], row['end_utc']) == (start_utc, end_utc)


def test_an_aware_start_is_converted_into_the_events_zone():
    start = datetime(2027, 3, 8, 4, 30, tzinfo=timezone.utc)
    row = record(reg(timezone='Asia/Kolkata', start=start), EMPTY, 'wg_meta', {})
    assert (row['start_local'], row['start_utc']) == ('20270308100000', '20270308043000')


def test_ids_are_global_and_a_user_keeps_their_row_when_replaced():
    one = record(reg(participants=(EventParticipant('Ana', datetime(2027, 1, 1)),)),
                 EMPTY, 'wg_meta', ACCOUNTS)
    two = record(reg(name='Second', participants=(EventParticipant('Bo', datetime(2027, 1, 2)),)),
                 stored(one), 'wg_sv', ACCOUNTS)
    assert (one['id'], two['id']) == (1, 2)
    assert [p['participant_id'] for p in one['participants'] + two['participants']] == [1, 2]
    again = record(reg(id=1, participants=(EventParticipant('cy', datetime(2027, 1, 3)),
                                           EventParticipant('Ana', datetime(2027, 2, 1)))),
                   stored(one, two), 'wg_meta', ACCOUNTS)
    rows = {p['user_name']: p for p in again['participants']}
    assert (rows['Ana']['participant_id'], rows['Ana']['registered_at']) == (1, '20270201000000')
    assert (rows['Cy']['participant_id'], rows['Cy']['user_id']) == (3, 13)
    assert two['event_page_wiki'] == 'wg_sv'


def test_vanished_accounts_get_an_id_no_account_has():
    row = record(reg(participants=(EventParticipant('Gone', datetime(2027, 1, 1), not_found=True),
                                   EventParticipant('Bo', datetime(2027, 1, 1), user_id=77))),
                 EMPTY, 'wg_meta', {})
    assert [p['user_id'] for p in row['participants']] == [NOT_FOUND_IDS + 1, 77]


def test_the_rel139_country_is_its_english_name():
    row = record(reg(meeting_country_code='SE', event_page='Event:Trial_2027'), EMPTY, 'x', {})
    assert (row['meeting_country_code'], row['meeting_country'], row['event_page']) == \
        ('SE', 'Sweden', 'Event:Trial 2027')


@pytest.mark.parametrize('fields, says', [
    ({'event_page': 'Trial'}, "prefix the title with 'Event:'"),
    ({'status': 'past'}, 'use one of open, closed'),
    ({'shape': '1.39'}, 'use one of meta, REL1_39'),
    ({'fail_status': 404}, 'give a 5xx status'),
    ({'fail_on': ('contributions',)}, 'use one of registration, participants, organizers'),
    ({'timezone': 'Mars/Olympus'}, 'neither an IANA name'),
    ({'end': datetime(2027, 3, 7)}, 'swap them'),
    ({'participants': (EventParticipant('ana', datetime(2027, 1, 1)),
                       EventParticipant('Ana', datetime(2027, 1, 2)))}, 'listed twice'),
    ({'participants': (EventParticipant('Ana', datetime(2027, 1, 1), hidden=True,
                                        not_found=True),)}, 'choose one'),
])
def test_seeding_refuses_what_the_extension_could_not_hold(fields, says):
    with pytest.raises(ValueError, match=says):
        check_registration(reg(**fields))


def test_the_store_file_is_replaced_whole(tmp_path):
    store = RegistrationStore(tmp_path / 'campaignevents.json')
    assert store.read() == EMPTY
    rid = store.put(lambda data: record(reg(), data, 'wg_meta', {}))
    store.set_shape('REL1_39')
    data = store.read()
    assert (rid, data['shape'], list(data['registrations'])) == (1, 'REL1_39', ['1'])
    store.put(lambda data: record(replace(reg(), id=1, deleted=True), data, 'wg_meta', {}))
    assert store.read()['registrations']['1']['deleted'] is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ['campaignevents.json',
                                                         'campaignevents.json.lock']
    with pytest.raises(ValueError, match='use one of meta, REL1_39'):
        store.set_shape('1.39')
