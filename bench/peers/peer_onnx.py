"""Seed 001's stack as a service: FastAPI + onnxruntime serving an ONNX MNIST model, Pillow's naive resize.

POST /predict with a picture body (e.g. image/png) answers {"label", "probability", "probabilities"}.
The model path comes from PEER_MODEL (default ../shared/models/mnist-8.onnx, input 1x1x28x28 float).
"""
import os

import numpy as np
import onnxruntime as ort
from fastapi import FastAPI, Request
from PIL import Image
import io

MODEL = os.environ.get("PEER_MODEL", "../shared/models/mnist-8.onnx")
session = ort.InferenceSession(MODEL, providers=["CPUExecutionProvider"])
input_name = session.get_inputs()[0].name
app = FastAPI()


@app.get("/health")
async def health():
    # a route that does no work: bench/serve-vs-peers.sh's floor for the paced tail
    return {"status": "ok"}


@app.post("/predict")
async def predict(request: Request):
    body = await request.body()
    # seed 001's load_model_infer.py: open, grey, resize to 28x28, scale to 0-1, no other preprocessing
    img = Image.open(io.BytesIO(body)).convert("L").resize((28, 28))
    x = (np.asarray(img, dtype=np.float32) / 255.0).reshape(1, 1, 28, 28)
    scores = session.run(None, {input_name: x})[0][0]
    e = np.exp(scores - scores.max())
    p = e / e.sum()
    k = int(p.argmax())
    return {"label": str(k), "probability": float(p[k]), "probabilities": {str(i): float(v) for i, v in enumerate(p)}}
