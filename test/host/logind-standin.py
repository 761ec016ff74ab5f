#!/usr/bin/python3
"""Minimal stand-in for systemd-logind on the system D-Bus (integration tests only).

Implements what timekprd 0.5.4 uses (see timekpr/server/interface/dbus/logind/*.py):
  Manager:  ListUsers, GetSeat, TerminateSession, Suspend, PowerOff
  User:     Properties.Get  UID, Sessions, State, IdleHint
  Session:  Properties.Get  Type, VTNr, Seat, State, IdleHint, LockedHint; method Lock()
  Seat:     method SwitchTo(u)
timekprd subscribes to NO logind signals: it polls ListUsers() every TIMEKPR_POLLTIME
seconds. The usual logind signals (UserNew/UserRemoved/SessionNew/SessionRemoved,
PropertiesChanged) are emitted anyway so other clients behave as with real logind.

A few more read-only calls (GetUser, GetSession, ListSessions, ListSeats, GetAll,
LockSession, ...) are provided for convenience. Power/lock/terminate requests are only
recorded (log file + Control.Calls()); TerminateSession/TerminateUser log the user out.

Test-only control interface (root-only by the D-Bus policy):
  path /com/timekprbot/test, interface com.timekprbot.test.Control
  Login(s user) -> o      one active x11 session on seat0 (idempotent)
  Logout(s user) -> b     True if the user was logged in
  LoggedIn() -> as        user names currently logged in
  Calls() -> as           recorded Manager/Session/Seat action calls
  Ping() -> s
Must run with /usr/bin/python3 (needs python3-dbus and python3-gi).
"""

import argparse
import os
import pwd
import signal
import sys
import time

import dbus
import dbus.lowlevel
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

BUS_NAME = "org.freedesktop.login1"
MANAGER_PATH = "/org/freedesktop/login1"
MANAGER_IFACE = "org.freedesktop.login1.Manager"
USER_IFACE = "org.freedesktop.login1.User"
SESSION_IFACE = "org.freedesktop.login1.Session"
SEAT_IFACE = "org.freedesktop.login1.Seat"
PROPS_IFACE = "org.freedesktop.DBus.Properties"
INTROSPECT_IFACE = "org.freedesktop.DBus.Introspectable"
CONTROL_PATH = "/com/timekprbot/test"
CONTROL_IFACE = "com.timekprbot.test.Control"
SEAT_ID = "seat0"
SEAT_PATH = MANAGER_PATH + "/seat/" + SEAT_ID


class Error(dbus.DBusException):
    """D-Bus error with an explicit name."""

    def __init__(self, name, message):
        super().__init__(message)
        self._dbus_error_name = name


def now_usec():
    return dbus.UInt64(int(time.time() * 1_000_000))


def mono_usec():
    return dbus.UInt64(int(time.monotonic() * 1_000_000))


def log(msg):
    print("%s logind-standin: %s" % (time.strftime("%Y-%m-%dT%H:%M:%S"), msg), file=sys.stderr, flush=True)


class PropObject(dbus.service.Object):
    """Object exporting read-only properties of one interface via org.freedesktop.DBus.Properties."""

    IFACE = ""

    def props(self):
        raise NotImplementedError

    @dbus.service.method(PROPS_IFACE, in_signature="ss", out_signature="v")
    def Get(self, iface, name):
        props = self._props_for(iface)
        if name not in props:
            raise Error("org.freedesktop.DBus.Error.UnknownProperty", "Unknown property %s.%s" % (iface, name))
        return props[name]

    @dbus.service.method(PROPS_IFACE, in_signature="s", out_signature="a{sv}")
    def GetAll(self, iface):
        return dbus.Dictionary(self._props_for(iface), signature="sv")

    @dbus.service.method(PROPS_IFACE, in_signature="ssv", out_signature="")
    def Set(self, iface, name, value):
        raise Error("org.freedesktop.DBus.Error.PropertyReadOnly", "Property %s.%s is read-only" % (iface, name))

    @dbus.service.signal(PROPS_IFACE, signature="sa{sv}as")
    def PropertiesChanged(self, iface, changed, invalidated):
        pass

    def emit_changed(self, *names):
        props = self.props()
        self.PropertiesChanged(self.IFACE, dbus.Dictionary({n: props[n] for n in names}, signature="sv"),
                               dbus.Array([], signature="s"))

    def _props_for(self, iface):
        if iface not in ("", self.IFACE):
            raise Error("org.freedesktop.DBus.Error.UnknownInterface", "Unknown interface %s" % iface)
        return self.props()

    # Introspection that also lists the properties (dbus-python only lists methods/signals).
    @dbus.service.method(INTROSPECT_IFACE, in_signature="", out_signature="s",
                         path_keyword="object_path", connection_keyword="connection")
    def Introspect(self, object_path, connection):
        xml = super().Introspect(object_path, connection)
        sigs = {k: signature_of(v) for k, v in self.props().items()}
        prop_xml = "".join('    <property name="%s" type="%s" access="read"/>\n' % (k, s) for k, s in sigs.items())
        marker = '<interface name="%s">\n' % self.IFACE
        if marker in xml:
            return xml.replace(marker, marker + prop_xml, 1)
        return xml.replace("</node>", '  <interface name="%s">\n%s  </interface>\n</node>' % (self.IFACE, prop_xml), 1)


