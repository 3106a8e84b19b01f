#!/usr/bin/env python3
"""Continue an einprop run in PyTorch: load a checkpoint into torch.nn.Linear layers and a torch optimiser.

Reads an einprop checkpoint (safetensors: weights, optimiser state, and the run's settings as JSON
metadata), rebuilds the network and its optimiser with the state mapped one to one (docs/SCALE-OUT.md),
takes one more step on the rows of a CSV file (features, then the class label) normalised as einprop
normalised its training data, and writes the weights under einprop's names: `einprop eval --model OUT`
scores them. With --ddp the same step runs under DistributedDataParallel (gloo backend, one process):
the setup a run on many machines starts from (under torchrun each rank takes every WORLD_SIZE-th row).

    python3 continue_with_torch.py --checkpoint run.safetensors --data batch.csv --out next.safetensors [--ddp]

Needs torch and numpy only; safetensors files are read and written by hand (an 8-byte little-endian
header length, a JSON header, the tensors' bytes), so the `safetensors` package is not needed.
"""

import argparse
import json
import math
import os
import socket
import struct

import numpy as np
import torch

# einprop's names of its hidden and output activations, as torch modules.
ACTIVATIONS = {
    "relu": torch.nn.ReLU,
    "leaky-relu": lambda: torch.nn.LeakyReLU(0.01),
    "tanh": torch.nn.Tanh,
    "sigmoid": torch.nn.Sigmoid,
    "identity": torch.nn.Identity,
    "softmax": lambda: torch.nn.Softmax(dim=1),
}

DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def read_safetensors(path):
    """The tensors (name -> float32 torch tensor) and the metadata (str -> str) of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    metadata = header.pop("__metadata__", {})
    body = data[8 + length :]
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        raw = body[begin:end]
        if entry["dtype"] == "BF16":
            # bfloat16 is the upper half of a float32.
            bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            values = bits.view(np.float32)
        else:
            values = np.frombuffer(raw, dtype=np.dtype(DTYPES[entry["dtype"]]).newbyteorder("<"))
        tensors[name] = torch.from_numpy(values.astype(np.float32).reshape(entry["shape"]).copy())
    return tensors, metadata


def write_safetensors(path, tensors, dtype="F32", metadata=None):
    """Writes name -> torch tensor as a safetensors file of F32, F64, F16 or BF16 tensors."""
    header, chunks, offset = {}, [], 0
    for name, tensor in tensors.items():
        values = tensor.detach().to(torch.float32).contiguous().numpy()
        if dtype == "BF16":
            # Round to nearest even on the upper 16 bits of each float32.
            bits = values.view(np.uint32).astype(np.uint64)
            raw = (((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype("<u2")).tobytes()
        else:
            raw = values.astype(np.dtype(DTYPES[dtype]).newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(values.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def fused_softmax(model_config):
    """Whether einprop fuses the softmax output into its cross-entropy, as torch's cross_entropy takes logits."""
    return model_config["loss"] == "cross-entropy" and model_config["output"] == "softmax"


def build_model(model_config):
    """nn.Sequential of Linear layers with einprop's hidden activation between them, then its output activation (left to the loss for cross-entropy)."""
    widths = model_config["layers"]
    layers = []
    for i in range(1, len(widths)):
        layers.append(torch.nn.Linear(widths[i - 1], widths[i]))
        if i < len(widths) - 1:
            layers.append(ACTIVATIONS[model_config["activation"]]())
    if not fused_softmax(model_config):
        layers.append(ACTIVATIONS[model_config["output"]]())
    return torch.nn.Sequential(*layers)


def linear_layers(model):
    """The model's Linear layers in order (through a DistributedDataParallel wrapper too)."""
    inner = model.module if isinstance(model, torch.nn.parallel.DistributedDataParallel) else model
    return [m for m in inner if isinstance(m, torch.nn.Linear)]


def loss_function(model_config):
    """einprop's loss, averaged over the batch as einprop averages it."""
    loss, output = model_config["loss"], model_config["output"]
    onehot = lambda out, labels: torch.nn.functional.one_hot(labels, out.shape[1]).to(out.dtype)
    if fused_softmax(model_config):
        # einprop's softmax then cross-entropy is torch's cross-entropy of the logits.
        return lambda out, labels: torch.nn.functional.cross_entropy(out, labels)
    if loss == "mse":
        # The mean over the outputs of (a - y)^2, averaged over the batch.
        return lambda out, labels: torch.nn.functional.mse_loss(out, onehot(out, labels))
    if loss == "sse":
        # Half the sum over the outputs of (a - y)^2, averaged over the batch.
        return lambda out, labels: 0.5 * ((out - onehot(out, labels)) ** 2).sum() / out.shape[0]
    raise SystemExit(f"continue_with_torch.py: loss {loss} with output {output} is not mapped here (see docs/SCALE-OUT.md)")


