#!/bin/sh
# setup-computer.sh: prepares a child's computer for the timekpr Telegram bot. Run it once, as root, on the child's
# computer, with the bot's public key (the line from the bot's .pub file):
#
#   sudo sh setup-computer.sh --key 'ssh-ed25519 AAAA... timekpr-bot'
#
# It installs the helper (/usr/local/lib/timekpr-bot/timekpr-bot-helper), creates the bot's user if needed, puts it in
# group timekpr (who may talk to Timekpr-nExT) and adds the key to the user's ~/.ssh/authorized_keys restricted to the
# helper: with that key the bot can run nothing else, get no shell, no terminal, no file copy, no port forwarding.
# Running it again changes nothing, or brings everything back to this state.
#
# Options:
#   --key 'TYPE BASE64 [COMMENT]'  the bot's public key (or:)
#   --key-file PATH                a .pub file holding it
#   --user NAME                    the bot's user on this computer (default: timekpr-remote, as in the config)
#   --helper PATH                  the helper to install (default: timekpr-bot-helper.py next to this script)
#   --help                         show this text
#
# Exit status: 0 done, 1 something on this computer is missing or failed, 2 wrong options or key.

set -u
LC_ALL=C
export LC_ALL
umask 022

PROG=setup-computer.sh
INSTALL_DIR=/usr/local/lib/timekpr-bot
INSTALLED_HELPER=$INSTALL_DIR/timekpr-bot-helper
TK_GROUP=timekpr
BOT_SHELL=/bin/sh
TMP_DIR=
AK_TMP=

say() { printf '%s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*"; }
fail() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }
bad_usage() { printf '%s: error: %s (see: sh %s --help)\n' "$PROG" "$*" "$PROG" >&2; exit 2; }
bad_input() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 2; }
oneline() { printf '%s' "$1" | tr '\n\r\t' '   ' | sed 's/  */ /g; s/^ //; s/ $//'; }

# try WHAT CMD...: run CMD; on failure stop with "WHAT: <its output on one line>".
try() {
  try_what=$1
  shift
  if ! try_out=$("$@" 2>&1); then fail "$try_what: $(oneline "$try_out")"; fi
}

cleanup() {
  if [ -n "$AK_TMP" ]; then rm -f -- "$AK_TMP"; fi
  if [ -n "$TMP_DIR" ]; then rm -rf -- "$TMP_DIR"; fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

usage() { sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; }

# ------------------------------------------------------------------------------------------------- options
key=
key_file=
key_given=
user=timekpr-remote
helper_src=

while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --key | --key-file | --user | --helper)
      [ $# -ge 2 ] || bad_usage "$1 needs a value"
      opt=$1 val=$2
      shift 2 ;;
    --key=* | --key-file=* | --user=* | --helper=*)
      opt=${1%%=*} val=${1#*=}
      shift ;;
    *) bad_usage "unknown option: $(oneline "$1")" ;;
  esac
  case $opt in
    --key | --key-file)
      [ -z "$key_given" ] || bad_usage "give the key once: either --key or --key-file"
      key_given=1
      if [ "$opt" = --key ]; then key=$val; else key_file=$val; fi ;;
    --user) user=$val ;;
    --helper) helper_src=$val ;;
  esac
done

[ -n "$key_given" ] ||
  bad_usage "missing --key: pass the bot's public key, e.g. --key 'ssh-ed25519 AAAA... timekpr-bot'"

# A Linux login name as the helper and Timekpr-nExT accept it: ^[a-z_][a-z0-9_-]{0,31}$
case $user in
  '' | [!a-z_]* | *[!a-z0-9_-]*) bad_input "--user: '$(oneline "$user")' is not a valid user name (lowercase letters, digits, _ and -)" ;;
