#!/usr/bin/python3
"""timekpr-bot-helper: lets the timekpr bot talk to the Timekpr-nExT daemon over one SSH channel.

Reads JSON requests on stdin, answers them and writes D-Bus events on stdout, one JSON object per line.
The exact protocol is helper/PROTOCOL.md in the bot's repository; keep both in step (and raise HELPER_VERSION
whenever a request, an answer or an event changes shape).

Runs as a file (installed, maybe as a forced command) or from a string (`python3 -c`, agentless), so it relies
on neither `__file__` nor anything beyond python3, python3-dbus and python3-gi.
"""

import datetime
import grp
import json
import math
import os
import re
import select
import sys

HELPER_VERSION = 1

SERVICE = 'com.timekpr.server'
OBJECT_PATH = '/com/timekpr/server'
ADMIN_INTERFACE = 'com.timekpr.server.user.admin'
LIMITS_INTERFACE = 'com.timekpr.server.user.limits'
USER_PATH_PREFIX = '/com/timekpr/server/user/'
CALL_TIMEOUT_SECONDS = 5
MAX_LINE_BYTES = 65536
MAX_ID = 2147483647
MAX_SECONDS = 86400
USER_NAME = re.compile(r'[a-z_][a-z0-9_-]{0,31}')
OPERATIONS = ('+', '-', '=')
FIELDS_BY_OP = {
    'hello': {'id', 'op'},
    'users': {'id', 'op'},
    'info': {'id', 'op', 'user'},
    'set': {'id', 'op', 'user', 'operation', 'seconds'},
    'subscribe': {'id', 'op'},
}
# D-Bus error names that mean something the bot can act on; any other name is `failed`.
ERROR_KINDS = {
    'org.freedesktop.DBus.Error.ServiceUnknown': 'daemon-not-running',
    'org.freedesktop.DBus.Error.NameHasNoOwner': 'daemon-not-running',
    'org.freedesktop.DBus.Error.AccessDenied': 'access-denied',
    'org.freedesktop.DBus.Error.NoReply': 'timeout',
    'org.freedesktop.DBus.Error.Timeout': 'timeout',
    'org.freedesktop.DBus.Error.TimedOut': 'timeout',
}

LINE_TOO_LONG = object()  # what LineSplitter yields in place of a line over MAX_LINE_BYTES


def ok_answer(request_id, result):
    return {'id': request_id, 'ok': True, 'result': result}


def error_answer(request_id, kind, message):
    return {'id': request_id, 'ok': False, 'error': {'kind': kind, 'message': message}}


def encode_line(value):
    text = json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(',', ':'))
    return (text + '\n').encode('ascii')


class LineSplitter:
    """Cuts a byte stream into lines; a line over `limit` bytes becomes one LINE_TOO_LONG and is skipped to its end.

    The buffer never holds more than `limit` bytes: the rest of an over-long line is dropped as it arrives.
    """

    def __init__(self, limit=MAX_LINE_BYTES):
        self.limit = limit
        self.buffer = bytearray()
        self.discarding = False

    def feed(self, chunk):
        lines = []
        start = 0
        while start < len(chunk):
            newline = chunk.find(b'\n', start)
            end = len(chunk) if newline < 0 else newline
            self._take(chunk[start:end], lines)
            if newline < 0:
                break
            if not self.discarding:
                lines.append(bytes(self.buffer))
            self.buffer.clear()
            self.discarding = False
            start = newline + 1
        return lines

    def finish(self):
        """At the end of input: a last line without its newline is still a request."""
        rest = [] if self.discarding or not self.buffer else [bytes(self.buffer)]
        self.buffer.clear()
        self.discarding = False
        return rest

    def _take(self, piece, lines):
        if self.discarding:
            return
        if len(self.buffer) + len(piece) > self.limit:
            lines.append(LINE_TOO_LONG)
            self.buffer.clear()
            self.discarding = True
        else:
            self.buffer += piece


def _reject_constant(name):
    raise ValueError('%s is not valid JSON' % name)


def _unique_keys(pairs):
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError('duplicate key')
    return dict(pairs)


