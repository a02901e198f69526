"""The fan-out benchmark's own websocket client (bench/lean_subscriber.py) speaks graphql-transport-ws
to the real server: it subscribes, records each placed order's arrival and answers both kinds of ping."""

from __future__ import annotations

from bench import lean_subscriber
from bench.lean_subscriber import PING, PONG, TEXT, Subscriber, client_frame, server_frames
from tests.support import make_buyer, make_shop, place_order
from tests.support_live import ORDER_UPDATED, wait_for
from tests.test_subscriptions import subscribed, token_for


class Written:
    """A transport that keeps what was written to it."""

    def __init__(self) -> None:
        self.frames: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.frames.append(data)


def unmasked(frame: bytes) -> tuple[int, bytes]:
    """A short client frame's opcode and payload, its mask removed as the server would."""
    assert frame[1] & 0x80, "a client frame must be masked"
    mask, payload = frame[2:6], frame[6:]
    return frame[0] & 0x0F, bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))


def test_frames_cross_in_both_directions():
    assert unmasked(client_frame(TEXT, b'{"type":"pong"}')) == (TEXT, b'{"type":"pong"}')
    long_text = b"x" * 300
    frame = client_frame(TEXT, long_text)
    assert frame[1] & 0x7F == 126 and int.from_bytes(frame[2:4], "big") == 300
    buffer = bytearray(b"\x81\x05hello\x89\x00\x81")
    assert server_frames(buffer) == [(TEXT, b"hello"), (PING, b"")]
    assert buffer == bytearray(b"\x81"), "a partial frame waits for the rest"


async def test_pings_of_both_kinds_are_answered():
    subscriber = Subscriber("ws://127.0.0.1:1/graphql", "token", ORDER_UPDATED, {})
    subscriber.upgraded = True
    subscriber.transport = Written()  # type: ignore[assignment]
    subscriber.data_received(b"\x89\x04beat" + b"\x81\x0f" + b'{"type":"ping"}')
    assert [unmasked(frame) for frame in subscriber.transport.frames] == [  # type: ignore[attr-defined]
        (PONG, b"beat"),
        (TEXT, b'{"type": "pong"}'),
    ]


async def test_subscribers_record_each_placed_order_once(api, live):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await token_for(api, "admin@acme.test")
    arrivals: dict[str, list[float]] = {}
    subscribers = [
        await lean_subscriber.subscribe(f"ws://{api}/graphql", token, ORDER_UPDATED, arrivals) for _ in range(3)
    ]
    try:
        await subscribed(live, 3)
        order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1})
        await wait_for(lambda: len(arrivals.get(order.number, [])) == 3)
        assert list(arrivals) == [order.number]
    finally:
        for subscriber in subscribers:
            assert subscriber.transport is not None
            subscriber.transport.close()
