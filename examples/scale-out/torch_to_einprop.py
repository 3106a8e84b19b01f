#!/usr/bin/env python3
"""Train a small PyTorch MLP and save its weights alone for einprop (eval, predict, export, train --init-from).

The file holds nn.Sequential's own names (0.weight, 0.bias, 2.weight, ...), with --names module those
of a module Net whose layers are attributes fc1, fc2, ... (fc1.weight, fc1.bias, ...), or, with
--names einprop, layers.{i}.weight and layers.{i}.bias; in F32, F64, F16 or BF16, and no metadata: einprop takes the
architecture from the shapes and from --activation (relu here) and --output (softmax), and sees the
data as given. Prints, as JSON, the classes torch predicts for the CSV's rows with the saved (rounded)
weights, and each row's margin between its two largest outputs.

    python3 torch_to_einprop.py --data rows.csv --widths 64,32,10 --out mlp.safetensors [--dtype BF16] [--steps 50]
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from continue_with_torch import read_safetensors, write_safetensors  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="CSV rows: features, then the class label")
    parser.add_argument("--widths", required=True, help="layer widths, input first, e.g. 64,32,10")
    parser.add_argument("--out", required=True, help="the safetensors file to write")
    parser.add_argument("--dtype", default="F32", choices=["F32", "F64", "F16", "BF16"])
    parser.add_argument("--names", default="sequential", choices=["sequential", "module", "einprop"])
    parser.add_argument("--steps", type=int, default=50, help="full-batch Adam steps on the data")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    widths = [int(w) for w in args.widths.split(",")]
    if args.names == "module":
        model = Net(widths)
    else:
        layers = []
        for i in range(1, len(widths)):
            layers.append(torch.nn.Linear(widths[i - 1], widths[i]))
            if i < len(widths) - 1:
                layers.append(torch.nn.ReLU())
        model = torch.nn.Sequential(*layers)

    table = np.loadtxt(args.data, delimiter=",", dtype=np.float32, ndmin=2)
    features = torch.from_numpy(table[:, : widths[0]].copy())
    labels = torch.from_numpy(table[:, widths[0]].astype(np.int64))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(args.steps):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(features), labels).backward()
        optimizer.step()

    # The model's own names, or einprop's: the Linear layers numbered in order.
    state = model.state_dict()
    linear = [key[: -len(".weight")] for key in state if key.endswith(".weight")]
    rename = {f"{prefix}.{part}": f"layers.{i}.{part}" for i, prefix in enumerate(linear) for part in ("weight", "bias")}
    name_of = (lambda key: rename[key]) if args.names == "einprop" else (lambda key: key)
    write_safetensors(args.out, {name_of(key): value for key, value in state.items()}, dtype=args.dtype)

    # Predict with the weights as saved (rounded to the file's dtype), as einprop will read them.
    saved, _ = read_safetensors(args.out)
    with torch.no_grad():
        for key, value in model.state_dict().items():
            value.copy_(saved[name_of(key)])
        logits = model(features)
    top = torch.topk(logits, 2, dim=1).values
    print(json.dumps({"predictions": logits.argmax(dim=1).tolist(), "margins": (top[:, 0] - top[:, 1]).tolist()}))


class Net(torch.nn.Module):
    """An MLP written as a module with its Linear layers as attributes fc1, fc2, ... and relu between them."""

    def __init__(self, widths):
        super().__init__()
        self.count = len(widths) - 1
        for i in range(1, len(widths)):
            setattr(self, f"fc{i}", torch.nn.Linear(widths[i - 1], widths[i]))

    def forward(self, x):
        for i in range(1, self.count + 1):
            x = getattr(self, f"fc{i}")(x)
            if i < self.count:
                x = torch.relu(x)
        return x


if __name__ == "__main__":
    main()
