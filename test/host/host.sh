#!/usr/bin/env bash
# Integration-test host for the timekpr Telegram bot (Debian 12, run as root, no systemd needed).
#
# Runs, all on 127.0.0.0/8: the system D-Bus, a systemd-logind stand-in (logind-standin.py),
# timekprd under libfaketime (today 12:00, clock running) and a dedicated sshd on
# 127.0.0.{1,2,3}:<random free port>. Developers and CI use the same entry point:
#
#   host.sh install          install the Debian packages (idempotent, starts no services)
#   host.sh up               start everything; last stdout line = path of the env file
#   host.sh down             stop what "up" started (users are kept)
#   host.sh status           show what is running; exit 0 if up
#   host.sh login USER       stand-in reports USER logged in (active x11 session on seat0)
#   host.sh logout USER      stand-in reports USER logged out
#   host.sh daemon-stop      stop timekprd only
#   host.sh daemon-start     (re)start timekprd only, same fake clock; waits until it answers
#
# State (keys, configs, logs, pids, host.env): ${TKHOST_STATE_DIR:-/tmp/timekpr-bot-host}
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
STATE=${TKHOST_STATE_DIR:-/tmp/timekpr-bot-host}
RUN=$STATE/run                         # pid files / markers of what "up" started
ENV_FILE=$STATE/host.env
PY=/usr/bin/python3                    # not the pyenv shim: needs python3-dbus + python3-gi
STANDIN=$SCRIPT_DIR/logind-standin.py
POLICY_SRC=$SCRIPT_DIR/login1-standin.conf
POLICY_DST=/etc/dbus-1/system.d/login1-standin.conf
DBUS_SOCKET=/run/dbus/system_bus_socket
TIMEKPRD=/usr/bin/timekprd
TIMEKPRD_PIDFILE=/tmp/timekprd.pid     # timekprd's own "already running" marker
TK_CONFIG_DIR=/var/lib/timekpr/config
TK_WORK_DIR=/var/lib/timekpr/work
SSH_USER=tkremote
SSH_USER_NOGROUP=tkoutsider
SSH_USER_RESTRICTED=tkrestricted      # only allowed here: helper/setup-computer.sh creates it (restricted-key tests)
CHILD_IN=tkmia
CHILD_OUT=tkleo
CHILD_UNKNOWN=tknobody
LISTEN_ADDRS=(127.0.0.1 127.0.0.2 127.0.0.3)
PACKAGES=(openssh-server openssh-client timekpr-next faketime python3-dbus python3-gi dbus sudo
          procps iproute2 util-linux passwd)
DEADLINE=30                            # seconds for every readiness wait
POLL=0.1                               # seconds between readiness checks

log() { printf 'host.sh: %s\n' "$*" >&2; }
die() { printf 'host.sh: ERROR: %s\n' "$*" >&2; exit 1; }

need_root() { [[ $EUID -eq 0 ]] || die "must run as root (try: sudo $0 $*)"; }

# wait_until SECS DESCRIPTION CMD...: poll CMD every $POLL s until it succeeds; fail after SECS.
wait_until() {
  local secs=$1 what=$2; shift 2
  local end=$(( ${EPOCHREALTIME/./} + secs * 1000000 ))
  until "$@" >/dev/null 2>&1; do
    (( ${EPOCHREALTIME/./} < end )) || { log "timed out after ${secs}s waiting for $what"; return 1; }
    sleep "$POLL"
  done
}

