"""Seed 001's Lambda handler (load_model_infer.py), as a workflow task: the picture comes from a bucket through S3,
the model answers through SageMaker's runtime API, and results.txt goes back to the bucket through S3.

Written for AWS and unchanged for Inkwell: boto3's clients are made without an endpoint, and Inkwell's command
functions point them at its S3 API (AWS_ENDPOINT_URL_S3) and at its server (AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME).
Needs boto3, Pillow and NumPy (Debian: python3-boto3, python3-pil, python3-numpy).
"""
import io
import json
import os

import boto3
import numpy as np
from PIL import Image

s3 = boto3.client("s3")
runtime = boto3.client("sagemaker-runtime")

ENDPOINT = os.environ.get("ENDPOINT_NAME", "default")
RESULTS_KEY = os.environ.get("RESULTS_KEY", "results.txt")


def to_mnist(picture):
    """28x28 grey levels, light digit on dark ground as MNIST's."""
    image = Image.open(io.BytesIO(picture)).convert("L").resize((28, 28))
    pixels = np.asarray(image, dtype=np.float32)
    if pixels.mean() > 127:  # dark ink on light paper
        pixels = 255.0 - pixels
    return pixels


def lambda_handler(event, context):
    bucket = event["s3_bucket"]
    key = event["s3_key"]
    picture = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    pixels = to_mnist(picture)
    answer = runtime.invoke_endpoint(EndpointName=ENDPOINT, ContentType="application/json",
                                     Body=json.dumps({"pixels": pixels.round().astype(int).flatten().tolist()}))
    probabilities = np.asarray(json.loads(answer["Body"].read()), dtype=np.float64)
    order = np.argsort(-probabilities, kind="stable")
    lines = ["class=%d ; probability=%f" % (i, probabilities[i]) for i in order]
    s3.put_object(Bucket=bucket, Key=RESULTS_KEY, Body=("\n".join(lines) + "\n").encode("utf-8"), ContentType="text/plain")
    print("%s/%s: class %d, probability %f" % (bucket, key, order[0], probabilities[order[0]]))
    return {"statusCode": 200, "body": {"s3_bucket": bucket, "s3_key": key, "results": RESULTS_KEY,
                                        "class": int(order[0]), "probability": float(probabilities[order[0]])}}
