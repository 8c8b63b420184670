"""PyTorch reference timings for the @rnn/layers benchmark (same shapes as run.mjs).

Prints one JSON object: {"<case>": {"trainMs": .., "inferMs": .., "trainCpuMs": .., "inferCpuMs": ..}, ...}
(wall-clock ms per step, and process CPU ms per step summed over the threads).
"""
import json
import sys
import time

import torch

torch.manual_seed(0)
torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
cases = json.loads(sys.argv[1])
out = {}
for c in cases:
    b, t, units, classes = c["batch"], c["time"], c["units"], c["classes"]
    cell = c["cell"]
    Rnn = torch.nn.GRU if cell == "gru" else torch.nn.LSTM
    if c["vocab"]:
        emb = torch.nn.Embedding(c["vocab"], c["features"])
        x = torch.randint(0, c["vocab"], (b, t))
    else:
        emb = None
        x = torch.randn(b, t, c["features"])
    rnn = Rnn(c["features"], units, batch_first=True)
    dense = torch.nn.Linear(units, classes)
    params = list(rnn.parameters()) + list(dense.parameters()) + (list(emb.parameters()) if emb else [])
    opt = torch.optim.Adam(params, lr=1e-3)
    y = torch.randint(0, classes, (b, t) if c["returnSequences"] else (b,))

    def forward():
        h = emb(x) if emb else x
        o, _ = rnn(h)
        o = o if c["returnSequences"] else o[:, -1]
        return dense(o)

    def step():
        opt.zero_grad()
        logits = forward()
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, classes), y.reshape(-1))
        loss.backward()
        opt.step()

    for _ in range(2):
        step()
    n = c["steps"]
    t0, p0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        step()
    train = (time.perf_counter() - t0) / n * 1000
    train_cpu = (time.process_time() - p0) / n * 1000
    with torch.no_grad():
        forward()
        t0, p0 = time.perf_counter(), time.process_time()
        for _ in range(n):
            forward()
        infer = (time.perf_counter() - t0) / n * 1000
        infer_cpu = (time.process_time() - p0) / n * 1000
    # wall-clock ms, and process CPU ms summed over the threads
    out[c["name"]] = {"trainMs": train, "inferMs": infer, "trainCpuMs": train_cpu, "inferCpuMs": infer_cpu}
print(json.dumps(out))
