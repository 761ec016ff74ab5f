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

    def test_surrounding_whitespace_and_carriage_return_are_json_whitespace(self):
        parsed, error, _ = helper.parse_request(b' {"id":1,"op":"hello"}\r')
        self.assertIsNone(error)
        self.assertEqual(parsed['op'], 'hello')


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


if __name__ == '__main__':
    unittest.main()
