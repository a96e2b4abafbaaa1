"""The HTTP door: what every request and every JSON endpoint share.

- ``middleware``: the request's DynamoDB budget, its log line, and the answer
  to DynamoDB's failures (``unavailable``: 503 with ``Retry-After``, or 400);
- ``request_log``: one JSON line per request;
- ``jsonapi``: the JSON door: reading a JSON body, and the one shape of every JSON error;
- ``converters``: path converters for values a pattern describes;
- ``responses``: choosing between an HTML page and JSON;
- ``paging``: the one answer to a bad page cursor, on a page and in JSON;
- ``ratelimit``: rate limits counted in the DynamoDB cache, answered with 429;
- ``openapi``: the OpenAPI document of every app's JSON endpoints;
- ``log_redaction``: secrets in URL paths kept out of every log;
- ``time_zones``: the viewer's time zone, for the dates and times pages show.
"""
