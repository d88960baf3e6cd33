"""The processes `masthead serve` starts, and stopping every one of them.

The web server is a tree (granian's main process and the workers it forks), and a worker
can be stuck where no signal gets it out (granian's main then waits for it without end).
So a stop does not trust each process to stop the ones below it: it asks every process of
the tree, then kills whatever is left after a grace period. Linux's `/proc` gives the tree;
`serve` makes itself the subreaper of its tree, so a worker whose granian main died is still
found below it instead of being handed to init.
"""

import ctypes
import os
import signal
import time

PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def become_subreaper():
    """Adopt the orphans of our own children (Linux); elsewhere, do nothing."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _parents():
    """{pid: parent pid} of every process we can see (empty without /proc)."""
    parents = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return parents
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue  # gone meanwhile
        # "pid (command) state ppid …": the command may hold spaces and parentheses.
        fields = stat[stat.rfind(b")") + 2 :].split()
        if fields and fields[0] != b"Z":  # a zombie is dead, only not yet reaped
            parents[int(entry)] = int(fields[1])
    return parents


def descendants(pid=None):
    """The living processes below `pid` (by default, this process), nearest first."""
    pid = os.getpid() if pid is None else pid
    children = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(0), ()):
            found.append(child)
            queue.append(child)
    return found


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except FileNotFoundError:
        return False
    except OSError:
        return _signal(pid, 0)
    return stat[stat.rfind(b")") + 2 :][:1] != b"Z"


def _signal(pid, signum):
    try:
        os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def reap():
    """Collect the exit status of adopted orphans (children a Popen does not wait for)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def stop_tree(processes, grace, force=None):
    """Stop `processes` (Popen objects we started) and everything below them: SIGTERM to
    each, then SIGKILL to whatever of the tree is still alive after `grace` seconds (at once
    when the `force` event is set, a second Ctrl-C). Return the pids still alive (none,
    unless the kernel would not let them go)."""
    tree = set(descendants())
    for process in processes:
        if process.poll() is None:
            _signal(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and not (force and force.is_set()):
        for process in processes:
            process.poll()  # reaps a direct child as soon as it exits
        tree |= set(descendants())
        if not any(alive(pid) for pid in tree):
            break
        time.sleep(0.05)
    tree |= set(descendants())
    for pid in tree:
        if alive(pid):
            _signal(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for process in processes:
            process.poll()
        reap()
        left = [pid for pid in tree if alive(pid)]
        if not left:
            return []
        time.sleep(0.05)
    return left
