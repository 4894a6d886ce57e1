"""moto's server for DynamoDB, one request at a time.

moto_server answers each request on a thread of its own, and its DynamoDB
model does not lock: two conditional updates of one item can both read the
old value and both succeed, which DynamoDB never allows (it serializes the
writes to an item). Under load that let 5 of 20 concurrent calls past a
limit of 4. Here every request holds one lock, so each conditional update
sees the one before it; threads and HTTP/1.1 keep-alive stay as they were.

Usage: python moto-server.py HOST PORT (with the Python that has moto).
"""
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple

app = DomainDispatcherApplication(create_backend_app)
one_at_a_time = threading.Lock()


def serialized(environ, start_response):
    with one_at_a_time:
        # The whole body, so the next request starts after this one is done.
        return [b"".join(app(environ, start_response))]


run_simple(sys.argv[1], int(sys.argv[2]), serialized, threaded=True, request_handler=MotoRequestHandler)