_SIMPLE_SIGNATURES = {dbus.String: "s", dbus.ObjectPath: "o", dbus.Boolean: "b", dbus.UInt32: "u",
                      dbus.UInt64: "t", dbus.Int32: "i"}


def signature_of(value):
    """D-Bus type signature of a property value built from the dbus.* types used here."""
    if isinstance(value, dbus.Struct):
        return "(%s)" % value.signature
    if isinstance(value, dbus.Array):
        return "a%s" % value.signature
    return _SIMPLE_SIGNATURES[type(value)]


def typed_struct(values, signature):
    return dbus.Struct(values, signature=signature)


class Session(PropObject):
    IFACE = SESSION_IFACE

    def __init__(self, state, conn, sid, user, vtnr):
        self.state = state
        self.sid = sid
        self.user = user
        self.vtnr = vtnr
        self.path = MANAGER_PATH + "/session/" + sid
        self.created = now_usec()
        self.created_mono = mono_usec()
        super().__init__(conn, self.path)

    def ref(self):
        return typed_struct((dbus.String(self.sid), dbus.ObjectPath(self.path)), "so")

    def props(self):
        return {
            "Id": dbus.String(self.sid),
            "User": typed_struct((dbus.UInt32(self.user.uid), dbus.ObjectPath(self.user.path)), "uo"),
            "Name": dbus.String(self.user.name),
            "Timestamp": self.created,
            "TimestampMonotonic": self.created_mono,
            "VTNr": dbus.UInt32(self.vtnr),
            "Seat": typed_struct((dbus.String(SEAT_ID), dbus.ObjectPath(SEAT_PATH)), "so"),
            "TTY": dbus.String("tty%d" % self.vtnr),
            "Display": dbus.String(":%d" % (self.vtnr - 2)),
            "Remote": dbus.Boolean(False),
            "RemoteHost": dbus.String(""),
            "RemoteUser": dbus.String(""),
            "Service": dbus.String("lightdm"),
            "Desktop": dbus.String("xfce"),
            "Scope": dbus.String("session-%s.scope" % self.sid),
            "Leader": dbus.UInt32(0),
            "Audit": dbus.UInt32(0),
            "Type": dbus.String("x11"),
            "Class": dbus.String("user"),
            "Active": dbus.Boolean(True),
            "State": dbus.String("active"),
            "IdleHint": dbus.Boolean(False),
            "IdleSinceHint": dbus.UInt64(0),
            "IdleSinceHintMonotonic": dbus.UInt64(0),
            "LockedHint": dbus.Boolean(False),
        }

    @dbus.service.method(SESSION_IFACE, in_signature="", out_signature="", sender_keyword="sender")
    def Lock(self, sender=None):
        self.state.record(sender, "Session.Lock", self.sid)
        self.emit_session_signal("Lock")

    @dbus.service.method(SESSION_IFACE, in_signature="", out_signature="", sender_keyword="sender")
    def Unlock(self, sender=None):
        self.state.record(sender, "Session.Unlock", self.sid)
        self.emit_session_signal("Unlock")

    @dbus.service.method(SESSION_IFACE, in_signature="", out_signature="", sender_keyword="sender")
    def Activate(self, sender=None):
        self.state.record(sender, "Session.Activate", self.sid)

    @dbus.service.method(SESSION_IFACE, in_signature="", out_signature="", sender_keyword="sender")
    def Terminate(self, sender=None):
        self.state.record(sender, "Session.Terminate", self.sid)
        self.state.logout(self.user.name)

    def emit_session_signal(self, member):
        """Emit Session.Lock/Unlock (raw message: the methods of the same name are taken)."""
        msg = dbus.lowlevel.SignalMessage(self.path, SESSION_IFACE, member)
        self.connection.send_message(msg)


