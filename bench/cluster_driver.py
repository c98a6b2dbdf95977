"""The load, the failures and the checks of bench/cluster.sh (which starts PostgreSQL, the S3 server, the replicas and HAProxy
and hands their addresses over in the environment). For DURATION seconds, at once:
  - wrk posts a 28x28 PNG to the `web` endpoint through HAProxy (bench/post.lua),
  - PNGs are put into s3://uploads/incoming/cluster/ (classify trigger) at UPLOAD_RATE a second,
  - CSVs of CSV_ROWS rows with unique uuids into s3://uploads/csv/ (ingest trigger into table `digits`) every CSV_EVERY s,
  - workflow executions of `cluster` (Wait 1 s, Pass) are started through HAProxy at EXEC_RATE a second, each with
    its own name (a start retried after a failure is the same execution);
and on a timeline: at KILL_AT s kill -9 one replica, at ALIAS_AT s move digits@champion to version 2 and time until
every live replica serves it, at RESTART_AT s start the killed replica again. Then it waits (up to DRAIN s) until
every upload has its result, every row is in its table and every execution has ended, checks, and prints the summary.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import boto3
from botocore.config import Config

env = os.environ
LB = env["LB_URL"]
REPLICAS = env["REPLICA_URLS"].split()
PIDS_FILE = env["PIDS_FILE"]
RESTART = env["RESTART_CMD"]
API_KEY = env["INKWELL_API_KEY"]
S3 = env["S3_URL"]
DURATION = float(env.get("DURATION", "60"))
KILL_AT, ALIAS_AT, RESTART_AT = (float(env.get(k, d)) for k, d in (("KILL_AT", "20"), ("ALIAS_AT", "30"), ("RESTART_AT", "40")))
UPLOAD_RATE = float(env.get("UPLOAD_RATE", "8"))
CSV_EVERY = float(env.get("CSV_EVERY", "2"))
CSV_ROWS = int(env.get("CSV_ROWS", "50"))
EXEC_RATE = float(env.get("EXEC_RATE", "4"))
DRAIN = float(env.get("DRAIN", "240"))
VICTIM = int(env.get("VICTIM", "1"))  # which replica (0-based) is killed
samples = env["SAMPLES"]
csv_lines = open(env["CSV_SOURCE"]).read().splitlines()
header, csv_lines = csv_lines[0], csv_lines[1:]


def log(msg):
    print("[%6.1f s] %s" % (time.time() - t0, msg), file=sys.stderr, flush=True)


def http(method, url, body=None, timeout=10):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"X-Api-Key": API_KEY, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")
    except OSError as e:
        return 0, str(e)


s3 = boto3.client("s3", endpoint_url=S3, aws_access_key_id=env["INKWELL_S3_ACCESS_KEY"], aws_secret_access_key=env["INKWELL_S3_SECRET_KEY"],
                  region_name="us-east-1", config=Config(s3={"addressing_style": "path"}, signature_version="s3v4",
                                                         retries={"max_attempts": 5, "mode": "standard"}, max_pool_connections=8))
digits = [open(os.path.join(samples, "%d.png" % d), "rb").read() for d in range(10)]
uploads, csv_rows, executions, upload_errors, exec_errors = [], [], [], [], []
stop = threading.Event()


def paced(rate, body):
    """Calls body(i) rate times a second until the load ends (late calls do not bunch up)."""
    i = 0
    while not stop.is_set():
        at = t0 + i / rate
        if at > t0 + DURATION:
            return
        wait = at - time.time()
        if wait > 0:
            time.sleep(wait)
        body(i)
        i += 1


def upload(i):
    key = "incoming/cluster/%05d_%d.png" % (i, i % 10)
    try:
        s3.put_object(Bucket="uploads", Key=key, Body=digits[i % 10], ContentType="image/png")
        uploads.append(key)
    except Exception as e:  # noqa: BLE001 - a failed put is reported, not fatal
        upload_errors.append("%s: %s" % (key, e))


def upload_csv(i):
    rows = csv_lines[i * CSV_ROWS:(i + 1) * CSV_ROWS]
    key = "csv/part-%04d.csv" % i
    try:
        s3.put_object(Bucket="uploads", Key=key, Body=("\n".join([header] + rows) + "\n").encode(), ContentType="text/csv")
        csv_rows.extend(r.rsplit(",", 1)[1] for r in rows)  # label,pixel0..,uuid
    except Exception as e:  # noqa: BLE001
        upload_errors.append("%s: %s" % (key, e))


def start_execution(i):
    name = "e-%05d" % i
    for attempt in range(5):  # the same name again is the same execution: safe to retry
        code, body = http("POST", LB + "/v1/workflows/cluster/executions", {"name": name, "input": {"i": i}})
        if code in (200, 201):
            executions.append(name)
            return
        time.sleep(0.2 * (attempt + 1))
    exec_errors.append("%s: HTTP %s %s" % (name, code, str(body)[:200]))


def version_on(url):
    code, body = http("GET", url + "/v1/endpoints/web", timeout=2)
    try:
        return str(body["variants"][0]["model"]["version"]) if code == 200 else None
    except (KeyError, IndexError, TypeError):
        return None


pids = open(PIDS_FILE).read().split()
t0 = time.time()
wrk = subprocess.Popen(["wrk", "-t1", "-c" + env.get("CONNECTIONS", "4"), "-d%ds" % DURATION, "--timeout", "10s", "-s", "bench/post.lua",
                        LB + "/v1/endpoints/web/predict"],
                       env=dict(env, BODY=os.path.join(samples, "7.png"), DELAY_MS=env.get("DELAY_MS", "5")),
                       stdout=subprocess.PIPE, text=True)
threads = [threading.Thread(target=paced, args=(UPLOAD_RATE, upload)), threading.Thread(target=paced, args=(1 / CSV_EVERY, upload_csv)),
           threading.Thread(target=paced, args=(EXEC_RATE, start_execution))]
for t in threads:
    t.start()

time.sleep(max(0, t0 + KILL_AT - time.time()))
victim = int(pids[VICTIM])
os.kill(victim, signal.SIGKILL)
log("kill -9 replica %d (pid %d, %s)" % (VICTIM + 1, victim, REPLICAS[VICTIM]))

time.sleep(max(0, t0 + ALIAS_AT - time.time()))
live = [u for k, u in enumerate(REPLICAS) if k != VICTIM]
moved = time.time()
code, body = http("PUT", live[0] + "/v1/models/digits/aliases/champion", {"version": 2})
if code != 200:
    log("alias move failed: HTTP %s %s" % (code, body))
moved_at = time.time() - t0
converged, pending = {}, set(live)
while pending and time.time() - moved < 30:
    for u in list(pending):
        if version_on(u) == "2":
            converged[u] = (time.time() - moved) * 1000
            pending.discard(u)
    time.sleep(0.02)
alias_ms = max(converged.values()) if not pending else -1
log("alias champion -> 2: served by %s after %s ms" % (", ".join(live), {u: round(v) for u, v in converged.items()}))

time.sleep(max(0, t0 + RESTART_AT - time.time()))
subprocess.run(["bash", "-c", RESTART], check=True)
log("replica %d started again" % (VICTIM + 1))

out, _ = wrk.communicate()
for t in threads:
    t.join()
stop.set()
result = next((line for line in out.splitlines() if line.startswith("RESULT")), "RESULT requests=0 errors=0 non2xx=0")
fields = dict(kv.split("=") for kv in result.split()[1:])
log("load over: %s; %d uploads, %d CSV rows, %d executions started" % (result, len(uploads), len(csv_rows), len(executions)))
restarted_version = version_on(REPLICAS[VICTIM])


def results():
    """Upload key -> its result objects (results/KEY.json, or results/KEY.error.json when it could not be read)."""
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket="uploads", Prefix="results/incoming/cluster/"):
        for o in page.get("Contents", []):
            k = o["Key"][len("results/"):]
            for suffix in (".error.json", ".json"):
                if k.endswith(suffix):
                    found.setdefault(k[:-len(suffix)], []).append(o["Key"])
                    break
    return found


def rows():
    code, body = http("GET", LB + "/v1/tables/digits")
    return body.get("rows", 0) if code == 200 and isinstance(body, dict) else 0


def ended():
    code, body = http("GET", LB + "/v1/executions?workflow=cluster&status=SUCCEEDED&limit=1000")
    return {e["name"] for e in body.get("executions", [])} if code == 200 and isinstance(body, dict) else set()


deadline = time.time() + DRAIN
while True:
    res, n_rows, done = results(), rows(), ended()
    if (all(k in res for k in uploads) and n_rows >= len(csv_rows) and all(e in done for e in executions)) or time.time() > deadline:
        break
    time.sleep(1)
log("drained %.1f s after the load" % (time.time() - t0 - DURATION))

res = results()
with_result = [k for k in uploads if any(not r.endswith(".error.json") for r in res.get(k, []))]
lost = [k for k in uploads if k not in res]  # neither a result nor an error report: the work was lost
doubled = [k for k in uploads if len(res.get(k, [])) > 1]
errors = [k for k in uploads if any(r.endswith(".error.json") for r in res.get(k, []))]
strays = [k for k in res if k not in uploads]
psql = ["psql", "-h", "127.0.0.1", "-p", env["PG_PORT"], "-U", "inkwell", "-d", "postgres", "-tAc"]
in_table = set(subprocess.run(psql + ["SELECT uuid FROM samples WHERE table_name = 'digits'"], capture_output=True, text=True,
                              check=True).stdout.split())
table_rows = int(subprocess.run(psql + ["SELECT count(*) FROM samples WHERE table_name = 'digits'"], capture_output=True, text=True,
                                check=True).stdout.strip())
rows_ok = sum(1 for u in csv_rows if u in in_table)
redone = subprocess.run(psql + ["SELECT count(*) FROM work_items WHERE queue = 'triggers' AND attempts > 1"], capture_output=True,
                        text=True, check=True).stdout.strip()
queue = subprocess.run(psql + ["SELECT status || '=' || count(*) FROM work_items WHERE queue = 'triggers' GROUP BY status"],
                       capture_output=True, text=True, check=True).stdout.split()
succeeded = ended()
code, wf = http("GET", LB + "/v1/workflows/cluster")
failed_requests = int(fields.get("non2xx", 0)) + int(fields.get("errors", 0))
duplicates = len(doubled) + len(strays) + (table_rows - len(in_table))

print("uploads: %d put (%d put failures), %d with a result, %d with an error report instead, %d with neither (lost), %d with two, %d results of no upload"
      % (len(uploads), len(upload_errors), len(with_result), len(errors), len(lost), len(doubled), len(strays)))
print("trigger work items: %s; claimed more than once (retried after a failure, or taken over after a lease ran out; effects keyed by object): %s" % (" ".join(queue), redone))
print("csv: %d rows put in %d files; table digits holds %d rows (%d distinct uuids), %d of the put rows"
      % (len(csv_rows), -(-len(csv_rows) // CSV_ROWS), table_rows, len(in_table), rows_ok))
print("workflow executions: %d started (%d could not be), %d succeeded; by status: %s"
      % (len(executions), len(exec_errors), sum(1 for e in executions if e in succeeded),
         json.dumps(wf.get("executions") if isinstance(wf, dict) else wf)))
print("predictions through HAProxy: %s" % result)
print("alias: live replicas served digits:2 after %s ms; the restarted replica serves version %s" % (
    {u: round(v) for u, v in converged.items()} if converged else "never", restarted_version))
for e in (upload_errors + exec_errors)[:5]:
    print("  failure: %s" % e)
for k in lost[:5]:
    print("  no result: %s" % k)
print("SUMMARY uploads=%d results=%d duplicates=%d lost=%d rows=%d/%d executions=%d/%d failed_requests=%d alias_converged_ms=%d"
      % (len(uploads), len(with_result), duplicates, len(lost), rows_ok, len(csv_rows), sum(1 for e in executions if e in succeeded),
         len(executions), failed_requests, round(alias_ms)))
