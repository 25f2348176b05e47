import asyncio
import socket

from tpbis_ui import no_delay


def test_connections_accepted_on_a_socket_made_as_streamlit_makes_it_send_without_delay(monkeypatch):
    """Streamlit binds socket.socket(family), whose proto is 0: asyncio then left Nagle's algorithm
    on, and a run's second message waited ~40 ms for the first one's acknowledgement."""
    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", asyncio.base_events._set_nodelay)  # put back after
    no_delay.for_every_connection()

    async def accepted_flag() -> int:
        listener = socket.socket(socket.AF_INET)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        accepted: asyncio.Future = asyncio.get_running_loop().create_future()
        server = await asyncio.start_server(lambda _reader, writer: accepted.set_result(writer), sock=listener)
        _, client = await asyncio.open_connection(*listener.getsockname())
        served = await accepted
        flag = served.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        client.close()
        served.close()
        server.close()
        return flag

    assert asyncio.run(accepted_flag()) != 0