class User(PropObject):
    IFACE = USER_IFACE

    def __init__(self, state, conn, pw):
        self.state = state
        self.uid = pw.pw_uid
        self.gid = pw.pw_gid
        self.name = pw.pw_name
        self.path = MANAGER_PATH + "/user/_%d" % self.uid
        self.sessions = []
        self.created = now_usec()
        self.created_mono = mono_usec()
        super().__init__(conn, self.path)

    def props(self):
        display = self.sessions[0].ref() if self.sessions else typed_struct((dbus.String(""), dbus.ObjectPath("/")), "so")
        return {
            "UID": dbus.UInt32(self.uid),
            "GID": dbus.UInt32(self.gid),
            "Name": dbus.String(self.name),
            "Timestamp": self.created,
            "TimestampMonotonic": self.created_mono,
            "RuntimePath": dbus.String("/run/user/%d" % self.uid),
            "Service": dbus.String("user@%d.service" % self.uid),
            "Slice": dbus.String("user-%d.slice" % self.uid),
            "Display": display,
            "State": dbus.String("active" if self.sessions else "closing"),
            "Sessions": dbus.Array([s.ref() for s in self.sessions], signature="(so)"),
            "IdleHint": dbus.Boolean(False),
            "IdleSinceHint": dbus.UInt64(0),
            "IdleSinceHintMonotonic": dbus.UInt64(0),
            "Linger": dbus.Boolean(False),
        }

    @dbus.service.method(USER_IFACE, in_signature="", out_signature="", sender_keyword="sender")
    def Terminate(self, sender=None):
        self.state.record(sender, "User.Terminate", self.name)
        self.state.logout(self.name)


class Seat(PropObject):
    IFACE = SEAT_IFACE

    def __init__(self, state, conn):
        self.state = state
        super().__init__(conn, SEAT_PATH)

    def props(self):
        sessions = self.state.all_sessions()
        active = sessions[-1].ref() if sessions else typed_struct((dbus.String(""), dbus.ObjectPath("/")), "so")
        return {
            "Id": dbus.String(SEAT_ID),
            "ActiveSession": active,
            "CanMultiSession": dbus.Boolean(True),
            "CanTTY": dbus.Boolean(True),
            "CanGraphical": dbus.Boolean(True),
            "Sessions": dbus.Array([s.ref() for s in sessions], signature="(so)"),
            "IdleHint": dbus.Boolean(False),
            "IdleSinceHint": dbus.UInt64(0),
            "IdleSinceHintMonotonic": dbus.UInt64(0),
        }

    @dbus.service.method(SEAT_IFACE, in_signature="u", out_signature="", sender_keyword="sender")
    def SwitchTo(self, vtnr, sender=None):
        self.state.record(sender, "Seat.SwitchTo", SEAT_ID, int(vtnr))

    @dbus.service.method(SEAT_IFACE, in_signature="s", out_signature="", sender_keyword="sender")
    def ActivateSession(self, sid, sender=None):
        self.state.record(sender, "Seat.ActivateSession", SEAT_ID, str(sid))


