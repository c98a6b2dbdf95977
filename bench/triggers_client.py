#!/usr/bin/env python3
"""boto3 against Inkwell's S3 API, as seed 001's users upload: the client of bench/triggers.sh and of the end-to-end tests.

  triggers_client.py ENDPOINT ACCESS SECRET seed001 BUCKET SAMPLE_PNG
      puts SAMPLE_PNG to incoming/7.png and a corrupt PNG to incoming/corrupt.png, waits for results/incoming/7.png.txt
      and results/incoming/corrupt.png.error.json, prints them as JSON
  triggers_client.py ENDPOINT ACCESS SECRET upload BUCKET PREFIX SAMPLES_DIR COUNT [THREADS] [RATE]
      puts COUNT pictures (the ten digits of SAMPLES_DIR in turn) as PREFIX0000_7.png…, THREADS at a time, at most RATE a
      second (0: as fast as it goes); prints {"ok", "failed": [keys], "started": {key: unix time}, "seconds"}
  triggers_client.py ENDPOINT ACCESS SECRET put-file BUCKET KEY FILE
      uploads FILE (in parts above 8 MiB, as boto3 does); prints {"seconds", "etag"}
"""
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config


def client(endpoint, access, secret, threads=10, attempts=3):
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=access, aws_secret_access_key=secret,
                        region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4", max_pool_connections=max(10, threads),
                                      retries={"max_attempts": attempts, "mode": "standard"}, connect_timeout=5, read_timeout=30))


def ensure_bucket(s3, bucket):
    try:
        s3.head_bucket(Bucket=bucket)
    except Exception:
        s3.create_bucket(Bucket=bucket)


def wait_for(s3, bucket, key, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            return s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        except s3.exceptions.NoSuchKey:
            time.sleep(0.05)
    raise SystemExit("no %s/%s after %d s" % (bucket, key, timeout))


def seed001(s3, bucket, sample):
    ensure_bucket(s3, bucket)
    with open(sample, "rb") as f:
        png = f.read()
    started = time.time()
    s3.put_object(Bucket=bucket, Key="incoming/7.png", Body=png, ContentType="image/png")
    s3.put_object(Bucket=bucket, Key="incoming/corrupt.png", Body=png[: len(png) // 3], ContentType="image/png")
    txt = wait_for(s3, bucket, "results/incoming/7.png.txt").decode("utf-8")
    seconds = time.time() - started
    prediction = json.loads(wait_for(s3, bucket, "results/incoming/7.png.json"))
    error = json.loads(wait_for(s3, bucket, "results/incoming/corrupt.png.error.json"))
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="results/").get("Contents", [])]
    print(json.dumps({"txt": txt, "label": prediction.get("label"), "error": error, "results": sorted(listed), "seconds": seconds}))


def upload(s3, bucket, prefix, samples, count, threads, rate):
    ensure_bucket(s3, bucket)
    digits = []
    for d in range(10):
        with open(os.path.join(samples, "%d.png" % d), "rb") as f:
            digits.append(f.read())
    started = {}
    failed = []
    lock = threading.Lock()
    t0 = time.time() + 0.2

    def put(i):
        key = "%s%04d_%d.png" % (prefix, i, i % 10)
        if rate > 0:
            delay = t0 + i / rate - time.time()
            if delay > 0:
                time.sleep(delay)
        begin = time.time()
        try:
            s3.put_object(Bucket=bucket, Key=key, Body=digits[i % 10], ContentType="image/png")
            with lock:
                started[key] = begin
        except Exception as e:  # a server killed mid-way: the caller retries these
            with lock:
                failed.append(key)

    begin = time.time()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(put, range(count)))
    print(json.dumps({"ok": len(started), "failed": sorted(failed), "started": started, "seconds": time.time() - begin}))


def put_file(s3, bucket, key, path):
    ensure_bucket(s3, bucket)
    begin = time.time()
    s3.upload_file(path, bucket, key)
    etag = s3.head_object(Bucket=bucket, Key=key)["ETag"].strip('"')
    print(json.dumps({"seconds": time.time() - begin, "etag": etag}))


def main(argv):
    if len(argv) < 5:
        raise SystemExit(__doc__)
    endpoint, access, secret, command = argv[1:5]
    args = argv[5:]
    if command == "seed001":
        seed001(client(endpoint, access, secret), args[0], args[1])
    elif command == "upload":
        threads = int(args[4]) if len(args) > 4 else 16
        rate = float(args[5]) if len(args) > 5 else 0.0
        upload(client(endpoint, access, secret, threads, attempts=1), args[0], args[1], args[2], int(args[3]), threads, rate)
    elif command == "put-file":
        put_file(client(endpoint, access, secret), args[0], args[1], args[2])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