esac
[ ${#user} -le 32 ] || bad_input "--user: '$user' is longer than 32 characters"

if [ -z "$helper_src" ]; then
  helper_src=$(dirname -- "$0")/timekpr-bot-helper.py
fi

# ------------------------------------------------------------------------------------------------- the key
if [ -n "$key_file" ]; then
  if [ ! -f "$key_file" ] || [ ! -r "$key_file" ]; then bad_input "--key-file: cannot read '$(oneline "$key_file")'"; fi
  [ "$(wc -c <"$key_file")" -le 16384 ] || bad_input "--key-file: '$key_file' is too big for a public key file"
  if grep -q -e '-----BEGIN' -e 'PRIVATE KEY' "$key_file"; then
    bad_input "--key-file: '$key_file' is a private key; pass the public one (the .pub file)"
  fi
  key=$(grep -v -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$key_file")
  case $key in
    '') bad_input "--key-file: '$key_file' holds no key" ;;
    *'
'*) bad_input "--key-file: '$key_file' holds more than one key line; pass a file with just the bot's key" ;;
  esac
fi

# Carriage returns (a .pub file that went through Windows) and trailing newlines go; the rest must be one line.
key=$(printf '%s' "$key" | tr -d '\r')
case $key in
  *'
'*) bad_input "the key must be one line: TYPE BASE64 [COMMENT]" ;;
esac

# parse_key LINE: sets key_type, key_blob, key_comment (spaces in the comment squeezed to one).
parse_key() {
  set -f
  # shellcheck disable=SC2086  # splitting the key line into its fields is the point
  set -- $1
  set +f
  [ $# -ge 2 ] || bad_input "the key must look like: ssh-ed25519 AAAA... [comment]"
  key_type=$1
  key_blob=$2
  shift 2
  key_comment=$*
}
parse_key "$key"

case $key_type in
  ssh-ed25519 | ecdsa-sha2-nistp256 | ecdsa-sha2-nistp384 | ecdsa-sha2-nistp521 | ssh-rsa | \
    sk-ssh-ed25519@openssh.com | sk-ecdsa-sha2-nistp256@openssh.com) ;;
  *) bad_input "'$(oneline "$key_type")' is not a supported key type (use e.g. ssh-ed25519); the key must start with its type" ;;
esac
case $key_blob in
  *[!A-Za-z0-9+/=]*) bad_input "the key is damaged: its second field is not base64" ;;
esac
case $key_comment in
  *'"'*) bad_input "the key's comment must not contain '\"'" ;;
esac

command -v ssh-keygen >/dev/null 2>&1 ||
  fail "ssh-keygen is missing on this computer: install the OpenSSH server first (sudo apt install openssh-server)"
TMP_DIR=$(mktemp -d) || fail "cannot create a temporary directory"
printf '%s %s\n' "$key_type" "$key_blob" >"$TMP_DIR/key.pub"
if ! key_fp=$(ssh-keygen -l -f "$TMP_DIR/key.pub" 2>/dev/null); then
  bad_input "this is not a valid $key_type public key (copy the whole line from the bot's .pub file)"
fi
# "256 SHA256:... no comment (ED25519)" -> "SHA256:..."
key_fp=$(printf '%s\n' "$key_fp" | awk '{ print $2 }')

# ------------------------------------------------------------------------------------------------- checks
[ "$(id -u)" = 0 ] || fail "run this as root: sudo sh $0 ..."

timekpr_installed() {
  getent group "$TK_GROUP" >/dev/null 2>&1 || return 1
  [ -x /usr/bin/timekprd ] && return 0
  # shellcheck disable=SC2016  # ${Status} is dpkg-query's format, not a shell variable
  command -v dpkg-query >/dev/null 2>&1 &&
    [ "$(dpkg-query -W -f='${Status}' timekpr-next 2>/dev/null)" = "install ok installed" ]
}
timekpr_installed ||
  fail "Timekpr-nExT is not installed on this computer: install it first (sudo apt install timekpr-next)"

