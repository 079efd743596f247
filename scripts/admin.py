#!/usr/bin/env python3
"""gif-chat room administration over the TCP event-bus bridge, with nothing but Python's standard library.

Each frame is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON (docs/ADMIN.md). Every request
is a "send" with a reply address and the admin token in its headers; the reply comes back on that address.
It takes the same commands as scripts/admin and prints the same tables and JSON (docs/ADMIN.md section 4).
"""
import argparse
import datetime
import json
import os
import socket
import struct
import sys
import unicodedata

OK, REFUSED, USAGE, UNREACHABLE = 0, 1, 2, 3
# longer than the bridge's own default reply timeout (30 s), so a slow operation is answered TIMEOUT first
ANSWER_TIMEOUT_S = 40

COMMANDS = """commands in full:
  rooms list                                   every room: people, messages, owner, last activity
  rooms show ROOM                              one room and the people in it (with their ids)
  rooms close ROOM                             close a room: its people go back to the list
  announce [--room ROOM] TEXT...               a notice to one room, or to every room
  rooms slowmode ROOM SECONDS                  one message per person every SECONDS (0: off)
  kick ROOM PERSON [--cooldown SECONDS] [--address]
                                               take a person out of a room (ids from 'rooms show');
                                               --address keeps their address out too
  ban (--person ID | --address HASH) --seconds SECONDS [--reason TEXT]
                                               ban from the whole chat, and out of every room
  unban (--person ID | --address HASH)         lift a ban
  bans                                         the bans in force
  messages delete ROOM MESSAGE                 remove one message (id "<room>-<number>")
  messages purge --older-than SECONDS [--room ROOM]
                                               remove old messages and their images
  stats                                        nodes, connections per node, rooms, messages

The token comes from --token or ADMIN_TOKEN, the bridge's address from --host and
--port or ADMIN_HOST and ADMIN_PORT, else 127.0.0.1:7070. Options go anywhere on the
line. COMMAND --help describes one command.

Exit codes: 0 done, 1 refused by the server, 2 a bad command line or no token,
3 no answer from the bridge."""


class Bridge:
    def __init__(self, host, port, token):
        self.sock = socket.create_connection((host, port), timeout=ANSWER_TIMEOUT_S)
        self.token = token
        self.requests = 0

    def request(self, address, body):
        self.requests += 1
        reply_address = "py-%d" % self.requests
        self._write({"type": "send", "address": address, "replyAddress": reply_address,
                     "headers": {"token": self.token}, "body": body})
        while True:
            frame = self._read()
            if frame.get("address") == reply_address or frame.get("type") == "err":
                return frame

    def close(self):
        self.sock.close()

    def _write(self, frame):
        data = json.dumps(frame).encode("utf-8")
        self.sock.sendall(struct.pack(">I", len(data)) + data)

    def _read(self):
        (length,) = struct.unpack(">I", self._exactly(4))
        return json.loads(self._exactly(length).decode("utf-8"))

    def _exactly(self, count):
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                raise ConnectionError("the admin bridge closed the connection")
            data += chunk
        return data


# What is printed: the same as com.gifchat.admin.AdminOutput, character for character.

def escaped(text):
    """Control, invisible and line-separator characters and backslashes made visible, as LogText does."""
    out = []
    for ch in text:
        if ch in "\n\r\t\\":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Cn", "Co"):
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def row(cells, widths):
    """Each cell escaped, cut to its width with an ellipsis and padded (on the left for a negative width)."""
    parts = []
    for i, (cell, width) in enumerate(zip(cells, widths)):
        text = escaped(str(cell))
        size = abs(width)
        if size and len(text) > size:
            text = text[:size - 1] + "\u2026"
        padding = " " * max(0, size - len(text))
        last = i == len(cells) - 1
        parts.append(padding + text if width < 0 else text + ("" if last else padding))
    return "  ".join(parts)


def instant(epoch_millis):
    """As Java's Instant.toString: UTC, milliseconds only when there are some."""
    seconds, millis = divmod(epoch_millis, 1000)
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return moment + (".%03d" % millis if millis else "") + "Z"


ROOM_WIDTHS = (16, 24, 7, 7, -8, 7, 0)
MEMBER_WIDTHS = (32, 7, 24, 0)