def learning_rate(optim, epoch, epochs):
    """einprop's learning rate for 0-based `epoch` of a run of `epochs` (src/optim/learning-rate.ts)."""
    if optim["schedule"] == "constant":
        return optim["lr"]
    if optim["schedule"] == "step":
        return optim["lr"] * optim["gamma"] ** (epoch // optim["stepSize"])
    return optim["lr"] * (1 + math.cos(math.pi * epoch / epochs)) / 2


def build_optimizer(params, optim, lr, tensors, scalars):
    """The torch optimiser einprop's settings name, its state loaded from the checkpoint's tensors."""
    name, decay = optim["optimizer"], optim["weightDecay"]
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=decay)
    if name == "momentum":
        opt = torch.optim.SGD(params, lr=lr, momentum=optim["momentum"], nesterov=optim["nesterov"], weight_decay=decay)
        for key, p in params_by_name(params):
            opt.state[p]["momentum_buffer"] = tensors[f"optimizer.velocity.{key}"].clone()
        return opt
    if name == "adam":
        opt = torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=decay)
        for key, p in params_by_name(params):
            opt.state[p]["step"] = torch.tensor(float(scalars["step"]))
            opt.state[p]["exp_avg"] = tensors[f"optimizer.m.{key}"].clone()
            opt.state[p]["exp_avg_sq"] = tensors[f"optimizer.v.{key}"].clone()
        return opt
    raise SystemExit(f"continue_with_torch.py: unknown optimiser {name}")


def params_by_name(params):
    """einprop's name of each parameter (layers.{i}.weight, layers.{i}.bias), for params listed weight, bias per layer."""
    return [(f"layers.{i // 2}.{'weight' if i % 2 == 0 else 'bias'}", p) for i, p in enumerate(params)]


def read_rows(path, normalization, width):
    """The CSV's features (normalised as einprop normalised its training data) and labels."""
    table = np.loadtxt(path, delimiter=",", dtype=np.float64, ndmin=2)
    features = table[:, :width].astype(np.float32).astype(np.float64)
    labels = torch.from_numpy(table[:, width].astype(np.int64))
    kind = normalization["kind"]
    if kind == "max":
        features = features / normalization["scale"]
    elif kind == "standard":
        features = (features - np.array(normalization["mean"])) / np.array(normalization["std"])
    return torch.from_numpy(features.astype(np.float32)), labels


def start_process_group():
    """A gloo process group of one process on this machine (on many machines: torchrun sets these)."""
    import torch.distributed as dist

    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    if "MASTER_PORT" not in os.environ:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            os.environ["MASTER_PORT"] = str(s.getsockname()[1])
    dist.init_process_group("gloo", rank=int(os.environ.get("RANK", 0)), world_size=int(os.environ.get("WORLD_SIZE", 1)))
    return dist


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", required=True, help="an einprop checkpoint (train --save)")
    parser.add_argument("--data", required=True, help="CSV rows for one step: features, then the class label")
    parser.add_argument("--out", required=True, help="where to write the weights after the step (einprop's names)")
    parser.add_argument("--out-optimizer", help="where to write the optimiser state after the step (einprop's names)")
    parser.add_argument("--epochs", type=int, help="the run's total epochs, for --schedule cosine (default: one more than done)")
    parser.add_argument("--ddp", action="store_true", help="wrap the model in DistributedDataParallel (gloo, world size from WORLD_SIZE)")
    args = parser.parse_args()

    tensors, meta = read_safetensors(args.checkpoint)
    if meta.get("format") != "einprop-checkpoint":
        raise SystemExit(f"{args.checkpoint}: not an einprop checkpoint")
    model_config = json.loads(meta["model"])
    optim = json.loads(meta["training"])["optim"]
    normalization = json.loads(meta["normalization"])
    scalars = json.loads(meta["optimizer"])["scalars"]
    epoch = json.loads(meta["epoch"])

    model = build_model(model_config)
    with torch.no_grad():
        for i, linear in enumerate(linear_layers(model)):
            # einprop's weight is [outputs, inputs], as Linear's is.
            linear.weight.copy_(tensors[f"layers.{i}.weight"])
            linear.bias.copy_(tensors[f"layers.{i}.bias"])
    dist = start_process_group() if args.ddp else None
    if dist is not None:
        model = torch.nn.parallel.DistributedDataParallel(model)
    params = [p for linear in linear_layers(model) for p in (linear.weight, linear.bias)]
    lr = learning_rate(optim, epoch, args.epochs if args.epochs is not None else epoch + 1)
    optimizer = build_optimizer(params, optim, lr, tensors, scalars)

    features, labels = read_rows(args.data, normalization, model_config["layers"][0])
    # Each rank steps on its share of the rows; DDP averages the gradients, the mean over all rows for equal shares.
    rank, world = (dist.get_rank(), dist.get_world_size()) if dist is not None else (0, 1)
    features, labels = features[rank::world], labels[rank::world]
    optimizer.zero_grad()
    loss = loss_function(model_config)(model(features), labels)
    loss.backward()
    optimizer.step()

    write_safetensors(args.out, dict(params_by_name(params)))
    if args.out_optimizer:
        names = {"momentum_buffer": "velocity", "exp_avg": "m", "exp_avg_sq": "v"}
        state = {}
        for key, p in params_by_name(params):
            for torch_name, value in optimizer.state[p].items():
                if torch_name in names and value is not None:
                    state[f"optimizer.{names[torch_name]}.{key}"] = value
        write_safetensors(args.out_optimizer, state)
    if dist is not None:
        dist.destroy_process_group()
    print(json.dumps({"loss": loss.item(), "lr": lr, "rows": len(labels), "ddp": dist is not None}))


if __name__ == "__main__":
    main()