[ -x /usr/sbin/sshd ] || command -v sshd >/dev/null 2>&1 ||
  fail "the OpenSSH server is not installed on this computer: install it first (sudo apt install openssh-server)"

if [ ! -f "$helper_src" ] || [ ! -r "$helper_src" ]; then
  fail "helper not found: '$(oneline "$helper_src")' (put timekpr-bot-helper.py next to this script, or pass --helper PATH)"
fi

# The python the helper runs with: its #! line (sshd executes the helper file directly).
helper_python() {
  hp_line=$(head -n 1 -- "$helper_src")
  case $hp_line in
    '#!'*) ;;
    *) return 1 ;;
  esac
  set -f
  # shellcheck disable=SC2086
  set -- ${hp_line#??}
  set +f
  [ $# -ge 1 ] || return 1
  if [ "${1##*/}" = env ] && [ $# -ge 2 ]; then
    PATH=/usr/local/bin:/usr/bin:/bin command -v "$2"  # sshd's default PATH
  else
    printf '%s\n' "$1"
  fi
}
PY=$(helper_python) || fail "'$helper_src' does not start with a #! line; is it the timekpr-bot helper?"
if [ -z "$PY" ] || [ ! -x "$PY" ]; then
  fail "python3 is not installed on this computer: install it first (sudo apt install python3)"
fi
"$PY" -c 'import dbus, gi' >/dev/null 2>&1 ||
  fail "the Python D-Bus modules are not installed on this computer: install them first (sudo apt install python3-dbus python3-gi)"

parses() { "$PY" -c 'import ast, sys; ast.parse(open(sys.argv[1], "rb").read(), sys.argv[1])' "$1" >/dev/null 2>&1; }
parses "$helper_src" || fail "'$helper_src' is not a valid Python program; download the helper again"

# An existing user must be usable before anything is changed.
if pw_line=$(getent passwd "$user"); then
  IFS=: read -r pw_name pw_x uid gid pw_gecos home shell <<EOF
$pw_line
EOF
  : "$pw_name" "$pw_x" "$pw_gecos" "$gid" "$shell"
  [ "$uid" != 0 ] || fail "user $user is root (UID 0); pick another --user for the bot"
  case $home in
    /?*) ;;
    *) fail "user $user has no usable home directory ('$home'); give it one (usermod -d /home/$user -m $user)" ;;
  esac
  [ -d "$home" ] || fail "the home directory $home of user $user does not exist (mkhomedir_helper $user creates it)"
  for f in "$home/.ssh" "$home/.ssh/authorized_keys"; do
    [ ! -L "$f" ] || fail "$f is a symbolic link; remove it and run this again"
  done
  if [ -e "$home/.ssh" ] && [ ! -d "$home/.ssh" ]; then fail "$home/.ssh is not a directory; remove it and run this again"; fi
  if [ -e "$home/.ssh/authorized_keys" ] && [ ! -f "$home/.ssh/authorized_keys" ]; then
    fail "$home/.ssh/authorized_keys is not a regular file; remove it and run this again"
  fi
fi

# ------------------------------------------------------------------------------------------------- helper
try "cannot create $INSTALL_DIR" install -d -o root -g root -m 755 "$INSTALL_DIR"
if [ -f "$INSTALLED_HELPER" ] && [ ! -L "$INSTALLED_HELPER" ] && cmp -s "$helper_src" "$INSTALLED_HELPER" &&
  [ "$(stat -c '%a %u %g' "$INSTALLED_HELPER")" = "755 0 0" ]; then
  say "helper: $INSTALLED_HELPER already up to date"
else
  if [ -e "$INSTALLED_HELPER" ]; then what=updated; else what=installed; fi
  try "cannot install the helper as $INSTALLED_HELPER" install -o root -g root -m 755 "$helper_src" "$INSTALLED_HELPER"
  say "helper: $what $INSTALLED_HELPER"
fi
parses "$INSTALLED_HELPER" || fail "the installed helper $INSTALLED_HELPER does not parse as Python"

