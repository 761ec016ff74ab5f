"""Tests of timekpr-bot-helper.py (see PROTOCOL.md): its pure parts, its answers over a fake bus, and the real
program as a subprocess. Run from the repository root: /usr/bin/python3 -m unittest discover -s helper -p 'test_*.py'
"""

import base64
import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import types
import unittest
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
HELPER_PATH = os.path.join(HERE, 'timekpr-bot-helper.py')
PYTHON = '/usr/bin/python3' if os.path.exists('/usr/bin/python3') else sys.executable
SYSTEM_BUS_SOCKET = '/run/dbus/system_bus_socket'
REAL_BUS_CHILD = 'tkleo'  # a child of test/host/host.sh, known to its timekprd and not logged in


def load_helper():
    spec = importlib.util.spec_from_file_location('timekpr_bot_helper', HELPER_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


helper = load_helper()

try:
    import dbus
except ImportError:
    dbus = None


def line(value):
    return json.dumps(value).encode()


class ParseRequestTest(unittest.TestCase):
    def assert_valid(self, request):
        parsed, error, request_id = helper.parse_request(line(request))
        self.assertIsNone(error)
        self.assertEqual(parsed, request)
        self.assertEqual(request_id, request['id'])

    def assert_invalid(self, raw, expected_id=None):
        raw = raw if isinstance(raw, bytes) else line(raw)
        parsed, error, request_id = helper.parse_request(raw)
        self.assertIsNone(parsed, raw[:80])
        self.assertEqual(error['kind'], 'invalid-request')
        self.assertIsInstance(error['message'], str)
        self.assertEqual(request_id, expected_id, raw[:80])

    def test_every_op_with_its_exact_fields(self):
        self.assert_valid({'id': 0, 'op': 'hello'})
        self.assert_valid({'id': 2147483647, 'op': 'users'})
        self.assert_valid({'id': 3, 'op': 'info', 'user': 'mia'})
        self.assert_valid({'id': 4, 'op': 'subscribe'})
        for operation in '+-=':
            self.assert_valid({'id': 5, 'op': 'set', 'user': 'leo', 'operation': operation, 'seconds': 60})

    def test_seconds_bounds(self):
        self.assert_valid({'id': 1, 'op': 'set', 'user': 'leo', 'operation': '=', 'seconds': 0})
        self.assert_valid({'id': 1, 'op': 'set', 'user': 'leo', 'operation': '=', 'seconds': 86400})
        for seconds in (86401, -1, 10 ** 30, 60.0, 1.5, True, '60', None, [60]):
            self.assert_invalid({'id': 1, 'op': 'set', 'user': 'leo', 'operation': '+', 'seconds': seconds}, 1)
        self.assert_invalid(b'{"id":1,"op":"set","user":"leo","operation":"+","seconds":1e2}', 1)

    def test_id_must_be_a_plain_int_in_range(self):
        for request_id in (True, False, -1, 2147483648, 10 ** 30, 1.0, '1', None, [1]):
            self.assert_invalid({'id': request_id, 'op': 'hello'}, None)
        self.assert_invalid({'op': 'hello'}, None)

    def test_login_names(self):
        for user in ('_', 'a', 'tk-mia_2', 'a' * 32):
            self.assert_valid({'id': 1, 'op': 'info', 'user': user})
        bad = ('', 'a' * 33, 'Mia', 'mia;reboot', '$(reboot)', 'mi a', 'mia\n', '\nmia', '-mia', '1mia', 'mia.x',
               'mïa', 'mia\x00', 5, None, ['mia'])
        for user in bad:
            self.assert_invalid({'id': 1, 'op': 'info', 'user': user}, 1)

    def test_operation(self):
        for operation in ('*', '', '++', '+ ', 1, None):
            self.assert_invalid({'id': 1, 'op': 'set', 'user': 'leo', 'operation': operation, 'seconds': 1}, 1)

    def test_exact_field_sets(self):
        self.assert_invalid({'id': 1, 'op': 'hello', 'user': 'mia'}, 1)
        self.assert_invalid({'id': 1, 'op': 'users', 'extra': 1}, 1)
        self.assert_invalid({'id': 1, 'op': 'info'}, 1)
        self.assert_invalid({'id': 1, 'op': 'set', 'user': 'leo', 'operation': '+'}, 1)
        self.assert_invalid({'id': 1, 'op': 'set', 'user': 'leo', 'seconds': 1}, 1)
        self.assert_invalid({'id': 1, 'op': 'set', 'user': 'leo', 'operation': '+', 'seconds': 1, 'x': 0}, 1)
        self.assert_invalid({'id': 1, 'op': 'subscribe', 'user': 'mia'}, 1)
        self.assert_invalid({'id': 1}, 1)

    def test_unknown_ops(self):
        for op in ('setAllowedHours', 'getUserInformation', 'setTimeLeft', 'HELLO', '', None, 1, ['hello']):
            self.assert_invalid({'id': 9, 'op': op}, 9)

    def test_not_a_json_object(self):
        for raw in (b'', b' ', b'hello', b'{"id":1,"op":"hello"', b'[1]', b'1', b'"hello"', b'null',
                    b'{"id":1,"op":"hello"} x', b"{'id':1,'op':'hello'}", b'\xff\xfe', b'\xef\xbb\xbf{}',
                    b'[' * 100000):
            self.assert_invalid(raw, None)

    def test_nan_and_infinity_are_not_json(self):
        for constant in (b'NaN', b'Infinity', b'-Infinity'):
            self.assert_invalid(b'{"id":1,"op":"set","user":"a","operation":"+","seconds":%s}' % constant, None)

    def test_duplicate_keys(self):
        self.assert_invalid(b'{"id":1,"op":"hello","op":"hello"}', None)
        self.assert_invalid(b'{"id":1,"op":"info","user":"mia","user":"leo"}', None)

    def test_set_playtime_is_checked_like_set(self):
        for operation in '+-=':
            for seconds in (0, 60, 86400):
                self.assert_valid({'id': 6, 'op': 'set-playtime', 'user': 'leo', 'operation': operation,
                                   'seconds': seconds})
        for seconds in (86401, -1, 60.0, True, '60', None):
            self.assert_invalid({'id': 6, 'op': 'set-playtime', 'user': 'leo', 'operation': '+', 'seconds': seconds}, 6)
        for operation in ('*', '', 1, None):
            self.assert_invalid({'id': 6, 'op': 'set-playtime', 'user': 'leo', 'operation': operation, 'seconds': 1}, 6)
        self.assert_invalid({'id': 6, 'op': 'set-playtime', 'user': 'leo', 'operation': '+'}, 6)
        self.assert_invalid({'id': 6, 'op': 'set-playtime', 'user': 'Leo', 'operation': '+', 'seconds': 1}, 6)
        self.assert_invalid({'id': 6, 'op': 'setPlayTimeLeft', 'user': 'leo', 'operation': '+', 'seconds': 1}, 6)

    def test_surrounding_whitespace_and_carriage_return_are_json_whitespace(self):
        parsed, error, _ = helper.parse_request(b' {"id":1,"op":"hello"}\r')
        self.assertIsNone(error)
        self.assertEqual(parsed['op'], 'hello')


def hour(number, from_minute=0, to_minute=60, accounted=True):
    return {'hour': number, 'fromMinute': from_minute, 'toMinute': to_minute, 'accounted': accounted}


def activity(mask, description='Game'):
    return {'mask': mask, 'description': description}


# One valid value of every set-rules field, in the order they are written.
ALL_RULES = {
    'allowedDays': [1, 2, 3, 4, 5, 6, 7],
    'dayLimits': [3600, 3600, 3600, 3600, 7200, 10800, 10800],
    'hours': [{'day': 1, 'hours': [hour(7, 30), hour(8), hour(14, 0, 45, False), hour(23)]},
              {'day': 6, 'hours': [hour(0, 0, 1)]}],
    'weekLimit': 36000,
    'monthLimit': 144000,
    'lockout': {'type': 'suspendwake', 'wake': {'fromHour': 7, 'toHour': 18}},
    'playTimeEnabled': True,
    'playTimeOverride': False,
    'playTimeInFreeIntervals': True,
    'playTimeDays': [6, 7],
    'playTimeLimits': [3600, 0],
    'playTimeActivities': [activity('steam'), activity('mc.*', "Minecraft: Mia's world & more!"),
                           activity('^Game-1_x+?', 'Spiel für Lëo 2')],
}


class SetRulesRequestTest(unittest.TestCase):
    def request(self, rules):
        return {'id': 11, 'op': 'set-rules', 'user': 'leo', 'rules': rules}

    def assert_valid(self, rules):
        parsed, error, request_id = helper.parse_request(line(self.request(rules)))
        self.assertIsNone(error, rules)
        self.assertEqual((parsed['rules'], request_id), (rules, 11))

    def assert_invalid(self, rules, where):
        """Invalid, and the message names where: `rules.allowedDays[2]`, `rules.lockout.wake`, ..."""
        parsed, error, request_id = helper.parse_request(line(self.request(rules)))
        self.assertIsNone(parsed, rules)
        self.assertEqual((error['kind'], request_id), ('invalid-request', 11))
        self.assertTrue(error['message'].startswith(where + ' '), (where, error['message']))

    def test_every_field_alone_and_all_together(self):
        for name, value in ALL_RULES.items():
            self.assert_valid({name: value})
        self.assert_valid(ALL_RULES)

    def test_field_values_at_their_bounds(self):
        for days in ([], [1], [7], [2, 5]):
            self.assert_valid({'allowedDays': days, 'playTimeDays': days})
        for limits in ([], [0], [86400] * 7):
            self.assert_valid({'dayLimits': limits, 'playTimeLimits': limits})
        self.assert_valid({'weekLimit': 0, 'monthLimit': 0})
        self.assert_valid({'weekLimit': 604800, 'monthLimit': 2678400})
        whole_days = [hour(number) for number in range(24)]
        self.assert_valid({'hours': [{'day': day, 'hours': whole_days} for day in range(7, 0, -1)]})
        self.assert_valid({'hours': [{'day': 3, 'hours': [hour(0, 0, 1), hour(23, 59, 60, False)]}]})
        for kind in ('lock', 'suspend', 'suspendwake', 'terminate', 'shutdown'):
            self.assert_valid({'lockout': {'type': kind}})
        for wake in ({'fromHour': 0, 'toHour': 23}, {'fromHour': 9, 'toHour': 9}):
            self.assert_valid({'lockout': {'type': 'suspendwake', 'wake': wake}})
        for flag in (True, False):
            self.assert_valid({'playTimeEnabled': flag, 'playTimeOverride': flag, 'playTimeInFreeIntervals': flag})
        self.assert_valid({'playTimeActivities': []})
        self.assert_valid({'playTimeActivities': [activity('a' * 64, 'd' * 64)] * 32})
        self.assert_valid({'playTimeActivities': [activity('x', 'é'), activity('.', "._:!'&+- 9")]})

    def test_rules_itself(self):
        for rules in ({}, [], None, 'weekLimit', [{'weekLimit': 1}]):
            self.assert_invalid(rules, 'rules')
        self.assert_invalid({'weekLimit': 1, 'bedtime': 1}, 'rules')
        self.assert_invalid({'WeekLimit': 1}, 'rules')
        self.assert_invalid({'timeLeft': 60}, 'rules')
        parsed, error, _ = helper.parse_request(line(self.request({'weekLimit': 1, 'reboot': True})))
        self.assertIn('"reboot"', error['message'])
        parsed, error, _ = helper.parse_request(line(self.request({})))
        self.assertIn('allowedDays', error['message'])
        self.assert_invalid_line(b'{"id":1,"op":"set-rules","user":"leo"}', 1)
        self.assert_invalid_line(b'{"id":1,"op":"set-rules","user":"leo","rules":{"weekLimit":1},"x":1}', 1)
        self.assert_invalid_line(b'{"id":1,"op":"set-rules","rules":{"weekLimit":1}}', 1)

    def assert_invalid_line(self, raw, expected_id):
        parsed, error, request_id = helper.parse_request(raw)
        self.assertIsNone(parsed)
        self.assertEqual((error['kind'], request_id), ('invalid-request', expected_id))
        return error['message']

    def test_a_field_given_twice(self):
        message = self.assert_invalid_line(
            b'{"id":1,"op":"set-rules","user":"leo","rules":{"weekLimit":1,"weekLimit":2}}', None)
        self.assertIn('duplicate key "weekLimit"', message)

    def test_days(self):
        for name in ('allowedDays', 'playTimeDays'):
            for days in ([0], [8], [1, 8], [-1], [1.0], [True], ['1'], [None], [[1]]):
                self.assert_invalid({name: days}, 'rules.%s[%d]' % (name, len(days) - 1))
            for days in ([2, 1], [1, 1], [1, 3, 3], [1, 2, 3, 7, 4]):
                self.assert_invalid({name: days}, 'rules.%s[%d]' % (name, days.index(max(days)) + 1))
            for days in ([1, 2, 3, 4, 5, 6, 7, 7], '1;2', 1, None, {'1': True}):
                self.assert_invalid({name: days}, 'rules.' + name)

    def test_day_limits(self):
        for name in ('dayLimits', 'playTimeLimits'):
            for limit in (-1, 86401, 1.5, 60.0, True, False, '60', None):
                self.assert_invalid({name: [60, limit]}, 'rules.%s[1]' % name)
            for limits in ([0] * 8, 3600, None, {'1': 60}):
                self.assert_invalid({name: limits}, 'rules.' + name)

    def test_week_and_month_limits(self):
        for value in (604801, -1, 1.5, True, '1', None, [1]):
            self.assert_invalid({'weekLimit': value}, 'rules.weekLimit')
        for value in (2678401, -1, 1.5, False, '1', None):
            self.assert_invalid({'monthLimit': value}, 'rules.monthLimit')
        self.assert_invalid({'weekLimit': 604800, 'monthLimit': 2678401}, 'rules.monthLimit')

    def test_hours(self):
        day = lambda *hours: {'hours': [{'day': 2, 'hours': list(hours)}]}
        self.assert_invalid(day(hour(24)), 'rules.hours[0].hours[0].hour')
        self.assert_invalid(day(hour(-1)), 'rules.hours[0].hours[0].hour')
        self.assert_invalid(day(hour(5), hour(6, 60)), 'rules.hours[0].hours[1].fromMinute')
        self.assert_invalid(day(hour(5, -1)), 'rules.hours[0].hours[0].fromMinute')
        for to_minute in (0, 61):
            self.assert_invalid(day(hour(5, 0, to_minute)), 'rules.hours[0].hours[0].toMinute')
        for from_minute, to_minute in ((30, 30), (45, 15), (59, 1)):
            self.assert_invalid(day(hour(5, from_minute, to_minute)), 'rules.hours[0].hours[0].fromMinute')
        self.assert_invalid(day(hour(5), hour(4)), 'rules.hours[0].hours[1].hour')
        self.assert_invalid(day(hour(5), hour(5, 30)), 'rules.hours[0].hours[1].hour')
        self.assert_invalid(day(dict(hour(5), accounted=1)), 'rules.hours[0].hours[0].accounted')
        self.assert_invalid(day(dict(hour(5), accounted='true')), 'rules.hours[0].hours[0].accounted')
        self.assert_invalid(day(dict(hour(5), fromMinute=1.0)), 'rules.hours[0].hours[0].fromMinute')
        self.assert_invalid(day(dict(hour(5), extra=1)), 'rules.hours[0].hours[0]')
        self.assert_invalid(day({'hour': 5, 'fromMinute': 0, 'toMinute': 60}), 'rules.hours[0].hours[0]')
        self.assert_invalid(day(), 'rules.hours[0].hours')
        self.assert_invalid(day(*[hour(number) for number in range(24)] + [hour(5)]), 'rules.hours[0].hours')
        self.assert_invalid({'hours': []}, 'rules.hours')
        self.assert_invalid({'hours': {'2': [hour(5)]}}, 'rules.hours')
        self.assert_invalid({'hours': [{'day': 2, 'hours': [hour(5)]}] * 8}, 'rules.hours')
        for number in (0, 8, '2', True):
            self.assert_invalid({'hours': [{'day': number, 'hours': [hour(5)]}]}, 'rules.hours[0].day')
        self.assert_invalid({'hours': [{'day': 2, 'hours': [hour(5)]}, {'day': 2, 'hours': [hour(6)]}]},
                            'rules.hours[1].day')
        self.assert_invalid({'hours': [{'day': 2}]}, 'rules.hours[0]')
        self.assert_invalid({'hours': [{'day': 2, 'hours': [hour(5)], 'all': True}]}, 'rules.hours[0]')

    def test_lockout(self):
        for kind in ('kill', 'reboot', 'Lock', '', None, 1, ['lock']):
            self.assert_invalid({'lockout': {'type': kind}}, 'rules.lockout.type')
        for kind in ('lock', 'suspend', 'terminate', 'shutdown'):
            self.assert_invalid({'lockout': {'type': kind, 'wake': {'fromHour': 7, 'toHour': 18}}},
                                'rules.lockout.wake')
        for wake in ({'fromHour': 24, 'toHour': 23}, {'fromHour': -1, 'toHour': 23}, {'fromHour': '7', 'toHour': 9}):
            self.assert_invalid({'lockout': {'type': 'suspendwake', 'wake': wake}}, 'rules.lockout.wake.fromHour')
        for wake in ({'fromHour': 0, 'toHour': 24}, {'fromHour': 0, 'toHour': 1.0}):
            self.assert_invalid({'lockout': {'type': 'suspendwake', 'wake': wake}}, 'rules.lockout.wake.toHour')
        self.assert_invalid({'lockout': {'type': 'suspendwake', 'wake': {'fromHour': 19, 'toHour': 7}}},
                            'rules.lockout.wake.fromHour')
        for wake in ({'fromHour': 7}, {'fromHour': 7, 'toHour': 9, 'x': 1}, [7, 9], '7;9', None):
            self.assert_invalid({'lockout': {'type': 'suspendwake', 'wake': wake}}, 'rules.lockout.wake')
        for lockout in ('lock', {}, {'type': 'lock', 'wakeFrom': 0}, None):
            self.assert_invalid({'lockout': lockout}, 'rules.lockout')

    def test_play_time_flags(self):
        for name in ('playTimeEnabled', 'playTimeOverride', 'playTimeInFreeIntervals'):
            for value in (1, 0, 'true', None, [True]):
                self.assert_invalid({name: value}, 'rules.' + name)

    def test_play_time_activities(self):
        for mask in ('a;b', 'a[b', 'a]b', '$(reboot)', 'a b', 'a' * 65, 'x' * 10240, '', 'a\nb', 'a\n', 'a%b',
                     'a"b', "a'b", 'a/b', 'a|b', 'a(b', 'ä', 5, None):
            self.assert_invalid({'playTimeActivities': [activity('ok'), activity(mask)]},
                                'rules.playTimeActivities[1].mask')
        for description in ('a]b', 'a[b', 'a;b', '$(reboot)', 'a(b', 'a"b', 'a%b', 'a\nb', 'a\tb', 'a\x00',
                            '\ud800', '', 'd' * 65, 5, None):
            self.assert_invalid({'playTimeActivities': [activity('ok', description)]},
                                'rules.playTimeActivities[0].description')
        self.assert_invalid({'playTimeActivities': [activity('ok')] * 33}, 'rules.playTimeActivities')
        self.assert_invalid({'playTimeActivities': [['steam', 'Steam']]}, 'rules.playTimeActivities[0]')
        self.assert_invalid({'playTimeActivities': [{'mask': 'steam'}]}, 'rules.playTimeActivities[0]')
        self.assert_invalid({'playTimeActivities': [dict(activity('ok'), kind='x')]}, 'rules.playTimeActivities[0]')
        self.assert_invalid({'playTimeActivities': 'steam[Steam]'}, 'rules.playTimeActivities')

    def test_a_10_kb_activity_list_is_refused_by_its_bounds_not_the_line_limit(self):
        rules = {'playTimeActivities': [activity('m' * 64, 'd' * 64)] * 80}
        raw = line(self.request(rules))
        self.assertTrue(10240 < len(raw) < helper.MAX_LINE_BYTES)
        self.assertEqual(helper.LineSplitter().feed(raw + b'\n'), [raw])
        self.assert_invalid(rules, 'rules.playTimeActivities')


class LineSplitterTest(unittest.TestCase):
    def test_lines_split_across_chunks(self):
        splitter = helper.LineSplitter()
        self.assertEqual(splitter.feed(b'{"id":1,'), [])
        self.assertEqual(splitter.feed(b'"op":"hello"}\n{"id"'), [b'{"id":1,"op":"hello"}'])
        self.assertEqual(splitter.feed(b':2}\n'), [b'{"id":2}'])

    def test_several_lines_in_one_chunk(self):
        self.assertEqual(helper.LineSplitter().feed(b'a\nb\n\nc\nd'), [b'a', b'b', b'', b'c'])

    def test_a_last_line_without_newline_comes_at_the_end(self):
        splitter = helper.LineSplitter()
        splitter.feed(b'a\nlast')
        self.assertEqual(splitter.finish(), [b'last'])
        self.assertEqual(splitter.finish(), [])

    def test_limit_is_65536_bytes_without_the_newline(self):
        self.assertEqual(helper.MAX_LINE_BYTES, 65536)
        exact = b'x' * 65536
        self.assertEqual(helper.LineSplitter().feed(exact + b'\n'), [exact])
        self.assertEqual(helper.LineSplitter().feed(exact + b'x\nnext\n'), [helper.LINE_TOO_LONG, b'next'])

    def test_limit_reached_across_chunks(self):
        splitter = helper.LineSplitter()
        self.assertEqual(splitter.feed(b'x' * 65536), [])
        self.assertEqual(splitter.feed(b'\n'), [b'x' * 65536])
        self.assertEqual(splitter.feed(b'x' * 65536), [])
        self.assertEqual(splitter.feed(b'x'), [helper.LINE_TOO_LONG])
        self.assertEqual(splitter.feed(b'x\nok\n'), [b'ok'])

    def test_a_megabyte_line_is_one_marker_and_memory_stays_bounded(self):
        splitter = helper.LineSplitter()
        yielded = []
        for _ in range(256):
            yielded += splitter.feed(b'y' * 4096)
            self.assertLessEqual(len(splitter.buffer), helper.MAX_LINE_BYTES)
        yielded += splitter.feed(b'y\n{"id":1,"op":"hello"}\n')
        self.assertEqual(yielded, [helper.LINE_TOO_LONG, b'{"id":1,"op":"hello"}'])

    def test_an_endless_line_never_grows_the_buffer(self):
        splitter = helper.LineSplitter()
        yielded = []
        for _ in range(200):
            yielded += splitter.feed(b'z' * 65536)
            self.assertLessEqual(len(splitter.buffer), helper.MAX_LINE_BYTES)
        self.assertEqual(yielded, [helper.LINE_TOO_LONG])
        self.assertEqual(splitter.finish(), [])


@unittest.skipIf(dbus is None, 'python3-dbus is not installed')
class ToJsonTest(unittest.TestCase):
    def test_dbus_values_become_plain_json(self):
        value = dbus.Dictionary({
            dbus.String('TIME_LEFT_DAY'): dbus.Int32(4769, variant_level=1),
            dbus.String('TRACK_INACTIVE'): dbus.Boolean(False, variant_level=1),
            dbus.String('LIMITS_PER_WEEKDAYS'): dbus.Array([dbus.Int32(3600), dbus.Int64(7200)], signature='i'),
            dbus.String('ALLOWED_WEEKDAYS'): dbus.Array([dbus.String('1'), dbus.String('2')], signature='s'),
            dbus.String('PAIR'): dbus.Struct((dbus.UInt32(1), dbus.Byte(2), dbus.Double(1.5)), signature='uyd'),
            dbus.String('HOURS'): dbus.Dictionary({dbus.String('7'): dbus.Dictionary(
                {dbus.String('STARTMIN'): dbus.Int32(0), dbus.String('UACC'): dbus.Boolean(True)}, signature='sv')},
                signature='sv'),
            dbus.String('PATH'): dbus.ObjectPath('/com/timekpr/server'),
            dbus.Int32(5): dbus.UInt64(2 ** 40),
        }, signature='sv')
        expected = {
            'TIME_LEFT_DAY': 4769, 'TRACK_INACTIVE': False, 'LIMITS_PER_WEEKDAYS': [3600, 7200],
            'ALLOWED_WEEKDAYS': ['1', '2'], 'PAIR': [1, 2, 1.5], 'HOURS': {'7': {'STARTMIN': 0, 'UACC': True}},
            'PATH': '/com/timekpr/server', '5': 2 ** 40,
        }
        converted = helper.to_json(value)
        self.assertEqual(converted, expected)
        self.assertIs(converted['TRACK_INACTIVE'], False)
        self.assertIs(converted['HOURS']['7']['UACC'], True)
        self.assertIs(type(converted['TIME_LEFT_DAY']), int)
        self.assertEqual(json.loads(helper.encode_line(converted)), expected)

    def test_values_that_json_cannot_hold(self):
        self.assertIsNone(helper.to_json(dbus.Double(float('nan'))))
        self.assertEqual(helper.to_json(dbus.ByteArray(b'ab')), [97, 98])


class FakeDBusException(Exception):
    def __init__(self, name, message='boom'):
        super().__init__(message)
        self.name = name

    def get_dbus_name(self):
        return self.name

    def get_dbus_message(self):
        return str(self)


class FakeBus:
    """Answers admin calls from `results` (a value, or an exception to raise) and records signal receivers."""

    def __init__(self, results):
        self.results = results
        self.calls = []
        self.receivers = []
        self.owner_watches = []

    def get_object(self, service, path, introspect=True):
        assert (service, path, introspect) == ('com.timekpr.server', '/com/timekpr/server', False)
        return self

    def get_dbus_method(self, method, interface):
        assert interface == 'com.timekpr.server.user.admin'

        def call(*args, timeout=None):
            assert timeout == 5
            self.calls.append((method,) + args)
            result = self.results[method]
            if isinstance(result, BaseException):
                raise result
            return result
        return call

    def name_has_owner(self, name):
        return True

    def add_signal_receiver(self, handler, **match):
        self.receivers.append((handler, match))

    def watch_name_owner(self, name, callback):
        self.owner_watches.append(callback)
        callback(':1.5')  # like dbus-python: a first call with the current owner


USER_LIST = (0, '', [['mia', ''], ['leo', 'Leo']])


class HelperAnswerTest(unittest.TestCase):
    def make(self, **results):
        self.bus = FakeBus(dict({'getUserList': USER_LIST}, **results))
        fake_dbus = types.SimpleNamespace(exceptions=types.SimpleNamespace(DBusException=FakeDBusException),
                                          SystemBus=lambda: self.bus)
        if dbus is not None:  # set-rules builds its arguments with dbus-python's own types
            fake_dbus.Array, fake_dbus.Dictionary = dbus.Array, dbus.Dictionary
        self.written = []
        return helper.Helper(fake_dbus, self.written.append)

    def ask(self, instance, request):
        return instance.answer(line(request))

    def test_users_are_login_names(self):
        self.assertEqual(self.ask(self.make(), {'id': 1, 'op': 'users'}),
                         {'id': 1, 'ok': True, 'result': {'users': ['mia', 'leo']}})

    def test_info(self):
        instance = self.make(getUserInformation=(0, '', {'TIME_LEFT_DAY': 60}))
        answer = self.ask(instance, {'id': 2, 'op': 'info', 'user': 'mia'})
        self.assertEqual(answer['result']['info'], {'TIME_LEFT_DAY': 60})
        self.assertIn(answer['result']['weekday'], range(1, 8))
        self.assertEqual(self.bus.calls, [('getUserInformation', 'mia', 'F')])

    def test_set(self):
        instance = self.make(setTimeLeft=(0, ''))
        answer = self.ask(instance, {'id': 3, 'op': 'set', 'user': 'leo', 'operation': '-', 'seconds': 60})
        self.assertEqual(answer, {'id': 3, 'ok': True, 'result': {}})
        self.assertEqual(self.bus.calls, [('setTimeLeft', 'leo', '-', 60)])

    def test_set_playtime(self):
        instance = self.make(setPlayTimeLeft=(0, ''))
        answer = self.ask(instance, {'id': 3, 'op': 'set-playtime', 'user': 'leo', 'operation': '+', 'seconds': 900})
        self.assertEqual(answer, {'id': 3, 'ok': True, 'result': {}})
        self.assertEqual(self.bus.calls, [('setPlayTimeLeft', 'leo', '+', 900)])

    def test_set_playtime_is_checked_like_set(self):
        instance = self.make(setPlayTimeLeft=(-1, 'no PlayTime limit for today'))
        answer = self.ask(instance, {'id': 3, 'op': 'set-playtime', 'user': 'bob', 'operation': '=', 'seconds': 0})
        self.assertEqual(answer['error'], {'kind': 'unknown-user', 'message': 'no PlayTime limit for today'})
        answer = self.ask(instance, {'id': 4, 'op': 'set-playtime', 'user': 'leo', 'operation': '=', 'seconds': 0})
        self.assertEqual(answer['error'], {'kind': 'rejected', 'message': 'no PlayTime limit for today'})

    def test_a_non_zero_code_for_an_unknown_user(self):
        instance = self.make(getUserInformation=(-1, 'User "bob" configuration is not found', {}))
        self.assertEqual(self.ask(instance, {'id': 4, 'op': 'info', 'user': 'bob'})['error'],
                         {'kind': 'unknown-user', 'message': 'User "bob" configuration is not found'})

    def test_a_non_zero_code_for_a_known_user(self):
        instance = self.make(setTimeLeft=(-1, 'not now'))
        answer = self.ask(instance, {'id': 5, 'op': 'set', 'user': 'leo', 'operation': '+', 'seconds': 1})
        self.assertEqual(answer['error'], {'kind': 'rejected', 'message': 'not now'})

    def test_dbus_errors(self):
        kinds = {
            'org.freedesktop.DBus.Error.ServiceUnknown': 'daemon-not-running',
            'org.freedesktop.DBus.Error.NameHasNoOwner': 'daemon-not-running',
            'org.freedesktop.DBus.Error.AccessDenied': 'access-denied',
            'org.freedesktop.DBus.Error.NoReply': 'timeout',
            'org.freedesktop.DBus.Error.Timeout': 'timeout',
            'org.freedesktop.DBus.Error.TimedOut': 'timeout',
            'org.freedesktop.DBus.Error.UnknownMethod': 'failed',
        }
        for name, kind in kinds.items():
            instance = self.make(getUserList=FakeDBusException(name))
            error = self.ask(instance, {'id': 6, 'op': 'users'})['error']
            self.assertEqual(error['kind'], kind, name)
            if kind == 'failed':
                self.assertIn(name, error['message'])

    def test_an_unexpected_exception_is_a_failed_answer(self):
        instance = self.make(getUserList=(0, '', None))
        answer = self.ask(instance, {'id': 7, 'op': 'users'})
        self.assertEqual((answer['id'], answer['error']['kind']), (7, 'failed'))

    def test_invalid_lines(self):
        instance = self.make()
        self.assertEqual(self.ask(instance, {'id': 8, 'op': 'setAllowedHours'})['error']['kind'], 'invalid-request')
        self.assertEqual(instance.answer(helper.LINE_TOO_LONG)['id'], None)
        self.assertEqual(self.bus.calls, [])

    def test_subscribe_once_and_events(self):
        instance = self.make()
        for request_id in (9, 10):
            self.assertEqual(self.ask(instance, {'id': request_id, 'op': 'subscribe'})['result'], {})
        self.assertEqual(len(self.bus.receivers), 1)
        self.assertEqual(len(self.bus.owner_watches), 1)
        handler, match = self.bus.receivers[0]
        self.assertEqual(match, {'signal_name': 'timeLeft', 'dbus_interface': 'com.timekpr.server.user.limits',
                                 'bus_name': 'com.timekpr.server', 'path_keyword': 'path'})
        handler('low', {'LEFTD': 4769}, path='/com/timekpr/server/user/mia')
        watch = self.bus.owner_watches[0]
        watch('')
        watch('')
        watch(':1.9')
        self.assertEqual(self.written, [
            {'event': 'timeLeft', 'user': 'mia', 'priority': 'low', 'left': {'LEFTD': 4769}},
            {'event': 'daemon', 'running': False},
            {'event': 'daemon', 'running': True},
        ])


SETTERS = ('setAllowedDays', 'setTimeLimitForDays', 'setAllowedHours', 'setTimeLimitForWeek', 'setTimeLimitForMonth',
           'setLockoutType', 'setPlayTimeEnabled', 'setPlayTimeLimitOverride', 'setPlayTimeUnaccountedIntervalsEnabled',
           'setPlayTimeAllowedDays', 'setPlayTimeLimitsForDays', 'setPlayTimeActivities')


def typed(value):
    """A value as handed to dbus-python, its type made visible: arrays and dictionaries with their signatures."""
    if isinstance(value, dbus.Array):
        return ('array', str(value.signature), [typed(item) for item in value])
    if isinstance(value, dbus.Dictionary):
        return ('dict', str(value.signature), {typed(key): typed(item) for key, item in value.items()})
    return (type(value).__name__, value)


def strings(*items):
    return ('array', 's', [('str', item) for item in items])


def ints(*items):
    return ('array', 'i', [('int', item) for item in items])


def hours_dict(*hours):
    """The a{sa{si}} of setAllowedHours from (hour, from, to, uacc) tuples."""
    return ('dict', 'sa{si}', {('str', str(number)): ('dict', 'si', {
        ('str', 'STARTMIN'): ('int', start), ('str', 'ENDMIN'): ('int', end), ('str', 'UACC'): ('int', uacc)})
        for number, start, end, uacc in hours})


@unittest.skipIf(dbus is None, 'python3-dbus is not installed')
class SetRulesAnswerTest(unittest.TestCase):
    """set-rules over the fake bus; `self.instance` is made on first use, every setter answering (0, '') by default."""

    ask = HelperAnswerTest.ask

    def setUp(self):
        self.instance = None

    def make(self, **results):
        return HelperAnswerTest.make(self, **dict({setter: (0, '') for setter in SETTERS}, **results))

    def set_rules(self, rules, user='leo'):
        if self.instance is None:
            self.instance = self.make()
        return self.ask(self.instance, {'id': 12, 'op': 'set-rules', 'user': user, 'rules': rules})

    def typed_calls(self):
        return [(call[0],) + tuple(typed(argument) for argument in call[1:]) for call in self.bus.calls]

    def test_every_setter_in_order_with_its_d_bus_types(self):
        rules = dict(reversed(list(ALL_RULES.items())))  # the order in the request does not matter
        answer = self.set_rules(rules)
        self.assertEqual(answer, {'id': 12, 'ok': True, 'result': {'written': list(ALL_RULES)}})
        user = ('str', 'leo')
        self.assertEqual(self.typed_calls(), [
            ('setAllowedDays', user, strings('1', '2', '3', '4', '5', '6', '7')),
            ('setTimeLimitForDays', user, ints(3600, 3600, 3600, 3600, 7200, 10800, 10800)),
            ('setAllowedHours', user, ('str', '1'),
             hours_dict((7, 30, 60, 0), (8, 0, 60, 0), (14, 0, 45, 1), (23, 0, 60, 0))),
            ('setAllowedHours', user, ('str', '6'), hours_dict((0, 0, 1, 0))),
            ('setTimeLimitForWeek', user, ('int', 36000)),
            ('setTimeLimitForMonth', user, ('int', 144000)),
            ('setLockoutType', user, ('str', 'suspendwake'), ('str', '7'), ('str', '18')),
            ('setPlayTimeEnabled', user, ('bool', True)),
            ('setPlayTimeLimitOverride', user, ('bool', False)),
            ('setPlayTimeUnaccountedIntervalsEnabled', user, ('bool', True)),
            ('setPlayTimeAllowedDays', user, strings('6', '7')),
            ('setPlayTimeLimitsForDays', user, ints(3600, 0)),
            ('setPlayTimeActivities', user, ('array', 'as', [
                strings('steam', 'Game'), strings('mc.*', "Minecraft: Mia's world & more!"),
                strings('^Game-1_x+?', 'Spiel für Lëo 2')])),
        ])

    def test_only_the_given_fields_are_written(self):
        answer = self.set_rules({'playTimeLimits': [60], 'weekLimit': 0, 'playTimeDays': [3]})
        self.assertEqual(answer['result'], {'written': ['weekLimit', 'playTimeDays', 'playTimeLimits']})
        self.assertEqual(self.typed_calls(), [
            ('setTimeLimitForWeek', ('str', 'leo'), ('int', 0)),
            ('setPlayTimeAllowedDays', ('str', 'leo'), strings('3')),
            ('setPlayTimeLimitsForDays', ('str', 'leo'), ints(60)),
        ])

    def test_empty_lists_keep_their_signature(self):
        answer = self.set_rules({'allowedDays': [], 'dayLimits': [], 'playTimeActivities': []})
        self.assertTrue(answer['ok'], answer)
        self.assertEqual([call[2] for call in self.typed_calls()],
                         [strings(), ints(), ('array', 'as', [])])

    def test_lockout_without_wake_hours_sends_0_and_23(self):
        for kind in ('lock', 'suspend', 'suspendwake', 'terminate', 'shutdown'):
            self.instance = None
            self.set_rules({'lockout': {'type': kind}})
            self.assertEqual(self.bus.calls, [('setLockoutType', 'leo', kind, '0', '23')])

    def test_all_seven_days_with_the_same_hours_are_one_call(self):
        same = [hour(8, 15), hour(9, 0, 60, False)]
        self.set_rules({'hours': [{'day': day, 'hours': same} for day in (3, 1, 2, 7, 4, 5, 6)]})
        self.assertEqual(self.typed_calls(), [
            ('setAllowedHours', ('str', 'leo'), ('str', 'ALL'), hours_dict((8, 15, 60, 0), (9, 0, 60, 1)))])

    def test_a_day_apart_or_a_day_missing_means_one_call_per_day(self):
        same = [hour(8), hour(9)]
        cases = {
            'one day differs': [{'day': day, 'hours': same} for day in range(1, 7)] + [{'day': 7, 'hours': [hour(8)]}],
            'one minute differs': [{'day': day, 'hours': same} for day in range(1, 7)] +
                                  [{'day': 7, 'hours': [hour(8), hour(9, 0, 59)]}],
            'accounted differs': [{'day': day, 'hours': same} for day in range(1, 7)] +
                                 [{'day': 7, 'hours': [hour(8), hour(9, accounted=False)]}],
            'six days': [{'day': day, 'hours': same} for day in range(1, 7)],
        }
        for case, days in cases.items():
            self.instance = None
            self.set_rules({'hours': days})
            self.assertEqual([call[2] for call in self.bus.calls], [str(day['day']) for day in days], case)
            self.assertNotIn('ALL', [call[2] for call in self.bus.calls], case)

    def test_a_refused_setter_stops_the_rest_and_names_what_was_written(self):
        self.instance = self.make(setTimeLimitForWeek=(-1, 'weekly limit invalid'))
        answer = self.set_rules(ALL_RULES)
        self.assertEqual(answer['error'], {
            'kind': 'rejected',
            'message': 'weekLimit failed after writing allowedDays, dayLimits, hours: weekly limit invalid'})
        self.assertEqual([call[0] for call in self.bus.calls], [
            'setAllowedDays', 'setTimeLimitForDays', 'setAllowedHours', 'setAllowedHours', 'setTimeLimitForWeek',
            'getUserList'])

    def test_a_bus_error_keeps_its_kind(self):
        self.instance = self.make(setAllowedHours=FakeDBusException('org.freedesktop.DBus.Error.NoReply', 'no reply'))
        answer = self.set_rules({'hours': ALL_RULES['hours'], 'allowedDays': [1], 'dayLimits': [60], 'weekLimit': 1})
        self.assertEqual(answer['error'], {
            'kind': 'timeout',
            'message': 'hours failed after writing allowedDays, dayLimits: '
                       'org.freedesktop.DBus.Error.NoReply: no reply'})
        self.assertEqual([call[0] for call in self.bus.calls],
                         ['setAllowedDays', 'setTimeLimitForDays', 'setAllowedHours'])
        self.instance = self.make(setPlayTimeActivities=FakeDBusException('org.freedesktop.DBus.Error.AccessDenied'))
        answer = self.set_rules({'playTimeActivities': [], 'playTimeEnabled': False})
        self.assertEqual(answer['error'], {
            'kind': 'access-denied',
            'message': 'playTimeActivities failed after writing playTimeEnabled: '
                       'org.freedesktop.DBus.Error.AccessDenied: boom'})

    def test_the_first_setter_failing_wrote_nothing(self):
        self.instance = self.make(setAllowedDays=(-1, 'User "bob" configuration is not found'))
        answer = self.set_rules({'allowedDays': [1], 'weekLimit': 60}, user='bob')
        self.assertEqual(answer['error'], {
            'kind': 'unknown-user', 'message': 'allowedDays failed: User "bob" configuration is not found'})
        self.assertEqual([call[0] for call in self.bus.calls], ['setAllowedDays', 'getUserList'])

    def test_an_unexpected_answer_still_names_what_was_written(self):
        self.instance = self.make(setTimeLimitForMonth=(0, '', 'extra'))
        answer = self.set_rules({'weekLimit': 1, 'monthLimit': 1, 'lockout': {'type': 'lock'}})
        self.assertEqual(answer['error']['kind'], 'failed')
        self.assertTrue(
            answer['error']['message'].startswith('monthLimit failed after writing weekLimit: helper error: '), answer)
        self.assertEqual([call[0] for call in self.bus.calls], ['setTimeLimitForWeek', 'setTimeLimitForMonth'])

    def test_nothing_is_called_for_an_invalid_request(self):
        invalid = (
            dict(ALL_RULES, weekLimit=604801),
            dict(ALL_RULES, playTimeActivities=[activity('$(reboot)')]),
            dict(ALL_RULES, lockout={'type': 'lock', 'wake': {'fromHour': 1, 'toHour': 2}}),
            dict(ALL_RULES, bedtime=1),
            {},
        )
        for rules in invalid:
            self.instance = None
            answer = self.set_rules(rules)
            self.assertEqual((answer['id'], answer['error']['kind']), (12, 'invalid-request'))
            self.assertEqual(self.bus.calls, [])


def run_helper(args, stdin, env=None, timeout=30):
    return subprocess.run([PYTHON] + args, input=stdin, capture_output=True, env=env, timeout=timeout)


def answers(stdout):
    return [json.loads(text) for text in stdout.decode('ascii').splitlines()]


def bootstrap(source):
    """The agentless command line, as the bot builds it."""
    packed = base64.b64encode(zlib.compress(source.encode())).decode()
    return ("import sys,zlib,base64;exec(compile(zlib.decompress(base64.b64decode('%s')),'timekpr-bot-helper','exec'),"
            "{'__name__':'__main__'})" % packed)


def read_source():
    with open(HELPER_PATH, encoding='utf-8') as file:
        return file.read()


class ProgramTest(unittest.TestCase):
    def test_version_line_for_the_bot(self):
        self.assertEqual(re.findall(r'^HELPER_VERSION = (\d+)$', read_source(), re.M), [str(helper.HELPER_VERSION)])

    def test_is_executable_with_the_system_python(self):
        self.assertTrue(os.access(HELPER_PATH, os.X_OK))
        self.assertTrue(read_source().startswith('#!/usr/bin/python3\n'))

    @unittest.skipIf(dbus is None, 'python3-dbus is not installed')
    def test_without_a_system_bus(self):
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS='unix:path=/nonexistent')
        stdin = b'\n'.join([
            b'{"id":1,"op":"hello"}', b'not json', b'x' * 70000, b'{"id":2,"op":"users"}', b'{"id":3,"op":"nope"}',
            b'{"id":4,"op":"info","user":"mia"}',  # the last line has no newline: still answered at the end
        ])
        result = run_helper([HELPER_PATH], stdin, env)
        self.assertEqual(result.returncode, 0, result.stderr)
        got = answers(result.stdout)
        self.assertEqual([(a['id'], a['ok'], a['error']['kind']) for a in got], [
            (1, False, 'failed'), (None, False, 'invalid-request'), (None, False, 'invalid-request'),
            (2, False, 'failed'), (3, False, 'invalid-request'), (4, False, 'failed'),
        ])
        self.assertIn('no system bus', got[0]['error']['message'])
        self.assertIn('65536', got[2]['error']['message'])

    @unittest.skipIf(dbus is None, 'python3-dbus is not installed')
    def test_agentless_bootstrap_runs_the_same_program(self):
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS='unix:path=/nonexistent')
        result = run_helper(['-c', bootstrap(read_source())], b'{"id":1,"op":"hello","x":1}\n', env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(answers(result.stdout)[0]['error']['kind'], 'invalid-request')

    def test_without_python3_dbus(self):
        hide_dbus = "import sys; sys.modules['dbus'] = None; " + bootstrap(read_source())
        result = run_helper(['-I', '-c', hide_dbus], b'{"id":1,"op":"hello"}\n')
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertEqual(result.stderr, b'')
        [answer] = answers(result.stdout)
        self.assertEqual((answer['id'], answer['ok'], answer['error']['kind']), (None, False, 'helper-unavailable'))
        self.assertIn('dbus', answer['error']['message'])

    @unittest.skipIf(dbus is None, 'python3-dbus is not installed')
    def test_a_closed_stdout_ends_quietly(self):
        process = subprocess.Popen([PYTHON, HELPER_PATH], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        process.stdout.close()
        _, stderr = process.communicate(b'bad\n' * 10, timeout=30)
        self.assertEqual((process.returncode, stderr), (0, b''))


def system_bus_is_up():
    try:
        with socket.socket(socket.AF_UNIX) as connection:
            connection.connect(SYSTEM_BUS_SOCKET)
        return True
    except OSError:
        return False


@unittest.skipUnless(dbus is not None and system_bus_is_up(), 'no system bus here')
class RealBusTest(unittest.TestCase):
    def hello(self, args, env):
        result = run_helper(args, b'{"id":1,"op":"hello"}\n', env)
        self.assertEqual(result.returncode, 0, result.stderr)
        [answer] = answers(result.stdout)
        self.assertTrue(answer['ok'], answer)
        return answer['result']

    def test_hello_tells_how_it_runs(self):
        env = {key: value for key, value in os.environ.items() if key != 'SSH_ORIGINAL_COMMAND'}
        result = self.hello([HELPER_PATH], env)
        self.assertEqual((result['helper'], result['version']), ('timekpr-bot-helper', helper.HELPER_VERSION))
        self.assertEqual((result['installed'], result['forced']), (True, False))
        self.assertIsInstance(result['daemon'], bool)
        self.assertIsInstance(result['group'], bool)
        result = self.hello([HELPER_PATH], dict(env, SSH_ORIGINAL_COMMAND='anything'))
        self.assertEqual((result['installed'], result['forced']), (True, True))
        result = self.hello(['-c', bootstrap(read_source())], env)
        self.assertEqual((result['installed'], result['forced']), (False, False))

    def ask_daemon(self, *requests):
        """The answers of one helper on the real system bus to `requests` (their ids are added: 1, 2, ...)."""
        stdin = b''.join(line(dict(request, id=number)) + b'\n' for number, request in enumerate(requests, 1))
        result = run_helper([HELPER_PATH], stdin)
        self.assertEqual(result.returncode, 0, result.stderr)
        got = answers(result.stdout)
        self.assertEqual([answer['id'] for answer in got], list(range(1, len(requests) + 1)))
        return got

    def test_set_rules_is_read_back_by_info(self):
        # Touches the shared test host's daemon: run under `flock /tmp/tkbot-integration.lock`. The limits are moved
        # by a second, so that the time left of anyone else's test does not change, and always put back.
        [users] = self.ask_daemon({'op': 'users'})
        if not users['ok'] or REAL_BUS_CHILD not in users['result']['users']:
            self.skipTest('timekprd does not answer for %s here: %s' % (REAL_BUS_CHILD, users))
        [before] = self.ask_daemon({'op': 'info', 'user': REAL_BUS_CHILD})
        self.assertTrue(before['ok'], before)
        fields = {'weekLimit': 'LIMIT_PER_WEEK', 'monthLimit': 'LIMIT_PER_MONTH'}
        original = {name: before['result']['info'][key] for name, key in fields.items()}
        changed = {name: value - 1 if value > 0 else 1 for name, value in original.items()}
        wrote, during, restored, after, unknown = self.ask_daemon(
            {'op': 'set-rules', 'user': REAL_BUS_CHILD, 'rules': changed},
            {'op': 'info', 'user': REAL_BUS_CHILD},
            {'op': 'set-rules', 'user': REAL_BUS_CHILD, 'rules': original},  # in any case, in the same run
            {'op': 'info', 'user': REAL_BUS_CHILD},
            {'op': 'set-rules', 'user': 'tkbot-nobody', 'rules': {'monthLimit': 60, 'weekLimit': 60}},
        )
        self.assertEqual(wrote, {'id': 1, 'ok': True, 'result': {'written': ['weekLimit', 'monthLimit']}})
        self.assertEqual({name: during['result']['info'][key] for name, key in fields.items()}, changed)
        self.assertEqual(restored['result'], {'written': ['weekLimit', 'monthLimit']})
        self.assertEqual({name: after['result']['info'][key] for name, key in fields.items()}, original)
        self.assertEqual(unknown['error']['kind'], 'unknown-user')
        self.assertTrue(unknown['error']['message'].startswith('weekLimit failed: '), unknown)


if __name__ == '__main__':
    unittest.main()
