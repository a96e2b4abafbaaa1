"""Work beyond one request: a durable, at-least-once background path on DynamoDB Streams.

A request does what the user must see now and records, in the same write or
transaction, what must follow; a consumer of the tables' streams does the
rest. This package owns that consumer, the same code on Lambda and locally,
and what it needs around it. Nothing here knows an app.

Two ways in, both read from a table's stream (a model declares one with
``Meta.stream_view_type = "NEW_AND_OLD_IMAGES"``; apps/core/dynamodb/tables.py
creates or enables it, the stage's stack does on AWS):

- **An app's own tables.** An app's AppConfig names its handlers in
  ``stream_handlers``: logical table name -> a function of one
  ``StreamRecord`` (``records``: the change, the item's images as PynamoDB
  instances). The change is the record of what must follow, so nothing else
  is written: right for work that one record's handler finishes in one go.
- **Recorded work** (``work``): the request adds a ``WorkPiece`` naming a
  task and its payload to the transaction of its change; the ``work`` table's
  stream runs it. A task does a bounded piece (``BACKGROUND_PIECE_SIZE``
  items) and hands on the rest as the next piece, which its own INSERT runs:
  work of any size in invocations of bounded length.
  Account deletion and Dwipper's fan-out are both this kind.

Modules:
- ``models``: the tables: ``work``, ``receipts``, ``dead_letters``,
  ``stream_positions`` (the local worker's) and ``sweep_runs``;
- ``registry``: the apps' ``stream_handlers`` and ``scheduled_sweeps``;
- ``records``: ``StreamRecord``, and records in Lambda's shape;
- ``consumer``: handles a batch in order: retries with backoff, then a dead
  letter per failing record (never blocking the rest); stops the batch on a
  DynamoDB outage so that it is read again;
- ``idempotence``: helpers for idempotent, order tolerant handlers (receipts
  in the handler's transaction, writes conditional on the record's position);
- ``work``: recorded work in pieces, and the stuck-work sweep;
- ``sweeps``: scheduled sweeps (stuck work, items whose TTL deletion is late);
- ``dead_letters``: records kept whole after their last attempt
  (``manage.py dead_letters list|replay|discard``);
- ``streams`` and ``worker``: the local reader of DynamoDB Local's streams,
  shard by shard with saved positions (``manage.py stream_worker``, which
  ``make run`` starts); the tests drain the streams with it;
- ``aws``: Lambda's entry points through Zappa's handler: stream batches
  (partial batch failures; an unknown stream fails the invocation) and
  scheduled sweeps.

Delivery is at least once: a record comes again after a stopped worker or
invocation, a replayed window or dead letter; handlers are idempotent and
order tolerant (``idempotence`` says how).
"""