# ------------------------------------------------------------------------------------------------- user
# Timekpr-nExT limits every user with a real shell whose UID is from UID_MIN - 1 (sic: 999 by default, for VMs) to
# UID_MAX of /etc/login.defs, and useradd --system hands out 999 first: the bot's user must stay below UID_MIN - 1.
uid_min=$(awk '$1 == "UID_MIN" { print $2 }' /etc/login.defs 2>/dev/null)
case $uid_min in '' | *[!0-9]*) uid_min=1000 ;; esac
limited_from=$((uid_min - 1))

if getent passwd "$user" >/dev/null 2>&1; then
  say "user $user: already exists"
else
  # A system user with a home for ~/.ssh. The shell must be a real one: sshd runs the key's forced command through it.
  group_opt=
  if getent group "$user" >/dev/null 2>&1; then group_opt="-g $user"; fi
  # shellcheck disable=SC2086  # group_opt is empty or two words
  try "cannot create user $user" useradd --system -K "SYS_UID_MAX=$((limited_from - 1))" --create-home \
    --shell "$BOT_SHELL" --comment 'timekpr Telegram bot' $group_opt "$user"
  say "user $user: created"
fi

IFS=: read -r pw_name pw_x uid gid pw_gecos home shell <<EOF
$(getent passwd "$user")
EOF
: "$pw_name" "$pw_x" "$pw_gecos"
if [ "$uid" -ge "$limited_from" ]; then
  warn "user $user has UID $uid, so Timekpr-nExT lists it as a user it can limit; a user made by this script would not"
fi

case $shell in
  '' | */nologin | */false)
    try "cannot set the shell of $user" usermod -s "$BOT_SHELL" "$user"
    say "user $user: shell set to $BOT_SHELL (was '${shell:-none}'; sshd runs the helper through it)" ;;
esac

# Key login needs an account that is not locked ("!"): "*" means no password can ever match, keys still work.
# A real password hash is left as it is.
if shadow_line=$(getent shadow "$user" 2>/dev/null); then
  pw_hash=${shadow_line#*:}
  pw_hash=${pw_hash%%:*}
  case $pw_hash in
    '' | '!' | '!!' | '!*' | '*!')
      try "cannot unlock $user for key login" usermod -p '*' "$user"
      say "user $user: unlocked for key login (no password)" ;;
    '*') say "user $user: already unlocked for key login (no password)" ;;
    '!'*) warn "the password of $user is locked ('!'); if sshd uses no PAM (UsePAM no), key logins are refused too" ;;
    *) say "user $user: has a password, left unchanged" ;;
  esac
fi

case " $(id -nG "$user") " in
  *" $TK_GROUP "*) say "user $user: already in group $TK_GROUP" ;;
  *)
    try "cannot add $user to group $TK_GROUP" usermod -aG "$TK_GROUP" "$user"
    say "user $user: added to group $TK_GROUP" ;;
esac

# ------------------------------------------------------------------------------------------------- authorized_keys
[ -d "$home" ] || fail "the home directory $home of user $user does not exist"
home_mode=$(stat -c '%a' "$home")
if [ $((0$home_mode & 022)) -ne 0 ]; then
  # sshd (StrictModes) ignores authorized_keys under a home others can write to.
  try "cannot fix the permissions of $home" chmod go-w "$home"
  say "home $home: removed write permission for group and others (sshd requires it)"
fi

ssh_dir=$home/.ssh
ak=$ssh_dir/authorized_keys
if [ ! -d "$ssh_dir" ]; then
  try "cannot create $ssh_dir" install -d -m 700 -o "$uid" -g "$gid" "$ssh_dir"
else
  try "cannot fix the owner of $ssh_dir" chown "$uid:$gid" "$ssh_dir"
  try "cannot fix the permissions of $ssh_dir" chmod 700 "$ssh_dir"
fi