# Alphanumeric random string of length $1 (no pipe into "head", so no SIGPIPE under pipefail).
rand_alnum() {
  local s=""
  while (( ${#s} < $1 )); do s+=$(head -c 64 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9'); done
  printf '%s' "${s:0:$1}"
}

# pid_of NAME MARKER: print the pid recorded in $RUN/NAME.pid if that process is alive and its
# command line contains MARKER (protects against reused pids; zombies have an empty cmdline).
pid_of() {
  local pid
  [[ -s $RUN/$1.pid ]] || return 1
  pid=$(<"$RUN/$1.pid")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  cmdline_has "$pid" "$2" || return 1
  printf '%s\n' "$pid"
}
not_alive() { ! pid_of "$@" >/dev/null; }

# cmdline_has PID TEXT: the command line of PID contains TEXT. (Pipelines into "grep -q" are
# avoided throughout: with pipefail an early-exiting grep can fail the pipeline via SIGPIPE.)
cmdline_has() {
  local cmd
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
  [[ -n $cmd && $cmd == *"$2"* ]]
}

# spawn NAME LOGFILE CMD...: start CMD in its own session (survives the caller's process group),
# detached from our stdin/stdout; its pid (same process after exec) goes to $RUN/NAME.pid.
spawn() {
  local name=$1 logfile=$2; shift 2
  rm -f "$RUN/$name.pid"
  # shellcheck disable=SC2016  # $$ / $0 / $@ are for the inner bash
  setsid bash -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' "$RUN/$name.pid" "$@" \
    </dev/null >>"$logfile" 2>&1 9>&- &   # 9 = our lock fd, must not leak into daemons
  wait_until 5 "$name to start" test -s "$RUN/$name.pid" || die "could not start $name (see $logfile)"
}

# stop_proc NAME MARKER: TERM (then KILL after 10 s) the process recorded for NAME, if alive.
stop_proc() {
  local pid
  if pid=$(pid_of "$1" "$2"); then
    log "stopping $1 (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_until 10 "$1 to exit" not_alive "$1" "$2"; then
      log "$1 ignored SIGTERM, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_until 5 "$1 to die" not_alive "$1" "$2" || die "cannot stop $1 (pid $pid)"
    fi
  fi
  rm -f "$RUN/$1.pid"
}

# ---------------------------------------------------------------- D-Bus helpers
bus_call() { dbus-send --system --print-reply --reply-timeout=5000 "$@"; }
bus_ping() { bus_call --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetId; }
name_owner_pid() {  # pid of the process owning bus name $1
  bus_call --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetConnectionUnixProcessID "string:$1" \
    2>/dev/null | awk '/uint32/ {print $2}'
}
standin_call() { bus_call --dest=org.freedesktop.login1 /com/timekprbot/test "com.timekprbot.test.Control.$1" "${@:2}"; }
standin_ping() { standin_call Ping; }
# Full userinfo straight from the daemon (same call as "timekpra --userinfo", without its lock file).
tk_userinfo() {
  bus_call --dest=com.timekpr.server /com/timekpr/server com.timekpr.server.user.admin.getUserInformation \
    "string:$1" string:F
}
# User has a saved config (timekpra would print it): result code 0 plus LIMITS_PER_WEEKDAYS.
tk_has_config() { local out; out=$(tk_userinfo "$1") && [[ $out == *'"LIMITS_PER_WEEKDAYS"'* ]]; }
# The daemon's worker has seen the user logged in (realtime values are present).
tk_sees_login() { local out; out=$(tk_userinfo "$1") && [[ $out == *'"ACTUAL_TIME_LEFT_DAY"'* ]]; }
tk_sees_logout() { tk_has_config "$1" && ! tk_sees_login "$1"; }

# ---------------------------------------------------------------- install
cmd_install() {
  need_root install
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == "install ok installed" ]] || missing+=("$p")
  done
  if (( ${#missing[@]} == 0 )); then log "all packages already installed"; return 0; fi
  log "installing: ${missing[*]}"
  # Keep maintainer scripts from starting services (e.g. the system sshd on port 22) via
  # invoke-rc.d; without a running systemd, deb-systemd-invoke already does nothing.
  local added_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    added_policy=1
  fi
  local rc=0
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${PACKAGES[@]}"; } >&2 || rc=$?
  [[ -z $added_policy ]] || rm -f /usr/sbin/policy-rc.d
  (( rc == 0 )) || die "apt-get failed (exit $rc); check the output above and the package mirror"
  log "packages installed"
}

check_prereqs() {
  local b
  for b in dbus-daemon dbus-send /usr/sbin/sshd ssh ssh-keygen "$TIMEKPRD" timekpra flock setsid useradd chpasswd; do
    command -v "$b" >/dev/null || die "$b not found; run: $0 install"
  done
  "$PY" -c 'import dbus, gi' 2>/dev/null || die "$PY lacks python3-dbus/python3-gi; run: $0 install"
  libfaketime >/dev/null || die "libfaketimeMT.so.1 not found; run: $0 install"
  [[ $STATE != *[[:space:]]* ]] || die "TKHOST_STATE_DIR must not contain whitespace: '$STATE'"
}

libfaketime() {
  local f
  for f in /usr/lib/*/faketime/libfaketimeMT.so.1 /usr/lib/faketime/libfaketimeMT.so.1; do
    [[ -e $f ]] && { printf '%s\n' "$f"; return 0; }
  done
  return 1
}

# Serialize mutating subcommands (two concurrent "up"s would race on pids and ports).
take_lock() {
  mkdir -p "$STATE" "$RUN"
  chmod 700 "$STATE"
  exec 9>"$STATE/.lock"
  flock -w 120 9 || die "another host.sh is still running (lock $STATE/.lock)"
}

# ---------------------------------------------------------------- components
start_dbus() {
  if bus_ping >/dev/null 2>&1; then return 0; fi
  log "starting the system D-Bus"
  mkdir -p /run/dbus
  if [[ -e /run/dbus/pid ]]; then
    local old; old=$(<"/run/dbus/pid")
    if [[ $old =~ ^[0-9]+$ ]] && cmdline_has "$old" dbus-daemon; then
      die "dbus-daemon (pid $old) is running but $DBUS_SOCKET does not answer; stop it and retry"
    fi
    rm -f /run/dbus/pid
  fi
  dbus-daemon --system --fork </dev/null >>"$STATE/dbus-daemon.log" 2>&1 9>&- ||
    die "dbus-daemon --system failed to start; see $STATE/dbus-daemon.log"
  wait_until "$DEADLINE" "the system bus" bus_ping || die "system bus does not answer on $DBUS_SOCKET"
  cp /run/dbus/pid "$RUN/dbus.pid"    # we started it, so "down" stops it
}

install_policy() {
  if ! cmp -s "$POLICY_SRC" "$POLICY_DST"; then
    install -m 644 "$POLICY_SRC" "$POLICY_DST"
  fi
  touch "$RUN/policy.installed"
  if bus_ping >/dev/null 2>&1; then
    bus_call --dest=org.freedesktop.DBus / org.freedesktop.DBus.ReloadConfig >/dev/null \
      || die "could not make the system bus reload its config (policy $POLICY_DST)"
  fi
}

ensure_user() {  # ensure_user NAME: unix user with home + bash, UID >= 1000 (timekpr's UID_MIN)
  local uid
  if ! id -u "$1" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/bash "$1" || die "useradd $1 failed"
  fi
  uid=$(id -u "$1")
  (( uid >= 1000 )) || die "user $1 has UID $uid < 1000; timekpr ignores it. Remove it (userdel -r $1) and retry"
}

setup_users() {
  getent group timekpr >/dev/null || groupadd --system timekpr
  local u pw
  pw=$(<"$STATE/ssh_password")
  for u in "$SSH_USER" "$SSH_USER_NOGROUP"; do
    ensure_user "$u"
    usermod -p '*' "$u"                    # unlocked for key login ...
    printf '%s:%s\n' "$u" "$pw" | chpasswd # ... and a real password for password-auth tests
    install -d -m 700 -o "$u" -g "$(id -gn "$u")" "/home/$u/.ssh"
    cat "$STATE/id_ed25519.pub" "$STATE/id_ed25519_enc.pub" >"/home/$u/.ssh/authorized_keys"
    chown "$u:$(id -gn "$u")" "/home/$u/.ssh/authorized_keys"
    chmod 600 "/home/$u/.ssh/authorized_keys"
  done
  usermod -aG timekpr "$SSH_USER"
  if [[ " $(id -nG "$SSH_USER_NOGROUP") " == *" timekpr "* ]]; then gpasswd -d "$SSH_USER_NOGROUP" timekpr >/dev/null; fi
  ensure_user "$CHILD_IN"
  ensure_user "$CHILD_OUT"
  # timekprd creates a config at start-up for every unix user with UID >= 1000 and a login
  # shell, so the "unknown" child must not exist as a unix user at all.
  if getent passwd "$CHILD_UNKNOWN" >/dev/null; then
    die "unix user $CHILD_UNKNOWN exists, but it must stay unknown to timekprd; remove it (userdel $CHILD_UNKNOWN) and retry"
  fi
}

# Fresh timekpr state for the test children so every "up" starts from the package defaults.
reset_child_state() {
  local u
  for u in "$CHILD_IN" "$CHILD_OUT" "$CHILD_UNKNOWN"; do
    rm -f "$TK_CONFIG_DIR/timekpr.$u.conf" "$TK_CONFIG_DIR/timekpr.$u.conf.prev" \
          "$TK_WORK_DIR/$u.time" "$TK_WORK_DIR/$u.time.prev"
  done
}

make_keys() {
  # Generated once per state dir and reused by later "up"s.
  if [[ ! -s $STATE/ssh_password ]]; then rand_alnum 24 >"$STATE/ssh_password"; fi
  [[ -s $STATE/ssh_host_ed25519_key ]] ||
    ssh-keygen -q -t ed25519 -N '' -C "timekpr-bot-test-host" -f "$STATE/ssh_host_ed25519_key"
  [[ -s $STATE/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C "timekpr-bot-test" -f "$STATE/id_ed25519"
  if [[ ! -s $STATE/id_ed25519_enc || ! -s $STATE/key_passphrase ]]; then
    rm -f "$STATE/id_ed25519_enc" "$STATE/id_ed25519_enc.pub"
    rand_alnum 20 >"$STATE/key_passphrase"
    ssh-keygen -q -t ed25519 -N "$(<"$STATE/key_passphrase")" -C "timekpr-bot-test-enc" -f "$STATE/id_ed25519_enc"
  fi
  chmod 600 "$STATE/ssh_password" "$STATE/key_passphrase" "$STATE/id_ed25519" "$STATE/id_ed25519_enc" \
            "$STATE/ssh_host_ed25519_key"
}

start_standin() {
  if pid_of standin "$STANDIN" >/dev/null && standin_ping >/dev/null 2>&1; then return 0; fi
  local owner
  if owner=$(name_owner_pid org.freedesktop.login1) && [[ -n $owner ]]; then
    die "org.freedesktop.login1 is already owned by pid $owner (real logind or a stray stand-in); stop it and retry"
  fi
  log "starting the logind stand-in"
  spawn standin "$STATE/logind-standin.log" "$PY" "$STANDIN" --calls-log "$STATE/logind-calls.log"
  wait_until "$DEADLINE" "the logind stand-in on the bus" standin_ping ||
    die "logind stand-in did not come up; see $STATE/logind-standin.log"
}

# The fake clock: "up" fixes FAKE_START (today 12:00:00) at real time REAL_START; every
# (re)start of timekprd uses libfaketime's start-at mode ("@date time", clock keeps running)
# at FAKE_START + real time elapsed since REAL_START, so restarts continue the same timeline.
init_fake_clock() {
  local real fake
  real=$(date +%s)
  fake=$(date -d "$(date +%F) 12:00:00" +%s)
  printf 'REAL_START=%s\nFAKE_START=%s\n' "$real" "$fake" >"$RUN/faketime"
}

start_timekprd() {
  local pid real fake now_fake
  if pid_of timekprd timekprd >/dev/null; then return 0; fi
  # timekprd silently exits if /tmp/timekprd.pid names a live timekprd: refuse to run alongside one.
  if [[ -s $TIMEKPRD_PIDFILE ]]; then
    pid=$(<"$TIMEKPRD_PIDFILE")
    if [[ $pid =~ ^[0-9]+$ ]] && cmdline_has "$pid" timekprd; then
      die "a timekprd not started by host.sh is running (pid $pid); stop it and retry"
    fi
    rm -f "$TIMEKPRD_PIDFILE"
  fi
  real=$(sed -n 's/^REAL_START=//p' "$RUN/faketime")
  fake=$(sed -n 's/^FAKE_START=//p' "$RUN/faketime")
  now_fake=$(date -d "@$(( fake + $(date +%s) - real ))" '+%F %T')
  log "starting timekprd with fake clock $now_fake"
  # libfaketimeMT (timekprd is multi-threaded). FAKETIME_DONT_FAKE_MONOTONIC is deliberately NOT
  # set: with it, Python's time.sleep() (clock_nanosleep on CLOCK_MONOTONIC, absolute deadline)
  # fails with EINVAL under libfaketime 0.9.10 and would kill timekprd's worker thread. With the
  # monotonic clock faked too, time.sleep, GLib timeouts and the dbus-python calls all work.
  spawn timekprd "$STATE/timekprd.out" env LD_PRELOAD="$(libfaketime)" FAKETIME="@$now_fake" "$TIMEKPRD"
  wait_until "$DEADLINE" "timekprd to answer on the system bus" tk_userinfo "$CHILD_IN" ||
    die "timekprd does not answer; see $STATE/timekprd.out and /var/log/timekpr.log"
  pid=$(pid_of timekprd timekprd) || die "timekprd exited right after start; see $STATE/timekprd.out"
  [[ $(name_owner_pid com.timekpr.server) == "$pid" ]] ||
    die "com.timekpr.server is owned by another process, not our timekprd (pid $pid)"
}

# Wait until timekprd's worker reflects what the stand-in says about every logged-in user.
wait_daemon_synced() {
  local u
  for u in $(standin_call LoggedIn | awk -F'"' '/string/ {print $2}'); do
    wait_until "$DEADLINE" "timekprd to notice that $u is logged in" tk_sees_login "$u" ||
      die "timekprd did not pick up the login of $u; see /var/log/timekpr.log"
  done
}

pick_port() {  # a port that is free on all of LISTEN_ADDRS
  "$PY" - "${LISTEN_ADDRS[@]}" <<'EOF'
import socket, sys
for _ in range(100):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    socks = []
    try:
        for addr in sys.argv[1:]:
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # like sshd
            socks.append(s)
            s.bind((addr, port))
        print(port)
        sys.exit(0)
    except OSError:
        pass
    finally:
        for s in socks:
            s.close()
sys.exit("no free port found on " + " ".join(sys.argv[1:]))
EOF
}

write_sshd_config() {
  local port=$1 a
  {
    echo "# generated by host.sh up -- dedicated test sshd, does not use /etc/ssh/sshd_config"
    for a in "${LISTEN_ADDRS[@]}"; do echo "ListenAddress $a:$port"; done
    cat <<EOF
HostKey $STATE/ssh_host_ed25519_key
PidFile $STATE/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitEmptyPasswords no
UsePAM yes
AllowUsers $SSH_USER $SSH_USER_NOGROUP $SSH_USER_RESTRICTED
PermitRootLogin no
X11Forwarding no
# Forwarding is on, as in Debian's default sshd_config: a forward refused for $SSH_USER_RESTRICTED then proves that
# the "restrict" option of its key refused it, not this file.
AllowTcpForwarding yes
PrintMotd no
PrintLastLog no
AcceptEnv LANG LC_* LANGUAGE
LogLevel VERBOSE
MaxStartups 64:30:128
MaxSessions 64
LoginGraceTime 30
Subsystem sftp internal-sftp
EOF
  } >"$STATE/sshd_config"
}

port_listening() {  # all listen addresses bound
  local out a; out=$(ss -Hltn "sport = :$1") || return 1
  for a in "${LISTEN_ADDRS[@]}"; do [[ $out == *"$a:$1 "* ]] || return 1; done
}

start_sshd() {
  local port attempt
  mkdir -p /run/sshd && chmod 755 /run/sshd
  for attempt in 1 2 3; do
    port=$(pick_port) || die "could not find a free port on ${LISTEN_ADDRS[*]}"
    write_sshd_config "$port"
    /usr/sbin/sshd -t -f "$STATE/sshd_config" || die "sshd rejects $STATE/sshd_config"
    log "starting sshd on ${LISTEN_ADDRS[*]} port $port"
    spawn sshd "$STATE/sshd.out" /usr/sbin/sshd -D -f "$STATE/sshd_config" -E "$STATE/sshd.log"
    if wait_until 10 "sshd to listen on port $port" port_listening "$port" && pid_of sshd "$STATE/sshd_config" >/dev/null; then
      echo "$port" >"$RUN/ssh_port"
      return 0
    fi
    log "sshd failed on port $port (attempt $attempt), retrying with another port"
    stop_proc sshd "$STATE/sshd_config"
  done
  die "sshd did not start; see $STATE/sshd.log"
}

write_known_hosts() {
  local port=$1
  printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$STATE/ssh_host_ed25519_key.pub")" >"$STATE/known_hosts"
  cp "$STATE/known_hosts" "$STATE/known_hosts.hashed"
  ssh-keygen -q -H -f "$STATE/known_hosts.hashed" >/dev/null 2>&1
  rm -f "$STATE/known_hosts.hashed.old"
}

ssh_check() {  # the real thing: OpenSSH client, key auth, strict host key, timekpra over SSH
  local out
  out="$(ssh -F /dev/null -p "$(<"$RUN/ssh_port")" -i "$STATE/id_ed25519" -o BatchMode=yes -o IdentitiesOnly=yes \
    -o UserKnownHostsFile="$STATE/known_hosts" -o GlobalKnownHostsFile=/dev/null \
    -o StrictHostKeyChecking=yes -o ConnectTimeout=5 "$SSH_USER@127.0.0.1" \
    "timekpra --userinfo $CHILD_IN" 2>&1)" && [[ $out == *$'\nACTUAL_TIME_LEFT_DAY: '* ]]
}

# Sanity check of the fake clock: on logout timekprd saves LAST_CHECKED (its "now") for the user.
check_fake_clock() {
  local last today
  today=$(date +%F)
  last=$(sed -n 's/^LAST_CHECKED = //p' "$TK_WORK_DIR/$CHILD_OUT.time" 2>/dev/null || true)
  [[ $last == "$today 12:0"* ]] ||
    die "timekprd's clock is not the fake one: LAST_CHECKED of $CHILD_OUT is '$last', expected ~$today 12:00"
}

write_env() {
  local f=$ENV_FILE.tmp s
  s=$(sed -n 's/^FAKE_START=//p' "$RUN/faketime")
  cat >"$f" <<EOF
TKHOST_STATE_DIR=$STATE
TKHOST_SSH_HOST=127.0.0.1
TKHOST_SSH_HOST_ALT=127.0.0.2
TKHOST_SSH_HOST_ALT2=127.0.0.3
TKHOST_SSH_PORT=$(<"$RUN/ssh_port")
TKHOST_SSH_USER=$SSH_USER
TKHOST_SSH_USER_NOGROUP=$SSH_USER_NOGROUP
TKHOST_SSH_USER_RESTRICTED=$SSH_USER_RESTRICTED
TKHOST_SSH_PASSWORD=$(<"$STATE/ssh_password")
TKHOST_KEY=$STATE/id_ed25519
TKHOST_KEY_ENC=$STATE/id_ed25519_enc
TKHOST_KEY_PASSPHRASE=$(<"$STATE/key_passphrase")
TKHOST_KNOWN_HOSTS=$STATE/known_hosts
TKHOST_KNOWN_HOSTS_HASHED=$STATE/known_hosts.hashed
TKHOST_HOST_KEY_PUB=$STATE/ssh_host_ed25519_key.pub
TKHOST_CHILD_LOGGED_IN=$CHILD_IN
TKHOST_CHILD_LOGGED_OUT=$CHILD_OUT
TKHOST_CHILD_UNKNOWN=$CHILD_UNKNOWN
TKHOST_FAKE_START=$(date -d "@$s" '+%FT%T')
TKHOST_FAKE_START_EPOCH=$s
TKHOST_FAKE_OFFSET_SECONDS=$(( s - $(sed -n 's/^REAL_START=//p' "$RUN/faketime") ))
TKHOST_TIMEKPRD_LOG=/var/log/timekpr.log
TKHOST_LOGIND_CALLS_LOG=$STATE/logind-calls.log
TKHOST_HOST_SH=$SCRIPT_DIR/host.sh
EOF
  chmod 600 "$f"
  mv "$f" "$ENV_FILE"
}

# Everything from a previous "up" still alive and answering?
is_up() {
  [[ -s $ENV_FILE && -e $RUN/policy.installed && -s $RUN/ssh_port ]] || return 1
  if [[ -e $RUN/dbus.pid ]]; then pid_of dbus dbus-daemon >/dev/null || return 1; fi
  pid_of standin "$STANDIN" >/dev/null && pid_of timekprd timekprd >/dev/null &&
    pid_of sshd "$STATE/sshd_config" >/dev/null && bus_ping >/dev/null 2>&1 &&
    standin_ping >/dev/null 2>&1 && tk_userinfo "$CHILD_IN" >/dev/null 2>&1
}

# ---------------------------------------------------------------- subcommands
cmd_up() {
  need_root up
  check_prereqs
  take_lock
  if is_up; then
    log "already up"
    printf '%s\n' "$ENV_FILE"
    return 0
  fi
  local t0=${EPOCHREALTIME/./}
  # Anything left over from a partial/crashed "up" is torn down first.
  teardown
  rm -f "$ENV_FILE"

  rotate_logs
  start_dbus
  install_policy
  make_keys
  setup_users
  start_standin

  # timekprd only tracks users it sees logged in via logind (it polls ListUsers every 3 s);
  # logging both children in before it starts lets its very first poll pick them up.
  standin_call Login "string:$CHILD_IN" >/dev/null || die "stand-in Login($CHILD_IN) failed"
  standin_call Login "string:$CHILD_OUT" >/dev/null || die "stand-in Login($CHILD_OUT) failed"
  reset_child_state
  init_fake_clock
  start_timekprd
  start_sshd
  write_known_hosts "$(<"$RUN/ssh_port")"
  local u
  for u in "$CHILD_IN" "$CHILD_OUT"; do
    wait_until "$DEADLINE" "timekprd to see $u logged in" tk_sees_login "$u" ||
      die "timekprd did not notice the login of $u; see /var/log/timekpr.log"
  done
  standin_call Logout "string:$CHILD_OUT" >/dev/null || die "stand-in Logout($CHILD_OUT) failed"
  wait_until "$DEADLINE" "timekprd to see $CHILD_OUT logged out" tk_sees_logout "$CHILD_OUT" ||
    die "timekprd did not notice the logout of $CHILD_OUT; see /var/log/timekpr.log"
  tk_has_config "$CHILD_UNKNOWN" && die "timekprd unexpectedly knows $CHILD_UNKNOWN"
  check_fake_clock

  wait_until "$DEADLINE" "timekpra --userinfo over ssh" ssh_check ||
    die "ssh $SSH_USER@127.0.0.1 timekpra --userinfo $CHILD_IN does not work; see $STATE/sshd.log"
  write_env
  log "up in $(( (${EPOCHREALTIME/./} - t0) / 1000 )) ms (ssh port $(<"$RUN/ssh_port"))"
  printf '%s\n' "$ENV_FILE"
}

rotate_logs() {  # keep the logs of the previous "up" as *.prev
  local f
  for f in dbus-daemon.log logind-standin.log logind-calls.log timekprd.out sshd.log sshd.out; do
    if [[ -e $STATE/$f ]]; then mv -f "$STATE/$f" "$STATE/$f.prev"; fi
  done
}

# Stop what "up" recorded, in reverse order. Users, keys and logs stay.
teardown() {
  stop_proc sshd "$STATE/sshd_config"
  stop_proc timekprd timekprd
  stop_proc standin "$STANDIN"
  if [[ -e $RUN/policy.installed ]]; then
    rm -f "$POLICY_DST" "$RUN/policy.installed"
    if bus_ping >/dev/null 2>&1 && [[ ! -e $RUN/dbus.pid ]]; then
      bus_call --dest=org.freedesktop.DBus / org.freedesktop.DBus.ReloadConfig >/dev/null || true
    fi
  fi
  if [[ -e $RUN/dbus.pid ]]; then
    stop_proc dbus dbus-daemon
    rm -f /run/dbus/pid
  fi
  rm -f "$RUN/ssh_port" "$RUN/faketime"
}

cmd_down() {
  need_root down
  [[ -d $STATE ]] || { log "nothing to stop ($STATE does not exist)"; return 0; }
  take_lock
  teardown
  rm -f "$ENV_FILE"
  log "down"
}

cmd_status() {
  local rc=0 pid name marker
  printf 'state dir: %s\n' "$STATE"
  for name in dbus standin timekprd sshd; do
    case $name in
      dbus) marker=dbus-daemon ;;
      standin) marker=$STANDIN ;;
      timekprd) marker=timekprd ;;
      sshd) marker=$STATE/sshd_config ;;
    esac
    if pid=$(pid_of "$name" "$marker"); then
      printf '%-9s running (pid %s)\n' "$name:" "$pid"
    elif [[ $name == dbus ]] && bus_ping >/dev/null 2>&1; then
      printf '%-9s running (not started by host.sh)\n' "$name:"
    else
      printf '%-9s not running\n' "$name:"; rc=1
    fi
  done
  [[ -s $RUN/ssh_port ]] && printf 'ssh port: %s\n' "$(<"$RUN/ssh_port")"
  if standin_ping >/dev/null 2>&1; then
    printf 'logged in: %s\n' "$(standin_call LoggedIn | awk -F'"' '/string/ {printf "%s ", $2}')"
  fi
  if [[ -s $ENV_FILE ]]; then printf 'env file: %s\n' "$ENV_FILE"; else printf 'env file: (none)\n'; rc=1; fi
  if (( rc == 0 )); then echo "status: up"; else echo "status: down"; fi
  return "$rc"
}

cmd_login_logout() {
  local action=$1 user=${2:-}
  need_root "$action"
  [[ -n $user ]] || die "usage: $0 ${action,,} USER"
  standin_ping >/dev/null 2>&1 || die "logind stand-in is not running; run: $0 up"
  local out
  out=$(standin_call "$action" "string:$user") || die "stand-in $action($user) failed (unknown unix user?)"
  if [[ $action == Logout && $out == *"boolean false"* ]]; then
    log "logout $user: was not logged in, nothing changed"
  else
    log "${action,,} $user: done (timekprd notices within its poll interval, 3 s)"
  fi
}

cmd_daemon_stop() {
  need_root daemon-stop
  take_lock
  stop_proc timekprd timekprd
}

cmd_daemon_start() {
  need_root daemon-start
  check_prereqs
  take_lock
  [[ -s $RUN/faketime ]] || die "host is not up (no fake clock recorded); run: $0 up"
  standin_ping >/dev/null 2>&1 || die "logind stand-in is not running; run: $0 up"
  start_timekprd
  wait_daemon_synced
  log "timekprd is up (pid $(pid_of timekprd timekprd))"
}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

main() {
  local cmd=${1:-}
  shift || true
  case $cmd in
    install) cmd_install ;;
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    login) cmd_login_logout Login "$@" ;;
    logout) cmd_login_logout Logout "$@" ;;
    daemon-stop) cmd_daemon_stop ;;
    daemon-start) cmd_daemon_start ;;
    *) usage ;;
  esac
}

main "$@"
