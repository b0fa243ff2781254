"""Hand-built pivot models and helpers to run generated code against the source framework."""
from __future__ import annotations

import importlib.util
import sys
import uuid

import numpy as np

from nnport.backends import plan_model
from nnport.catalog import registry
from nnport.errors import Reporter, SourceLoc
from nnport.ir import Graph, Module, Network, Node, PivotModel, SourceInfo
from nnport.ir.types import channels_first, channels_last
from nnport.passes.shapes import infer_shapes


def chain(layers, shape, framework, style="sequential", name="Net") -> PivotModel:
    """A chain network: ``layers`` are (name, kind, attrs); ``shape`` includes the batch axis."""
    modules = {n: Module(n, k, dict(a), SourceLoc("model.py", i + 3, 4)) for i, (n, k, a) in enumerate(layers)}
    nodes, previous = [Node("input", outputs=["x"])], "x"
    for n in modules:
        nodes.append(Node("call_module", n, [previous], [f"{n}_out"]))
        previous = f"{n}_out"
    nodes.append(Node("output", inputs=[previous]))
    layout = channels_first if framework == "torch" else channels_last
    graph = Graph(nodes, {"x": layout(shape)})
    model = PivotModel({name: Network(name, modules, graph, style)}, main=name,
                       source=SourceInfo("model.py", framework, style,
                                         "channels_first" if framework == "torch" else "channels_last"))
    reporter = Reporter()
    infer_shapes(model, reporter)
    assert not reporter.errors, reporter.diagnostics
    return model


def load_code(code: str, tmp_path):
    """Import generated code as a real module file (never through nnport)."""
    path = tmp_path / f"generated_{uuid.uuid4().hex[:8]}.py"
    path.write_text(code)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def keras_layer(model, path: str):
    obj = model
    for segment in path.split("."):
        obj = getattr(obj, segment) if hasattr(obj, segment) else obj.get_layer(segment)
    return obj


def canonical_weights_from_torch(torch_layer, kind_name) -> dict[str, np.ndarray]:
    spelling = registry.kind(kind_name).spelling("torch", "layer")
    state = {k: v.detach().numpy() for k, v in torch_layer.state_dict().items()}
    return {p.canonical: p.from_fw(state[p.name]) for p in spelling.params if p.name in state}


def set_keras_weights(layer, kind_name, canonical):
    spelling = registry.kind(kind_name).spelling("keras", "layer")
    by_name = {p.name: p for p in spelling.params}
    values = [by_name[w.name].to_fw(canonical[by_name[w.name].canonical]) for w in layer.weights]
    layer.set_weights(values)


def canonical_weights_from_keras(layer, kind_name) -> dict[str, np.ndarray]:
    spelling = registry.kind(kind_name).spelling("keras", "layer")
    by_name = {p.name: p for p in spelling.params}
    return {by_name[w.name].canonical: by_name[w.name].from_fw(np.asarray(w.numpy())) for w in layer.weights}


def set_torch_weights(layer, kind_name, canonical):
    import torch
    spelling = registry.kind(kind_name).spelling("torch", "layer")
    state = {p.name: torch.from_numpy(np.ascontiguousarray(p.to_fw(canonical[p.canonical])))
             for p in spelling.params if p.canonical in canonical}
    layer.load_state_dict(state)


def paths(model: PivotModel, write) -> dict[str, str]:
    return plan_model(model, write).paths


def migrate_and_verify(source: str, tmp_path, target: str, style=None, layout="source", trials=2, name="model.py"):
    """Write ``source`` to a file, migrate it, run the generated file and compare it with the
    source model (weights copied by nnport's converter). Returns (generated code, result)."""
    from nnport.api import migrate
    from nnport.options import WriteOptions
    from nnport.verify.files import verify

    src = tmp_path / name
    src.write_text(source)
    code = migrate(src, WriteOptions(target=target, style=style, layout=layout, only_model=True))
    out = tmp_path / f"migrated_{uuid.uuid4().hex[:8]}.py"
    out.write_text(code)
    result = verify(src, out, style=style, layout=layout, trials=trials, per_layer=False, batch=2)
    return code, result