new_line="restrict,command=\"$INSTALLED_HELPER\" $key_type $key_blob${key_comment:+ $key_comment}"

# ak_filter count|write FILE: count the lines for this key (the base64 blob as a field, with or without options;
# "#" comments aside), or print FILE with the first of them replaced by new_line, the others dropped, and new_line
# appended if there was none. Everything else is kept as it is.
ak_filter() {
  BLOB=$key_blob LINE=$new_line awk -v mode="$1" '
    BEGIN { blob = ENVIRON["BLOB"]; line = ENVIRON["LINE"] }
    {
      s = $0; sub(/\r$/, "", s); hit = 0
      if (s !~ /^[ \t]*(#|$)/) {
        n = split(s, f, /[ \t]+/)
        for (i = 1; i <= n; i++) if (f[i] == blob) { hit = 1; break }
      }
      if (hit) { count++; if (mode == "write" && count == 1) print line }
      else if (mode == "write") print
    }
    END {
      if (mode == "count") print count + 0
      else if (count == 0) print line
    }' "$2"
}

if [ -e "$ak" ]; then ak_src=$ak; else ak_src=/dev/null; fi
AK_TMP=$(mktemp "$ssh_dir/.authorized_keys.XXXXXX") || fail "cannot write in $ssh_dir"
before=$(ak_filter count "$ak_src") || fail "cannot read $ak"
ak_filter write "$ak_src" >"$AK_TMP" || fail "cannot write in $ssh_dir"
if [ -e "$ak" ] && cmp -s "$AK_TMP" "$ak"; then
  rm -f -- "$AK_TMP"
  AK_TMP=
  try "cannot fix the owner of $ak" chown "$uid:$gid" "$ak"
  try "cannot fix the permissions of $ak" chmod 600 "$ak"
  say "authorized_keys: key already present, restricted to the helper"
else
  try "cannot set the owner of $ak" chown "$uid:$gid" "$AK_TMP"
  try "cannot set the permissions of $ak" chmod 600 "$AK_TMP"
  try "cannot replace $ak" mv -f -- "$AK_TMP" "$ak"
  AK_TMP=
  case $before in
    0) say "authorized_keys: key added, restricted to the helper" ;;
    1) say "authorized_keys: the line for this key replaced, now restricted to the helper" ;;
    *) say "authorized_keys: the $before lines for this key replaced by one, restricted to the helper" ;;
  esac
fi
say "key: $key_fp ($key_type${key_comment:+ $key_comment})"

# ------------------------------------------------------------------------------------------------- try it
# Ask the installed helper "hello" as the bot's user, the way the bot will (new group membership included).
if command -v runuser >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
  hello=$(printf '{"id":1,"op":"hello"}\n' | timeout 20 runuser -u "$user" -- "$INSTALLED_HELPER" 2>&1)
  # "True True" (daemon running, in group timekpr), "error <message>", or nothing when no answer came.
  state=$(printf '%s\n' "$hello" | "$PY" -c '
import json, sys
a = json.loads(sys.stdin.readline())
if a.get("ok") is True:
    print(a["result"]["daemon"], a["result"]["group"])
else:
    print("error", a["error"]["kind"] + ":", a["error"]["message"])' 2>/dev/null)
  case $state in
    "True True") say "check: the helper answers as $user, and Timekpr-nExT is running" ;;
    "False True")
      say "check: the helper answers as $user"
      warn "the Timekpr-nExT daemon is not running; start it (sudo systemctl restart timekpr)" ;;
    "error "*)
      say "check: the helper answers as $user"
      warn "but it reports: $(oneline "${state#error }")" ;;
    *" False") fail "the helper runs as $user but not in group $TK_GROUP" ;;
    *) fail "the installed helper does not answer when run as $user: $(oneline "$(printf '%s\n' "$hello" | head -n 3)")" ;;
  esac
fi

say "Done. Now run \`npm run check\` on the bot's computer."