class Manager(PropObject):
    IFACE = MANAGER_IFACE

    def __init__(self, state, conn):
        self.state = state
        super().__init__(conn, MANAGER_PATH)

    def props(self):
        return {
            "NAutoVTs": dbus.UInt32(6),
            "KillUserProcesses": dbus.Boolean(False),
            "IdleHint": dbus.Boolean(False),
            "IdleAction": dbus.String("ignore"),
            "Docked": dbus.Boolean(False),
            "PreparingForShutdown": dbus.Boolean(False),
            "PreparingForSleep": dbus.Boolean(False),
        }

    @dbus.service.method(MANAGER_IFACE, in_signature="", out_signature="a(uso)")
    def ListUsers(self):
        return dbus.Array([typed_struct((dbus.UInt32(u.uid), dbus.String(u.name), dbus.ObjectPath(u.path)), "uso")
                           for u in self.state.users.values()], signature="(uso)")

    @dbus.service.method(MANAGER_IFACE, in_signature="", out_signature="a(susso)")
    def ListSessions(self):
        return dbus.Array([typed_struct((dbus.String(s.sid), dbus.UInt32(s.user.uid), dbus.String(s.user.name),
                                         dbus.String(SEAT_ID), dbus.ObjectPath(s.path)), "susso")
                           for s in self.state.all_sessions()], signature="(susso)")

    @dbus.service.method(MANAGER_IFACE, in_signature="", out_signature="a(so)")
    def ListSeats(self):
        return dbus.Array([typed_struct((dbus.String(SEAT_ID), dbus.ObjectPath(SEAT_PATH)), "so")], signature="(so)")

    @dbus.service.method(MANAGER_IFACE, in_signature="u", out_signature="o")
    def GetUser(self, uid):
        for user in self.state.users.values():
            if user.uid == int(uid):
                return dbus.ObjectPath(user.path)
        raise Error("org.freedesktop.login1.NoSuchUser", "User ID %d is not logged in or lingering" % int(uid))

    @dbus.service.method(MANAGER_IFACE, in_signature="s", out_signature="o")
    def GetSession(self, sid):
        session = self.state.find_session(str(sid))
        if session is None:
            raise Error("org.freedesktop.login1.NoSuchSession", "No session '%s' known" % sid)
        return dbus.ObjectPath(session.path)

    @dbus.service.method(MANAGER_IFACE, in_signature="s", out_signature="o")
    def GetSeat(self, seat_id):
        if str(seat_id) != SEAT_ID:
            raise Error("org.freedesktop.login1.NoSuchSeat", "No seat '%s' known" % seat_id)
        return dbus.ObjectPath(SEAT_PATH)

    @dbus.service.method(MANAGER_IFACE, in_signature="s", out_signature="", sender_keyword="sender")
    def TerminateSession(self, sid, sender=None):
        self.state.record(sender, "Manager.TerminateSession", str(sid))
        session = self.state.find_session(str(sid))
        if session is None:
            raise Error("org.freedesktop.login1.NoSuchSession", "No session '%s' known" % sid)
        self.state.logout(session.user.name)

    @dbus.service.method(MANAGER_IFACE, in_signature="u", out_signature="", sender_keyword="sender")
    def TerminateUser(self, uid, sender=None):
        self.state.record(sender, "Manager.TerminateUser", int(uid))
        for user in list(self.state.users.values()):
            if user.uid == int(uid):
                self.state.logout(user.name)
                return
        raise Error("org.freedesktop.login1.NoSuchUser", "User ID %d is not logged in or lingering" % int(uid))

    @dbus.service.method(MANAGER_IFACE, in_signature="s", out_signature="", sender_keyword="sender")
    def LockSession(self, sid, sender=None):
        self.state.record(sender, "Manager.LockSession", str(sid))
        session = self.state.find_session(str(sid))
        if session is None:
            raise Error("org.freedesktop.login1.NoSuchSession", "No session '%s' known" % sid)
        session.emit_session_signal("Lock")

    @dbus.service.method(MANAGER_IFACE, in_signature="s", out_signature="", sender_keyword="sender")
    def UnlockSession(self, sid, sender=None):
        self.state.record(sender, "Manager.UnlockSession", str(sid))

    @dbus.service.method(MANAGER_IFACE, in_signature="b", out_signature="", sender_keyword="sender")
    def Suspend(self, interactive, sender=None):
        self.state.record(sender, "Manager.Suspend", bool(interactive))

    @dbus.service.method(MANAGER_IFACE, in_signature="b", out_signature="", sender_keyword="sender")
    def PowerOff(self, interactive, sender=None):
        self.state.record(sender, "Manager.PowerOff", bool(interactive))

    @dbus.service.method(MANAGER_IFACE, in_signature="b", out_signature="", sender_keyword="sender")
    def Reboot(self, interactive, sender=None):
        self.state.record(sender, "Manager.Reboot", bool(interactive))

    @dbus.service.signal(MANAGER_IFACE, signature="uo")
    def UserNew(self, uid, path):
        pass

    @dbus.service.signal(MANAGER_IFACE, signature="uo")
    def UserRemoved(self, uid, path):
        pass

    @dbus.service.signal(MANAGER_IFACE, signature="so")
    def SessionNew(self, sid, path):
        pass

    @dbus.service.signal(MANAGER_IFACE, signature="so")
    def SessionRemoved(self, sid, path):
        pass


