"""Seed 002's stack as a service: FastAPI + a Keras (TensorFlow) CNN.

Seed 002 trains its CNN offline and loads it; here a CNN of the same shape (two conv/pool blocks, dense 128,
softmax 10) is built UNTRAINED at start, so its answers are meaningless: only its serving costs are measured.
POST /predict with a picture body answers {"label", "probability"}. PEER_KERAS_CALL=predict uses model.predict
(what the seed does), anything else calls the model directly (faster for one picture).
"""
import io
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import keras
from fastapi import FastAPI, Request
from PIL import Image

model = keras.Sequential([
    keras.Input((28, 28, 1)),
    keras.layers.Conv2D(32, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Conv2D(64, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Flatten(),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
CALL_PREDICT = os.environ.get("PEER_KERAS_CALL", "direct") == "predict"
app = FastAPI()


@app.get("/health")
async def health():
    # a route that does no work: bench/serve-vs-peers.sh's floor for the paced tail
    return {"status": "ok"}


@app.post("/predict")
async def predict(request: Request):
    body = await request.body()
    img = Image.open(io.BytesIO(body)).convert("L").resize((28, 28))
    x = (np.asarray(img, dtype=np.float32) / 255.0).reshape(1, 28, 28, 1)
    p = model.predict(x, verbose=0)[0] if CALL_PREDICT else np.asarray(model(x, training=False))[0]
    k = int(p.argmax())
    return {"label": str(k), "probability": float(p[k])}
