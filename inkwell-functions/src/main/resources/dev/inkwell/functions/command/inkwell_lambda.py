"""Runs an AWS Lambda Python handler as an Inkwell `command` function, unchanged.

Inkwell starts `python3 inkwell_lambda.py MODULE.FUNCTION` once per invocation with the event as JSON on stdin,
AWS_ENDPOINT_URL pointing at Inkwell's S3 API (so boto3 reads and writes Inkwell's buckets) and the limits of the
call in INKWELL_* variables. The handler's answer goes to stdout as JSON; what the handler prints goes to stderr
(Lambda's log). An exception is written to stdout as Lambda's error JSON (errorMessage, errorType, stackTrace) with
exit status 2, which Inkwell turns into a task failure named after the exception's type.
"""
import base64
import decimal
import importlib
import json
import os
import sys
import time
import traceback

HANDLED_ERROR = 2


class LambdaContext:
    """The attributes and method of Lambda's context object that handlers use."""

    def __init__(self):
        self.function_name = os.environ.get("INKWELL_FUNCTION_NAME", "function")
        self.function_version = "$LATEST"
        self.invoked_function_arn = "arn:aws:lambda:%s:%s:function:%s" % (
            os.environ.get("AWS_REGION", "us-east-1"), os.environ.get("INKWELL_ACCOUNT", "123456789012"), self.function_name)
        self.memory_limit_in_mb = os.environ.get("INKWELL_MEMORY_LIMIT_MB", "512")
        self.aws_request_id = os.environ.get("INKWELL_REQUEST_ID", "")
        self.log_group_name = "/aws/lambda/" + self.function_name
        self.log_stream_name = "inkwell"
        self.identity = None
        self.client_context = None
        self._deadline_ms = int(os.environ.get("INKWELL_DEADLINE_MS", "0")) or None

    def get_remaining_time_in_millis(self):
        if self._deadline_ms is None:
            return 900000
        return max(0, self._deadline_ms - int(time.time() * 1000))


def _json_default(value):
    if isinstance(value, (bytes, bytearray)):
        # base64.b64encode(...) answers bytes; Lambda handlers often return it as is
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


def _limit_memory():
    limit = os.environ.get("INKWELL_MEMORY_LIMIT_MB")
    if not limit:
        return
    try:
        import resource
        size = int(limit) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    except (ImportError, ValueError, OSError):
        pass


def main():
    if len(sys.argv) != 2 or "." not in sys.argv[1]:
        sys.stderr.write("usage: inkwell_lambda.py MODULE.FUNCTION (the Lambda handler setting)\n")
        return 64
    module_name, function_name = sys.argv[1].rsplit(".", 1)
    answer = sys.stdout
    sys.stdout = sys.stderr  # print() in the handler is its log, not its answer
    _limit_memory()
    try:
        event = json.load(sys.stdin)
        handler = getattr(importlib.import_module(module_name), function_name)
        result = handler(event, LambdaContext())
        text = json.dumps(result, default=_json_default)
    except BaseException as e:  # noqa: B902 - every failure, SystemExit and MemoryError included, is the task's
        error = {
            "errorMessage": str(e),
            "errorType": type(e).__name__,
            "stackTrace": traceback.format_exception(type(e), e, e.__traceback__)[-20:],
        }
        answer.write(json.dumps(error, default=_json_default))
        answer.flush()
        return HANDLED_ERROR
    answer.write(text)
    answer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