def _is_int_in(value, low, high):
    return type(value) is int and low <= value <= high  # `type` check: rejects bool (an int subclass)


def _field_error(request):
    """Why a decoded JSON object is not a valid request, or None when it is one."""
    op = request.get('op')
    if type(op) is not str or op not in FIELDS_BY_OP:
        return 'unknown op %s' % json.dumps(op)[:40]
    expected = FIELDS_BY_OP[op]
    if set(request) != expected:
        return 'op %s takes exactly the fields %s' % (op, ', '.join(sorted(expected)))
    if not _is_int_in(request['id'], 0, MAX_ID):
        return 'id must be an integer from 0 to %d' % MAX_ID
    if 'user' in request and not (type(request['user']) is str and USER_NAME.fullmatch(request['user'])):
        return 'user must be a login name matching %s' % USER_NAME.pattern
    if 'operation' in request and request['operation'] not in OPERATIONS:
        return 'operation must be one of + - ='
    if 'seconds' in request and not _is_int_in(request['seconds'], 0, MAX_SECONDS):
        return 'seconds must be an integer from 0 to %d' % MAX_SECONDS
    return None


def parse_request(line):
    """Validates one request line: returns (request, None, id) or (None, error, id); id is None when unusable."""
    try:
        request = json.loads(line.decode('utf-8'), parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None, {'kind': 'invalid-request', 'message': 'not JSON: %s' % error}, None
    if type(request) is not dict:
        return None, {'kind': 'invalid-request', 'message': 'a request must be a JSON object'}, None
    request_id = request['id'] if _is_int_in(request.get('id'), 0, MAX_ID) else None
    problem = _field_error(request)
    if problem:
        return None, {'kind': 'invalid-request', 'message': problem}, request_id
    return request, None, request_id


def to_json(value):
    """Turns a dbus-python value into plain JSON values (dbus.Boolean is an int subclass, so it goes first)."""
    dbus = sys.modules.get('dbus')  # only loaded when there can be dbus values at all
    if isinstance(value, bool) or (dbus is not None and isinstance(value, dbus.Boolean)):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return list(value)
    if isinstance(value, dict):
        return {str(to_json(key)): to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    return str(value)


def in_timekpr_group():
    try:
        gid = grp.getgrnam('timekpr').gr_gid
    except KeyError:
        return False
    return gid == os.getgid() or gid in os.getgroups()


class HelperError(Exception):
    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


class Helper:
    """Answers validated requests over the system bus and writes timeLeft/daemon events after `subscribe`."""

    def __init__(self, dbus, write):
        self.dbus = dbus
        self.write = write
        self.connection = None
        self.subscribed = False
        self.daemon_running = None

    def answer(self, line):
        if line is LINE_TOO_LONG:
            return error_answer(None, 'invalid-request', 'request line longer than %d bytes' % MAX_LINE_BYTES)
        request_id = None
        try:
            request, error, request_id = parse_request(line)
            if error:
                return error_answer(request_id, error['kind'], error['message'])
            return ok_answer(request_id, getattr(self, 'op_' + request['op'])(request))
        except HelperError as failure:
            return error_answer(request_id, failure.kind, str(failure))
        except self.dbus.exceptions.DBusException as failure:
            name = failure.get_dbus_name()
            return error_answer(request_id, ERROR_KINDS.get(name, 'failed'), '%s: %s' % (name, failure.get_dbus_message()))
        except Exception as failure:  # one bad request must never end the helper
            return error_answer(request_id, 'failed', 'helper error: %s: %s' % (type(failure).__name__, failure))

    def bus(self):
        # Without a system bus there is no daemon to ask, so every request fails (invalid lines are still answered
        # as such); the connection is tried again on the next request, in case the bus was only starting.
        if self.connection is None:
            try:
                self.connection = self.dbus.SystemBus()
            except self.dbus.exceptions.DBusException as failure:
                raise HelperError('failed', 'no system bus: %s: %s' % (failure.get_dbus_name(), failure.get_dbus_message()))
        return self.connection

    def call_admin(self, method, *args):
        # A fresh proxy per call, so that a daemon restarted since the last call is found under its new owner.
        daemon = self.bus().get_object(SERVICE, OBJECT_PATH, introspect=False)
        return daemon.get_dbus_method(method, ADMIN_INTERFACE)(*args, timeout=CALL_TIMEOUT_SECONDS)

    def user_list(self):
        code, message, users = self.call_admin('getUserList')
        if code != 0:
            raise HelperError('rejected', str(message))
        return [str(entry[0]) for entry in users]

    def check_result(self, user, code, message):
        """A non-zero result code means either an unknown user or a refusal; the user list tells which."""
        if code == 0:
            return
        kind = 'rejected' if user in self.user_list() else 'unknown-user'
        raise HelperError(kind, str(message))

    def op_hello(self, request):
        return {
            'helper': 'timekpr-bot-helper',
            'version': HELPER_VERSION,
            'installed': sys.argv[0] != '-c',
            'forced': 'SSH_ORIGINAL_COMMAND' in os.environ,
            'daemon': bool(self.bus().name_has_owner(SERVICE)),
            'group': in_timekpr_group(),
        }

    def op_users(self, request):
        return {'users': self.user_list()}

    def op_info(self, request):
        code, message, info = self.call_admin('getUserInformation', request['user'], 'F')
        self.check_result(request['user'], code, message)
        return {'weekday': datetime.date.today().isoweekday(), 'info': to_json(info)}

    def op_set(self, request):
        code, message = self.call_admin('setTimeLeft', request['user'], request['operation'], request['seconds'])
        self.check_result(request['user'], code, message)
        return {}

    def op_subscribe(self, request):
        if not self.subscribed:
            bus = self.bus()
            bus.add_signal_receiver(self.on_time_left, signal_name='timeLeft', dbus_interface=LIMITS_INTERFACE,
                                    bus_name=SERVICE, path_keyword='path')
            self.daemon_running = bool(bus.name_has_owner(SERVICE))
            bus.watch_name_owner(SERVICE, self.on_owner_changed)
            self.subscribed = True
        return {}

    def on_time_left(self, priority, values, path=None):
        if path is None or not str(path).startswith(USER_PATH_PREFIX):
            return
        user = str(path)[len(USER_PATH_PREFIX):]
        self.write({'event': 'timeLeft', 'user': user, 'priority': str(priority), 'left': to_json(values)})

    def on_owner_changed(self, owner):
        # Also called once right after watching, with the current owner: only a change is an event.
        running = bool(owner)
        if running != self.daemon_running:
            self.daemon_running = running
            self.write({'event': 'daemon', 'running': running})


def write_line(value):
    """Writes one line straight to fd 1; when the bot has gone (closed pipe), end quietly."""
    data = memoryview(encode_line(value))
    while data:
        try:
            data = data[os.write(1, data):]
        except BlockingIOError:  # stdout was left non-blocking by whoever started us: wait until it drains
            select.select([], [1], [])
        except OSError:  # BrokenPipeError and its kin: nobody is listening any more
            os._exit(0)


def main():
    try:
        import dbus
        import dbus.mainloop.glib
        from gi.repository import GLib
    except ImportError as failure:
        write_line(error_answer(None, 'helper-unavailable', 'cannot import %s: %s' % (failure.name, failure)))
        sys.exit(3)
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    loop = GLib.MainLoop()
    helper = Helper(dbus, write_line)
    splitter = LineSplitter()

    def on_stdin(fd, condition):
        try:
            chunk = os.read(fd, MAX_LINE_BYTES)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            chunk = b''
        lines = splitter.feed(chunk) if chunk else splitter.finish()
        for line in lines:
            write_line(helper.answer(line))
        if not chunk:
            loop.quit()
        return bool(chunk)

    # A watch instead of a blocking read, so that D-Bus signals are delivered while no request comes.
    GLib.io_add_watch(0, GLib.PRIORITY_DEFAULT, GLib.IO_IN | GLib.IO_HUP | GLib.IO_ERR | GLib.IO_NVAL, on_stdin)
    loop.run()
    sys.exit(0)


if __name__ == '__main__':
    main()
