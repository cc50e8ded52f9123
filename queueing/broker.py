"""What the broker holds of the ledger's messages: the reaper's view into Redis.

Every message the ledger sends carries its ledger message id as the Celery task id
(``message_task_id``). Kombu's Redis transport keeps a message either in its queue's list
(waiting) or, once a worker took it and until it acknowledges it, in the ``unacked`` hash
with the delivery time in ``unacked_index``. Reading both tells, message by message, whether
the broker still has it, whatever happened to Redis (a FLUSHALL, a new empty server, a
restart that lost the last writes): nothing depends on a counter or a run id surviving.

Only the queues the ledger sends to are read, and they are short: the dispatcher keeps at most
each owner's cap of messages in flight.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

logger = logging.getLogger(__name__)

_TASK_ID_PREFIX = "ledger-message-"


def message_task_id(message: int) -> str:
    """The Celery task id of a ledger message (how ``broker_messages`` recognises it)."""
    return f"{_TASK_ID_PREFIX}{message}"


def _message_of(raw: object) -> int | None:
    if not isinstance(raw, dict):
        return None
    task_id = str((raw.get("headers") or {}).get("id") or "")
    if not task_id.startswith(_TASK_ID_PREFIX):
        return None
    try:
        return int(task_id.removeprefix(_TASK_ID_PREFIX))
    except ValueError:
        return None


def broker_messages(queues: Iterable[str]) -> dict[int, float | None] | None:
    """The ledger messages the broker holds: id → delivery time (None while still waiting).

    None when the broker cannot be read (down, or not Redis): the caller then assumes nothing.
    """
    from batchsite.celery import app

    try:
        with app.connection_for_read() as connection:
            channel = connection.default_channel
            if not hasattr(channel, "unacked_key"):
                return None  # not kombu's Redis transport
            with channel.conn_or_acquire() as client:
                return _read(channel, client, queues)
    except Exception:
        logger.warning("broker could not be read", exc_info=True)
        return None


def _read(channel, client, queues: Iterable[str]) -> dict[int, float | None]:
    held: dict[int, float | None] = {}
    # kombu keeps a list per priority step (``_q_for_pri``); unprioritised messages use the first
    lists = [channel._q_for_pri(queue, step) for queue in queues for step in channel.priority_steps]
    pipe = client.pipeline()
    for key in dict.fromkeys(lists):
        pipe.lrange(key, 0, -1)
    pipe.hgetall(channel.unacked_key)
    pipe.zrange(channel.unacked_index_key, 0, -1, withscores=True)
    *waiting, unacked, delivered = pipe.execute()
    for payload in (item for items in waiting for item in items):
        message = _message_of(_loads(payload))
        if message is not None:
            held[message] = None
    delivered_at = {_text(tag): score for tag, score in delivered}
    for tag, payload in unacked.items():
        decoded = _loads(payload)
        message = _message_of(decoded[0]) if isinstance(decoded, list) and decoded else None
        if message is not None and held.get(message, 0.0) is not None:
            held[message] = delivered_at.get(_text(tag), 0.0)
    return held


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _loads(payload: bytes | str):
    try:
        return json.loads(payload)
    except ValueError:
        return {}