def rooms_table(rooms):
    lines = [row(("ROOM", "TITLE", "ACCESS", "PEOPLE", "MESSAGES", "OWNER", "LAST ACTIVITY"), ROOM_WIDTHS)]
    for room in rooms:
        lines.append(row((room["id"], room["title"], "private" if room["private"] else "public",
                          "%d/%d" % (room["memberCount"], room["capacity"]), room["messageCount"], room["owner"],
                          instant(room["lastActivity"])), ROOM_WIDTHS))
    return "\n".join(lines)


def members_table(members):
    lines = [row(("PERSON", "COLOUR", "JOINED", "CONNECTIONS (NODE)"), MEMBER_WIDTHS)]
    for member in members:
        nodes = ", ".join(connection["node"] for connection in member["connections"])
        lines.append(row((member["id"], member["colour"], instant(member["joinedAt"]), nodes), MEMBER_WIDTHS))
    return "\n".join(lines)


def bans_table(bans):
    table = [row(["BAN", "UNTIL", "REASON"], [39, 24, 0])]
    for ban in bans:
        table.append(row([ban["id"], instant(ban["until"]), ban.get("reason") or ""], [39, 24, 0]))
    return "\n".join(table)


def human(address, body):
    if address == "admin.rooms.list":
        return rooms_table(body["rooms"])
    if address == "admin.rooms.show":
        return rooms_table([body["room"]]) + "\n\n" + members_table(body["members"])
    if address == "admin.bans.list":
        return bans_table(body["bans"])
    if not body:
        return "ok"
    return "\n".join("%s: %s" % (key, escaped(value) if isinstance(value, str)
                                 else json.dumps(value, separators=(",", ":"), ensure_ascii=False))
                     for key, value in body.items())


# The command line: the same commands, options and exit codes as scripts/admin.

class Parser(argparse.ArgumentParser):
    def error(self, message):
        print("admin.py: %s (see '%s --help')" % (message, self.prog), file=sys.stderr)
        sys.exit(USAGE)