class Control(dbus.service.Object):
    def __init__(self, state, conn):
        self.state = state
        super().__init__(conn, CONTROL_PATH)

    @dbus.service.method(CONTROL_IFACE, in_signature="s", out_signature="o")
    def Login(self, name):
        return dbus.ObjectPath(self.state.login(str(name)))

    @dbus.service.method(CONTROL_IFACE, in_signature="s", out_signature="b")
    def Logout(self, name):
        return dbus.Boolean(self.state.logout(str(name)))

    @dbus.service.method(CONTROL_IFACE, in_signature="", out_signature="as")
    def LoggedIn(self):
        return dbus.Array(list(self.state.users), signature="s")

    @dbus.service.method(CONTROL_IFACE, in_signature="", out_signature="as")
    def Calls(self):
        return dbus.Array(self.state.calls, signature="s")

    @dbus.service.method(CONTROL_IFACE, in_signature="", out_signature="s")
    def Ping(self):
        return "pong"


class State:
    """All users/sessions; every login gets a fresh session id (c1, c2, ...) like logind."""

    def __init__(self, conn, calls_log):
        self.conn = conn
        self.users = {}  # name -> User, only users with a session (no lingering)
        self.calls = []
        self.calls_log = calls_log
        self.next_session = 1
        self.manager = Manager(self, conn)
        self.seat = Seat(self, conn)
        self.control = Control(self, conn)

    def all_sessions(self):
        return [s for u in self.users.values() for s in u.sessions]

    def find_session(self, sid):
        return next((s for s in self.all_sessions() if s.sid == sid), None)

    def record(self, sender, what, *args):
        line = "%s %s %s %s" % (time.strftime("%Y-%m-%dT%H:%M:%S"), what, " ".join(str(a) for a in args), sender)
        self.calls.append(line)
        log("call: " + line)
        if self.calls_log:
            with open(self.calls_log, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")

    def login(self, name):
        try:
            pw = pwd.getpwnam(name)
        except KeyError:
            raise Error("com.timekprbot.test.Error.NoSuchUser", "No unix user '%s'" % name) from None
        user = self.users.get(name)
        if user is not None and user.sessions:
            return user.sessions[0].path  # already logged in: keep the one session
        new_user = user is None
        if new_user:
            user = User(self, self.conn, pw)
            self.users[name] = user
        sid = "c%d" % self.next_session
        self.next_session += 1
        session = Session(self, self.conn, sid, user, vtnr=len(self.all_sessions()) + 2)
        user.sessions.append(session)
        if new_user:
            self.manager.UserNew(dbus.UInt32(user.uid), dbus.ObjectPath(user.path))
        self.manager.SessionNew(sid, dbus.ObjectPath(session.path))
        user.emit_changed("Sessions", "State", "Display")
        self.seat.emit_changed("Sessions", "ActiveSession")
        log("login %s uid=%d session=%s" % (name, user.uid, sid))
        return session.path

    def logout(self, name):
        user = self.users.pop(name, None)
        if user is None:
            return False
        sessions, user.sessions = user.sessions, []
        for session in sessions:
            self.manager.SessionRemoved(session.sid, dbus.ObjectPath(session.path))
            session.remove_from_connection()
        user.emit_changed("Sessions", "State", "Display")
        self.manager.UserRemoved(dbus.UInt32(user.uid), dbus.ObjectPath(user.path))
        user.remove_from_connection()
        self.seat.emit_changed("Sessions", "ActiveSession")
        log("logout %s (%s)" % (name, ",".join(s.sid for s in sessions)))
        return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pidfile", help="write our pid here once the bus name is owned")
    parser.add_argument("--calls-log", help="append recorded action calls (TerminateSession, PowerOff, ...) here")
    args = parser.parse_args()

    DBusGMainLoop(set_as_default=True)
    bus = dbus.SystemBus()
    try:
        name = dbus.service.BusName(BUS_NAME, bus, do_not_queue=True)
    except dbus.exceptions.NameExistsException:
        log("ERROR: %s is already owned on the system bus (real logind or another stand-in running?)" % BUS_NAME)
        return 2
    state = State(bus, args.calls_log)

    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, sig, loop.quit)
    if args.pidfile:
        with open(args.pidfile, "w", encoding="ascii") as fh:
            fh.write("%d\n" % os.getpid())
    log("owning %s (pid %d)" % (BUS_NAME, os.getpid()))
    loop.run()
    log("exiting")
    del name, state
    return 0


if __name__ == "__main__":
    sys.exit(main())
