#!/usr/bin/python3
"""timekpr-bot-helper: lets the timekpr bot talk to the Timekpr-nExT daemon over one SSH channel.

Reads JSON requests on stdin, answers them and writes D-Bus events on stdout, one JSON object per line.
The exact protocol is helper/PROTOCOL.md in the bot's repository; keep both in step (and raise HELPER_VERSION
whenever a request, an answer or an event changes shape).

Runs as a file (installed, maybe as a forced command) or from a string (`python3 -c`, agentless), so it relies
on neither `__file__` nor anything beyond python3, python3-dbus and python3-gi.
"""

import collections
import datetime
import grp
import json
import math
import os
import re
import select
import sys

HELPER_VERSION = 2

SERVICE = 'com.timekpr.server'
OBJECT_PATH = '/com/timekpr/server'
ADMIN_INTERFACE = 'com.timekpr.server.user.admin'
LIMITS_INTERFACE = 'com.timekpr.server.user.limits'
USER_PATH_PREFIX = '/com/timekpr/server/user/'
CALL_TIMEOUT_SECONDS = 5
MAX_LINE_BYTES = 65536
MAX_ID = 2147483647
MAX_SECONDS = 86400
MAX_WEEK_SECONDS = 7 * 86400
MAX_MONTH_SECONDS = 31 * 86400
USER_NAME = re.compile(r'[a-z_][a-z0-9_-]{0,31}')
OPERATIONS = ('+', '-', '=')
LOCKOUT_TYPES = ('lock', 'suspend', 'suspendwake', 'terminate', 'shutdown')
MAX_ACTIVITIES = 32
# A PlayTime activity ends up in the user's config file as `MASK[DESCRIPTION]`: neither may contain `[`, `]`, `;`,
# `%`, quotes or line ends, and the mask (a regular expression for process names) only these few characters.
ACTIVITY_MASK = re.compile(r'[A-Za-z0-9._*+?^-]{1,64}')
DESCRIPTION_PUNCTUATION = " ._:!'&+-"  # besides letters and digits (str.isalnum)
FIELDS_BY_OP = {
    'hello': {'id', 'op'},
    'users': {'id', 'op'},
    'info': {'id', 'op', 'user'},
    'set': {'id', 'op', 'user', 'operation', 'seconds'},
    'subscribe': {'id', 'op'},
    'set-playtime': {'id', 'op', 'user', 'operation', 'seconds'},  # since version 2
    'set-rules': {'id', 'op', 'user', 'rules'},  # since version 2
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


def _quoted(value):
    """A value from a request, short enough to repeat in an error message."""
    return json.dumps(value)[:40]


def _unique_keys(pairs):
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise ValueError('duplicate key %s' % _quoted(key))
        seen.add(key)
    return dict(pairs)


def _is_int_in(value, low, high):
    return type(value) is int and low <= value <= high  # `type` check: rejects bool (an int subclass)


# Checks of the values in a request. Each takes a decoded JSON value and returns None when it is valid, else why not:
# either a reason ("must be ...") or a path into the value and a reason ("[2] must be ...", ".toMinute must be ...").

def _inside(where, problem):
    """The problem of a value found at `where` (a field's name or a path), as one message."""
    return where + problem if problem.startswith(('[', '.')) else '%s %s' % (where, problem)


def _all(*checks):
    """The first problem that one of `checks` finds, in their order (later checks may rely on earlier ones)."""
    def check(value):
        for each in checks:
            problem = each(value)
            if problem:
                return problem
        return None
    return check


def _integer(low, high):
    def check(value):
        return None if _is_int_in(value, low, high) else 'must be an integer from %d to %d' % (low, high)
    return check


def _boolean(value):
    return None if type(value) is bool else 'must be true or false'


def _one_of(*choices):
    def check(value):
        return None if type(value) is str and value in choices else 'must be one of %s' % ', '.join(choices)
    return check


def _activity_mask(value):
    if type(value) is str and ACTIVITY_MASK.fullmatch(value):
        return None
    return 'must be 1 to 64 characters of A-Z a-z 0-9 and . _ * + ? ^ -'


def _description(value):
    if type(value) is str and 1 <= len(value) <= 64 and all(
            char.isalnum() or char in DESCRIPTION_PUNCTUATION for char in value):
        return None
    return 'must be 1 to 64 letters, digits, spaces and %s' % ' '.join(DESCRIPTION_PUNCTUATION.strip())


def _array(item, least, most):
    def check(value):
        if type(value) is not list or not least <= len(value) <= most:
            return 'must be an array of %d to %d items' % (least, most)
        for index, entry in enumerate(value):
            problem = item(entry)
            if problem:
                return _inside('[%d]' % index, problem)
        return None
    return check


def _object(required, optional=None):
    """An object with all fields of `required` and maybe some of `optional` (both map a name to its check)."""
    allowed = dict(required, **(optional or {}))

    def check(value):
        if type(value) is not dict:
            return 'must be an object'
        for name in value:
            if name not in allowed:
                return 'has an unknown field %s' % _quoted(name)
        for name in required:
            if name not in value:
                return 'lacks the field %s' % name
        for name, item in value.items():
            problem = allowed[name](item)
            if problem:
                return _inside('.' + name, problem)
        return None
    return check


def _ascending(field=None):
    """Array items (or their `field`) strictly ascending: in order, none twice."""
    def check(items):
        keys = [item if field is None else item[field] for item in items]
        for index in range(1, len(keys)):
            if keys[index] <= keys[index - 1]:
                return '[%d]%s must be greater than the one before it' % (index, '' if field is None else '.' + field)
        return None
    return check


def _distinct(field):
    def check(items):
        seen = set()
        for index, item in enumerate(items):
            if item[field] in seen:
                return '[%d].%s repeats an earlier %s' % (index, field, field)
            seen.add(item[field])
        return None
    return check


def _minutes_in_order(hour):
    return None if hour['fromMinute'] < hour['toMinute'] else '.fromMinute must be less than toMinute'


def _wake_in_order(wake):
    return None if wake['fromHour'] <= wake['toHour'] else '.fromHour must not be after toHour'


def _wake_only_to_suspendwake(lockout):
    if 'wake' in lockout and lockout['type'] != 'suspendwake':
        return '.wake is only allowed with type suspendwake'
    return None


_DAYS = _all(_array(_integer(1, 7), 0, 7), _ascending())
_DAY_LIMITS = _array(_integer(0, MAX_SECONDS), 0, 7)
_HOUR = _all(_object({'hour': _integer(0, 23), 'fromMinute': _integer(0, 59), 'toMinute': _integer(1, 60),
                      'accounted': _boolean}), _minutes_in_order)
_DAY_HOURS = _object({'day': _integer(1, 7), 'hours': _all(_array(_HOUR, 1, 24), _ascending('hour'))})
_HOURS = _all(_array(_DAY_HOURS, 1, 7), _distinct('day'))
_WAKE = _all(_object({'fromHour': _integer(0, 23), 'toHour': _integer(0, 23)}), _wake_in_order)
_LOCKOUT = _all(_object({'type': _one_of(*LOCKOUT_TYPES)}, {'wake': _WAKE}), _wake_only_to_suspendwake)
_ACTIVITIES = _array(_object({'mask': _activity_mask, 'description': _description}), 0, MAX_ACTIVITIES)


# The arguments of a rule's setter after the user, one tuple per call, as D-Bus values (`dbus` is the module; plain
# ints, bools and strs are sent as i, b and s).

def _plain_arguments(value, dbus):
    return [(value,)]


def _days_arguments(days, dbus):
    return [(dbus.Array([str(day) for day in days], signature='s'),)]


def _limits_arguments(limits, dbus):
    return [(dbus.Array(limits, signature='i'),)]


def _hours_arguments(days, dbus):
    """One call per day; one call for "ALL" when all seven days have the same hours (each call notifies the child)."""
    def hours_of(hours):
        return dbus.Dictionary({str(hour['hour']): dbus.Dictionary(
            {'STARTMIN': hour['fromMinute'], 'ENDMIN': hour['toMinute'], 'UACC': 0 if hour['accounted'] else 1},
            signature='si') for hour in hours}, signature='sa{si}')
    if len(days) == 7 and all(day['hours'] == days[0]['hours'] for day in days):
        return [('ALL', hours_of(days[0]['hours']))]
    return [(str(day['day']), hours_of(day['hours'])) for day in days]


def _lockout_arguments(lockout, dbus):
    wake = lockout.get('wake', {'fromHour': 0, 'toHour': 23})  # without wake hours timekpra sends 0 and 23 too
    return [(lockout['type'], str(wake['fromHour']), str(wake['toHour']))]


def _activities_arguments(activities, dbus):
    return [(dbus.Array([dbus.Array([activity['mask'], activity['description']], signature='s')
                         for activity in activities], signature='as'),)]


Rule = collections.namedtuple('Rule', 'name check method arguments')

# The fields of `set-rules`, in the order they are written (days before their limits), each with its check and its
# setter of com.timekpr.server.user.admin.
RULES = (
    Rule('allowedDays', _DAYS, 'setAllowedDays', _days_arguments),
    Rule('dayLimits', _DAY_LIMITS, 'setTimeLimitForDays', _limits_arguments),
    Rule('hours', _HOURS, 'setAllowedHours', _hours_arguments),
    Rule('weekLimit', _integer(0, MAX_WEEK_SECONDS), 'setTimeLimitForWeek', _plain_arguments),
    Rule('monthLimit', _integer(0, MAX_MONTH_SECONDS), 'setTimeLimitForMonth', _plain_arguments),
    Rule('lockout', _LOCKOUT, 'setLockoutType', _lockout_arguments),
    Rule('playTimeEnabled', _boolean, 'setPlayTimeEnabled', _plain_arguments),
    Rule('playTimeOverride', _boolean, 'setPlayTimeLimitOverride', _plain_arguments),
    Rule('playTimeInFreeIntervals', _boolean, 'setPlayTimeUnaccountedIntervalsEnabled', _plain_arguments),
    Rule('playTimeDays', _DAYS, 'setPlayTimeAllowedDays', _days_arguments),
    Rule('playTimeLimits', _DAY_LIMITS, 'setPlayTimeLimitsForDays', _limits_arguments),
    Rule('playTimeActivities', _ACTIVITIES, 'setPlayTimeActivities', _activities_arguments),
)


def _at_least_one_rule(rules):
    return None if rules else 'must have at least one of the fields %s' % ', '.join(rule.name for rule in RULES)


_RULES = _all(_object({}, {rule.name: rule.check for rule in RULES}), _at_least_one_rule)


def _field_error(request):
    """Why a decoded JSON object is not a valid request, or None when it is one."""
    op = request.get('op')
    if type(op) is not str or op not in FIELDS_BY_OP:
        return 'unknown op %s' % _quoted(op)
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
    if 'rules' in request:
        problem = _RULES(request['rules'])
        return _inside('rules', problem) if problem else None
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
            return ok_answer(request_id, getattr(self, 'op_' + request['op'].replace('-', '_'))(request))
        except Exception as failure:  # one bad request must never end the helper
            error = self.helper_error(failure)
            return error_answer(request_id, error.kind, str(error))

    def helper_error(self, failure):
        """Any exception as a HelperError: a D-Bus error by its name, anything unexpected as `failed`."""
        if isinstance(failure, HelperError):
            return failure
        if isinstance(failure, self.dbus.exceptions.DBusException):
            name = failure.get_dbus_name()
            return HelperError(ERROR_KINDS.get(name, 'failed'), '%s: %s' % (name, failure.get_dbus_message()))
        return HelperError('failed', 'helper error: %s: %s' % (type(failure).__name__, failure))

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

    def call_setter(self, method, user, *args):
        """Calls one of the daemon's setters, which all answer (code, message)."""
        code, message = self.call_admin(method, user, *args)
        self.check_result(user, code, message)

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
        self.call_setter('setTimeLeft', request['user'], request['operation'], request['seconds'])
        return {}

    def op_set_playtime(self, request):
        self.call_setter('setPlayTimeLeft', request['user'], request['operation'], request['seconds'])
        return {}

    def op_set_rules(self, request):
        """Writes the given rules in the order of RULES; a failure stops there and names the rules written before it."""
        user, rules = request['user'], request['rules']
        written = []
        for rule in RULES:
            if rule.name not in rules:
                continue
            try:
                for args in rule.arguments(rules[rule.name], self.dbus):
                    self.call_setter(rule.method, user, *args)
            except Exception as failure:
                error = self.helper_error(failure)
                before = ' after writing %s' % ', '.join(written) if written else ''
                raise HelperError(error.kind, '%s failed%s: %s' % (rule.name, before, error))
            written.append(rule.name)
        return {'written': written}

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
