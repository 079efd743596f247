#!/usr/bin/env python3
"""gif-chat room administration over the TCP event-bus bridge, with nothing but Python's standard library.

Each frame is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON (docs/ADMIN.md). Every request
is a "send" with a reply address and the admin token in its headers; the reply comes back on that address.
Run it with --help for the commands; they are the same as scripts/admin's.
"""
import argparse
import json
import os
import socket
import struct
import sys

OK, REFUSED, USAGE, UNREACHABLE = 0, 1, 2, 3


class Bridge:
    def __init__(self, host, port, token):
        self.sock = socket.create_connection((host, port), timeout=30)
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


def parse(argv):
    parser = argparse.ArgumentParser(prog="admin.py", description="gif-chat room administration")
    parser.add_argument("--host", default=os.environ.get("ADMIN_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ADMIN_PORT", "7070")))
    parser.add_argument("--token", default=os.environ.get("ADMIN_TOKEN"))
    parser.add_argument("--json", action="store_true", help="print the reply as JSON")
    commands = parser.add_subparsers(dest="command", required=True)
    rooms = commands.add_parser("rooms").add_subparsers(dest="action", required=True)
    rooms.add_parser("list")
    rooms.add_parser("show").add_argument("room")
    rooms.add_parser("close").add_argument("room")
    announce = commands.add_parser("announce")
    announce.add_argument("--room")
    announce.add_argument("text", nargs="+")
    kick = commands.add_parser("kick")
    kick.add_argument("room")
    kick.add_argument("person")
    kick.add_argument("--cooldown", type=int, default=0)
    messages = commands.add_parser("messages").add_subparsers(dest="action", required=True)
    delete = messages.add_parser("delete")
    delete.add_argument("room")
    delete.add_argument("message")
    purge = messages.add_parser("purge")
    purge.add_argument("--older-than", type=int, required=True, dest="older_than")
    purge.add_argument("--room")
    commands.add_parser("stats")
    return parser.parse_args(argv)


def to_request(args):
    command = (args.command, getattr(args, "action", None))
    if command == ("rooms", "list"):
        return "admin.rooms.list", {}
    if command == ("rooms", "show"):
        return "admin.rooms.show", {"roomId": args.room}
    if command == ("rooms", "close"):
        return "admin.rooms.close", {"roomId": args.room}
    if command == ("messages", "delete"):
        return "admin.messages.delete", {"roomId": args.room, "messageId": args.message}
    if command == ("messages", "purge"):
        return "admin.messages.purge", with_room({"olderThanSeconds": args.older_than}, args.room)
    if args.command == "announce":
        return "admin.announce", with_room({"text": " ".join(args.text)}, args.room)
    if args.command == "kick":
        return "admin.kick", {"roomId": args.room, "userId": args.person, "cooldownSeconds": args.cooldown}
    return "admin.stats", {}


def with_room(body, room):
    if room:
        body["roomId"] = room
    return body


def human(address, body):
    if address == "admin.rooms.list":
        rows = ["%-16s  %-24s  %-7s  %-7s  %8s  %s" % ("ROOM", "TITLE", "ACCESS", "PEOPLE", "MESSAGES", "OWNER")]
        for room in body["rooms"]:
            rows.append("%-16s  %-24s  %-7s  %-7s  %8d  %s" % (
                room["id"], room["title"][:24], "private" if room["private"] else "public",
                "%d/%d" % (room["memberCount"], room["capacity"]), room["messageCount"], room["owner"]))
        return "\n".join(rows)
    if address == "admin.rooms.show":
        room = body["room"]
        rows = ["%s  %s  %d/%d people  %d messages" % (room["id"], room["title"], room["memberCount"],
                                                       room["capacity"], room["messageCount"])]
        for member in body["members"]:
            nodes = ", ".join(conn["node"] for conn in member["connections"])
            rows.append("  %s  %s  %s" % (member["id"], member["colour"], nodes))
        return "\n".join(rows)
    return "\n".join("%s: %s" % (key, value) for key, value in body.items()) or "ok"


def main(argv):
    args = parse(argv)
    if not args.token:
        print("admin.py: no token: pass --token or set ADMIN_TOKEN", file=sys.stderr)
        return USAGE
    address, body = to_request(args)
    try:
        bridge = Bridge(args.host, args.port, args.token)
        reply = bridge.request(address, body)
    except (OSError, ValueError) as error:
        print("admin.py: cannot reach the admin bridge at %s:%d: %s" % (args.host, args.port, error), file=sys.stderr)
        return UNREACHABLE
    if reply.get("type") != "message":
        print("admin.py: refused (%s): %s" % (reply.get("failureCode", "-"), reply.get("message")), file=sys.stderr)
        return REFUSED
    print(json.dumps(reply["body"], indent=2) if args.json else human(address, reply["body"]))
    return OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
