"""Is a TCP port free to listen on, and if not, which program holds it?

granian listens with SO_REUSEPORT, so a second server (or a web worker left over from an
earlier run) binds the same port beside the first and the two share its connections. A bind
without that option fails while anything listens there: that is the check.
"""

import errno
import os
import socket


class PortTaken(Exception):
    """The port a server must listen on is in use; the message says by whom if we can tell."""


def check_free(host, port, what):
    """Raise PortTaken when `port` on `host` cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        # Connections of a server that just stopped linger in TIME_WAIT for a minute: they
        # listen to nothing, and the server binds beside them (SO_REUSEADDR), so the check too.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                holder = who_listens(port)
                by = f" by {holder}" if holder else ""
                raise PortTaken(
                    f"Port {port} ({what}) is already in use{by}. Stop that program or "
                    f"choose another port."
                ) from error
            message = f"Cannot listen on {host}:{port} ({what}): {error.strerror}."
            raise PortTaken(message) from error


def who_listens(port):
    """'process NAME (pid N)' listening on `port`, from /proc; None when it cannot be told."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as handle:
                next(handle)
                for line in handle:
                    fields = line.split()
                    local, state, inode = fields[1], fields[3], fields[9]
                    if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                        inodes.add(f"socket:[{inode}]")
        except (OSError, StopIteration, IndexError, ValueError):
            continue
    if not inodes:
        return None
    for pid in sorted(filter(str.isdigit, os.listdir("/proc")), key=int):
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue  # gone, or another user's process
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") in inodes:
                    return f"{_command(pid)} (pid {pid})"
            except OSError:
                continue
    return "another user's process"


def _command(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            words = handle.read().split(b"\0")
    except OSError:
        return "a process"
    line = " ".join(word.decode(errors="replace") for word in words if word)
    return line[:120] or "a process"