def options():
    """The options every command takes, anywhere on the line; absent ones stay unset."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--host", default=argparse.SUPPRESS, help="the bridge's host (ADMIN_HOST, else 127.0.0.1)")
    common.add_argument("--port", type=int, default=argparse.SUPPRESS, help="the bridge's port (ADMIN_PORT, else 7070)")
    common.add_argument("--token", default=argparse.SUPPRESS, help="the admin token (ADMIN_TOKEN)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print the reply as JSON")
    return common


def parser():
    common = options()
    top = Parser(prog="admin.py", description="Room administration through the TCP admin bridge (docs/ADMIN.md).",
                 parents=[common], epilog=COMMANDS, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands.required = True

    def command(group, name, summary, address, body):
        sub = group.add_parser(name, parents=[common], help=summary, description=summary + ".")
        sub.set_defaults(address=address, body=body)
        return sub

    rooms = commands.add_parser("rooms", parents=[common], help="List, show or close rooms, or set their slow mode").add_subparsers(
        dest="action", metavar="ACTION", parser_class=Parser)
    rooms.required = True
    command(rooms, "list", "Every room: people, messages, owner, last activity", "admin.rooms.list", lambda a: {})
    command(rooms, "show", "One room and the people in it, with their ids", "admin.rooms.show",
            lambda a: {"roomId": a.room}).add_argument("room", metavar="ROOM", help="the room's id")
    command(rooms, "close", "Close a room: its messages and images go, its people go back to the list",
            "admin.rooms.close", lambda a: {"roomId": a.room}).add_argument("room", metavar="ROOM", help="the room's id")
    slow = command(rooms, "slowmode", "Let each person send one message every SECONDS in a room; 0 turns it off",
                   "admin.rooms.slowmode", lambda a: {"roomId": a.room, "seconds": a.seconds})
    slow.add_argument("room", metavar="ROOM", help="the room's id")
    slow.add_argument("seconds", metavar="SECONDS", type=int, help="seconds between one person's messages (0: off)")

    messages = commands.add_parser("messages", parents=[common], help="Delete one message or purge old ones") \
        .add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)
    messages.required = True
    delete = command(messages, "delete", "Remove one message (and its image) from a room and every open page",
                     "admin.messages.delete", lambda a: {"roomId": a.room, "messageId": a.message})
    delete.add_argument("room", metavar="ROOM", help="the room's id")
    delete.add_argument("message", metavar="MESSAGE", help='the message\'s id, "<room>-<number>"')
    purge = command(messages, "purge", "Remove the messages older than an age, with their images",
                    "admin.messages.purge", lambda a: with_room({"olderThanSeconds": a.older_than}, a.room))
    purge.add_argument("--older-than", metavar="SECONDS", type=int, required=True, dest="older_than", help="the age")
    purge.add_argument("--room", metavar="ROOM", help="only this room (default: every room)")

    announce = command(commands, "announce", "Show a notice in one room, or in every room", "admin.announce",
                       lambda a: with_room({"text": " ".join(a.text)}, a.room))
    announce.add_argument("--room", metavar="ROOM", help="only this room")
    announce.add_argument("text", metavar="TEXT", nargs="+", help="the notice, its words joined by spaces")
    kick = command(commands, "kick", "Take a person out of a room (ids from 'rooms show') and keep them out for a while",
                   "admin.kick", lambda a: {"roomId": a.room, "userId": a.person, "cooldownSeconds": a.cooldown,
                                            "byAddress": a.by_address})
    kick.add_argument("room", metavar="ROOM", help="the room's id")
    kick.add_argument("person", metavar="PERSON", help="the person's id")
    kick.add_argument("--cooldown", metavar="SECONDS", type=int, default=0, help="how long they stay out (default 0)")
    kick.add_argument("--address", action="store_true", dest="by_address",
                      help="also keep out anyone from the address they were in the room from")
    ban = command(commands, "ban", "Ban a person or a client address from the whole chat for a while; they leave every room",
                  "admin.ban", lambda a: with_reason(dict(banned(a), seconds=a.seconds), a.reason))
    ban.add_argument("--person", metavar="ID", help="the person's id (from 'rooms show')")
    ban.add_argument("--address", metavar="HASH", dest="address_hash", help="the client-address hash (from 'rooms show --json')")
    ban.add_argument("--seconds", metavar="SECONDS", type=int, required=True, help="how long the ban lasts")
    ban.add_argument("--reason", metavar="TEXT", help="why, for the list of bans")
    unban = command(commands, "unban", "Lift a ban", "admin.unban", banned)
    unban.add_argument("--person", metavar="ID", help="the person's id")
    unban.add_argument("--address", metavar="HASH", dest="address_hash", help="the client-address hash")
    command(commands, "bans", "The bans in force, soonest to end first", "admin.bans.list", lambda a: {})
    command(commands, "stats", "Nodes, connections per node, rooms and messages", "admin.stats", lambda a: {})
    return top


def banned(args):
    """Only what was given: the server says when it is not exactly one."""
    body = {}
    if args.person is not None:
        body["personId"] = args.person
    if args.address_hash is not None:
        body["addressHash"] = args.address_hash
    return body


def with_reason(body, reason):
    if reason is not None:
        body["reason"] = reason
    return body


def with_room(body, room):
    if room is not None:
        body["roomId"] = room
    return body


def main(argv):
    args = parser().parse_args(argv)
    host = getattr(args, "host", None) or os.environ.get("ADMIN_HOST", "127.0.0.1")
    token = getattr(args, "token", None) or os.environ.get("ADMIN_TOKEN")
    try:
        port = getattr(args, "port", None) or int(os.environ.get("ADMIN_PORT", "7070"))
    except ValueError:
        print("admin.py: ADMIN_PORT must be a whole number (see 'admin.py --help')", file=sys.stderr)
        return USAGE
    if not token or not token.strip():
        print("admin.py: no token: pass --token or set ADMIN_TOKEN", file=sys.stderr)
        return USAGE
    address, body = args.address, args.body(args)
    try:
        bridge = Bridge(host, port, token)
        try:
            reply = bridge.request(address, body)
        finally:
            bridge.close()
    except (OSError, ValueError) as error:
        print("admin.py: cannot reach the admin bridge at %s:%d: %s" % (host, port, error), file=sys.stderr)
        return UNREACHABLE
    if reply.get("type") != "message":
        code = reply.get("failureCode")
        print("admin.py: refused%s: %s" % ("" if code is None else " (%s)" % code, reply.get("message")), file=sys.stderr)
        return REFUSED
    answer = reply.get("body") or {}
    print(json.dumps(answer, indent=2, ensure_ascii=False) if getattr(args, "json", False) else human(address, answer))
    return OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
