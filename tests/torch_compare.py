"""Comparing the PyTorch frontend's pivot model with the real torch model the file builds."""
from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest
import torch

from nnport.api import load
from nnport.catalog import registry
from nnport.errors import Reporter
from nnport.options import ReadOptions
from nnport.passes.shapes import infer_shapes

MODELS = Path(__file__).parent / "models" / "torch"


def read(name: str, **options):
    reporter = Reporter()
    model = load(MODELS / name, ReadOptions(**options), reporter)
    infer_shapes(model, reporter, specialise=False)  # the kinds as read
    missing = [str(d) for d in reporter.errors if "no catalog entry" in d.message]
    if missing:
        pytest.xfail("catalog kind missing: " + "; ".join(missing))
    assert not reporter.errors, "\n".join(map(str, reporter.diagnostics))
    return model, reporter


def import_file(name: str):
    spec = importlib.util.spec_from_file_location(f"torch_model_{Path(name).stem}", MODELS / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def example_inputs(model, batch: int = 2):
    torch.manual_seed(0)
    graph = model.network.graph
    inputs = []
    for node in graph.inputs:
        t = graph.types[node.outputs[0]]
        shape = tuple(batch if s is None else s for s in t.shape)
        inputs.append(torch.randint(0, 10, shape) if t.dtype.startswith("int") else torch.randn(shape))
    return inputs


def ir_layers(model, net=None, prefix=""):
    """(torch path, module, output type) for every layer call, through sub-networks."""
    net = net or model.network
    for node in net.module_calls():
        module = net.modules[node.target]
        path = prefix + node.target
        if module.kind == "network":
            yield from ir_layers(model, model.networks[module.attrs["network"]], path + ".")
        else:
            if node.outputs[0]:  # what torch returns first (a recurrent layer's sequence may be unused)
                yield path, module, net.graph.types.get(node.outputs[0])


def leaf_modules(model, net=None, prefix=""):
    net = net or model.network
    for module in net.modules.values():
        if module.kind == "network":
            yield from leaf_modules(model, model.networks[module.attrs["network"]], prefix + module.name + ".")
        else:
            yield prefix + module.name, module


def parameter_count(module) -> int:
    kind = registry.kind(module.kind)
    if kind.weights is None:
        return 0
    return sum(math.prod(shape) for shape in kind.weights(module.attrs).values())


def weight_count(module: torch.nn.Module) -> int:
    """Parameters and statistics (BatchNorm running mean/var) a module owns itself."""
    tensors = [*module.parameters(recurse=False), *module.buffers(recurse=False)]
    return sum(t.numel() for t in tensors if t.is_floating_point())


def record_outputs(net: torch.nn.Module, inputs):
    shapes = {}

    def hook(name):
        def save(_module, _inputs, output):
            first = output[0] if isinstance(output, tuple) else output
            shapes.setdefault(name, []).append(tuple(first.shape))
        return save

    handles = [m.register_forward_hook(hook(n)) for n, m in net.named_modules() if n]
    net.eval()
    with torch.no_grad():
        outputs = net(*inputs)
    for h in handles:
        h.remove()
    return shapes, outputs if isinstance(outputs, tuple) else (outputs,)


def compare(model, net: torch.nn.Module, batch: int = 2) -> None:
    """Kinds, parameter counts and per-layer output shapes agree with the real model."""
    inputs = example_inputs(model, batch)
    shapes, outputs = record_outputs(net, inputs)
    modules = dict(net.named_modules())
    for path, module in leaf_modules(model):
        real = modules[path]
        found = registry.lookup("torch", "layer", f"torch.nn.{type(real).__name__}")
        assert found and found[0].name == module.kind, f"{path}: {module.kind} vs {type(real).__name__}"
        count = weight_count(real)
        assert parameter_count(module) == count, f"{path}: parameters {parameter_count(module)} vs {count}"
    assert sum(parameter_count(m) for _, m in leaf_modules(model)) == sum(weight_count(m) for m in net.modules())
    calls: dict[str, list] = {}
    for path, module, t in ir_layers(model):
        assert t is not None, f"{path}: no inferred type"
        calls.setdefault(path, []).append((batch, *t.shape[1:]))
    for path, found in calls.items():
        assert found == shapes[path], f"{path}: {found} vs {shapes[path]}"
    graph = model.network.graph
    assert len(graph.output.inputs) == len(outputs)
    for value, real in zip(graph.output.inputs, outputs):
        t = graph.types[value]
        assert (batch, *t.shape[1:]) == tuple(real.shape), f"output %{value}: {t} vs {tuple(real.shape)}"
