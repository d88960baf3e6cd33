"""`masthead serve` refuses a port something listens on, and only that: the connections a
server that just stopped leaves in TIME_WAIT do not hold its port."""

import socket

import pytest

from masthead.core import ports


def listener():
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def test_a_port_something_listens_on_is_taken():
    with listener() as sock:
        with pytest.raises(ports.PortTaken, match="already in use"):
            ports.check_free("127.0.0.1", sock.getsockname()[1], "web server")


def test_a_stopped_servers_lingering_connections_do_not_hold_its_port():
    server = listener()
    port = server.getsockname()[1]
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
    for _ in clients:
        accepted, _ = server.accept()
        accepted.close()  # the server closes first: its side lingers in TIME_WAIT
    server.close()
    for client in clients:
        client.close()
    ports.check_free("127.0.0.1", port, "web server")
