"""Runs an AWS Lambda Python handler as an Inkwell `command` function, unchanged.

Inkwell starts `python3 inkwell_lambda.py MODULE.FUNCTION` once per invocation with the event as JSON on stdin,
AWS_ENDPOINT_URL pointing at Inkwell's S3 API (so boto3 reads and writes Inkwell's buckets), AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME
at Inkwell's server (so invoke_endpoint reads pictures with its endpoints) and the limits of the call in INKWELL_*
variables. botocore before 1.31.68 (Debian 12's, for one) ignores those variables: its clients are given them here. The handler's answer goes to stdout as JSON; what the handler prints goes to stderr
(Lambda's log). An exception is written to stdout as Lambda's error JSON (errorMessage, errorType, stackTrace) with
exit status 2, which Inkwell turns into a task failure named after the exception's type.
"""
import base64
import decimal
import importlib
import importlib.abc
import importlib.util
import json
import os
import re
import sys
import time
import traceback

HANDLED_ERROR = 2
# the first botocore that reads AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> itself
ENDPOINTS_FROM_ENVIRONMENT = (1, 31, 68)


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


def _endpoint_for(service_name):
    """AWS_ENDPOINT_URL_<SERVICE> (S3, SAGEMAKER_RUNTIME, ...), else AWS_ENDPOINT_URL, as newer botocore reads them."""
    specific = "AWS_ENDPOINT_URL_" + re.sub(r"[^A-Z0-9]", "_", service_name.upper())
    return os.environ.get(specific) or os.environ.get("AWS_ENDPOINT_URL")


def _give_endpoints(session_module):
    """Makes an old botocore's clients use the endpoint variables (a client given its own endpoint_url keeps it)."""
    botocore = sys.modules.get("botocore")
    found = re.findall(r"\d+", getattr(botocore, "__version__", ""))[:3]
    if len(found) == 3 and tuple(int(p) for p in found) >= ENDPOINTS_FROM_ENVIRONMENT:
        return
    original = session_module.Session.create_client

    def create_client(self, service_name, *args, **kwargs):
        if len(args) < 5 and kwargs.get("endpoint_url") is None:
            url = _endpoint_for(service_name)
            if url:
                kwargs["endpoint_url"] = url
        return original(self, service_name, *args, **kwargs)

    session_module.Session.create_client = create_client


class _ThenGiveEndpoints(importlib.abc.Loader):
    """Loads botocore.session as usual, then gives its clients the endpoint variables."""

    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _give_endpoints(module)


class _BotocoreEndpoints(importlib.abc.MetaPathFinder):
    """Waits for the handler to import botocore (most do, through boto3): a handler that does not pays nothing."""

    def find_spec(self, name, path=None, target=None):
        if name != "botocore.session":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _ThenGiveEndpoints(spec.loader)
        return spec


def _endpoints_for_old_botocore():
    if any(k.startswith("AWS_ENDPOINT_URL") for k in os.environ) and "botocore.session" not in sys.modules:
        sys.meta_path.insert(0, _BotocoreEndpoints())


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
    _endpoints_for_old_botocore()
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
