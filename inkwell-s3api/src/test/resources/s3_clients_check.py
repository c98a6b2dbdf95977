"""boto3 against Inkwell's S3 API: what a user's script does, reported as one JSON object on stdout."""
import hashlib
import json
import os
import sys

import boto3
from boto3.s3.transfer import TransferConfig
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, access, secret, bucket, workdir = sys.argv[1:6]
MIB = 1024 * 1024


def client(key=access, secret_key=secret, unsigned=False):
    config = Config(signature_version=UNSIGNED if unsigned else "s3v4", s3={"addressing_style": "path"},
                    retries={"max_attempts": 1})
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=key, aws_secret_access_key=secret_key,
                        region_name="us-east-1", config=config)


def error_code(call):
    try:
        call()
        return None
    except ClientError as e:
        return e.response["Error"]["Code"]


out = {}
s3 = client()
s3.create_bucket(Bucket=bucket)
out["buckets"] = [b["Name"] for b in s3.list_buckets()["Buckets"]]

body = b"\x89PNG not really, but bytes"
put = s3.put_object(Bucket=bucket, Key="digits/7 seven+.png", Body=body, ContentType="image/png", Metadata={"label": "7"})
out["put_etag"] = put["ETag"].strip('"')
got = s3.get_object(Bucket=bucket, Key="digits/7 seven+.png")
out["get_md5"] = hashlib.md5(got["Body"].read()).hexdigest()
out["get_content_type"] = got["ContentType"]
out["get_metadata"] = got["Metadata"]
out["range"] = s3.get_object(Bucket=bucket, Key="digits/7 seven+.png", Range="bytes=1-3")["Body"].read().decode("latin-1")

for i in range(7):
    s3.put_object(Bucket=bucket, Key="page/%02d.txt" % i, Body=b"page %d" % i)
pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="page/", PaginationConfig={"PageSize": 3})
out["pages"] = [[o["Key"] for o in p.get("Contents", [])] for p in pages]
v1 = s3.list_objects(Bucket=bucket, Prefix="page/", MaxKeys=4)
out["v1_first_page"] = [o["Key"] for o in v1["Contents"]]
out["v1_truncated"] = v1["IsTruncated"]
top = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
out["prefixes"] = [p["Prefix"] for p in top.get("CommonPrefixes", [])]

big = os.path.join(workdir, "big.bin")
with open(big, "wb") as f:
    f.write(os.urandom(12 * MIB + 12345))
s3.upload_file(big, bucket, "big/big.bin", Config=TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB))
head = s3.head_object(Bucket=bucket, Key="big/big.bin")
out["big_etag"] = head["ETag"].strip('"')
out["big_size"] = head["ContentLength"]
back = os.path.join(workdir, "big.back")
s3.download_file(bucket, "big/big.bin", back)
with open(big, "rb") as a, open(back, "rb") as b:
    out["big_round_trip"] = a.read() == b.read()

copied = s3.copy_object(Bucket=bucket, Key="copies/7.png", CopySource={"Bucket": bucket, "Key": "digits/7 seven+.png"})
out["copy_etag"] = copied["CopyObjectResult"]["ETag"].strip('"')
s3.delete_object(Bucket=bucket, Key="copies/7.png")
out["after_delete"] = error_code(lambda: s3.head_object(Bucket=bucket, Key="copies/7.png"))

out["wrong_secret"] = error_code(lambda: client(secret_key="not-the-secret").list_objects_v2(Bucket=bucket))
out["unknown_key"] = error_code(lambda: client(key="someone-else").list_objects_v2(Bucket=bucket))
out["anonymous_list"] = error_code(lambda: client(unsigned=True).list_objects_v2(Bucket=bucket))
out["anonymous_get"] = error_code(lambda: client(unsigned=True).get_object(Bucket=bucket, Key="digits/7 seven+.png"))
out["anonymous_put"] = error_code(lambda: client(unsigned=True).put_object(Bucket=bucket, Key="anon.txt", Body=b"x"))
out["bad_bucket_names"] = [error_code(lambda: s3.create_bucket(Bucket=name)) for name in ("Bad_Bucket", "UPPER", "a..b", "xn--punycode")]
out["traversal"] = error_code(lambda: s3.put_object(Bucket=bucket, Key="../../escape.txt", Body=b"x"))
print(json.dumps(out))
