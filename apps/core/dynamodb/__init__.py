"""The DynamoDB plumbing every app uses; nothing here knows an app.

- ``models``: ``TableModel``, the PynamoDB base that names a table from
  settings, and the registry of every table the site owns;
- ``connection``: the one PynamoDB connection and botocore client, with the
  site's hooks on it;
- ``writes``: the write layer (create-if-absent, versioned updates,
  transactions, lost answers); services write through it and nothing else;
  ``lost_answers`` notes which of its attempts got no answer;
- ``deadline``: one DynamoDB budget per request; ``capacity`` adds up what its
  calls consumed;
- ``failures``: what an error means (a refused condition, an outage, bad input);
- ``storable``: what DynamoDB can store, checked at the door;
- ``ids``: time-sorted ids for range keys, each app's kind with its width and pattern;
- ``keys``: the prefixed keys of tables that hold several kinds of item;
- ``cursors``: the one signed cursor of every paged list;
- ``tables``: create, inspect and delete the registered tables
  (``manage.py dynamodb_tables``);
- ``local``: fetching and starting AWS's DynamoDB Local (``manage.py dynamodb_local``).
"""
