"""Backends: the pivot model -> native, formatted model code in PyTorch or Keras 3.

``generate(model, write, reporter)`` legalises and layout-plans a copy of the model, writes each
network (sub-networks first) in its style through the generic engine, renders the Jinja
skeletons and formats the result (ruff format, black-compatible).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

from ..errors import NnportError, Reporter
from ..ir.graph import PivotModel
from ..options import WriteOptions
from .dialects import DIALECTS, TORCH_LAMBDA
from .emit import Emitter, NetCode
from .fold import absorb_pads, in_place_layers, merge_stacks, pick_stacked
from .inline import inline_networks
from .network import TORCH_LAMBDA_KEY, chain_break, is_chain, write_network
from .render import render


@dataclass
class ModelPlan:
    codes: list[NetCode]
    emitter: Emitter
    paths: dict[str, str] = field(default_factory=dict)  # IR module path -> generated path
    flatten_orders: dict = field(default_factory=dict)
    model: PivotModel | None = None  # the legalised, layout-planned copy

    @property
    def main(self) -> NetCode:
        return self.codes[-1]

    @property
    def input_orders(self) -> list[tuple[str, ...] | None]:
        """The axis roles, in order, of each input the generated main network takes."""
        graph = self.model.network.graph
        return [graph.types[v.outputs[0]].roles if v.outputs[0] in graph.types else None for v in graph.inputs]


def plan_model(model: PivotModel, write: WriteOptions, reporter: Reporter | None = None) -> ModelPlan:
    from ..passes.layout import plan_layout
    from ..passes.legalize import legalize

    reporter = reporter if reporter is not None else Reporter()
    if write.target not in DIALECTS:
        raise NnportError(f"unknown target {write.target!r}; choose one of {sorted(DIALECTS)}")
    work = copy.deepcopy(model)
    origins = inline_networks(work, write.target, merge_stacks(work, write.target))
    legalize(work, write.target, reporter)
    pick_stacked(work)
    absorb_pads(work, write.target)
    orders = plan_layout(work, write.target, write.layout)
    emitter = Emitter(work, DIALECTS[write.target], reporter, write.allow_partial)
    emitter.in_place = in_place_layers(work, write.target)
    codes = []
    for name in _written_order(work):
        net = work.networks[name]
        nested = name != work.main
        code = write_network(emitter, net, _style(work, net, write, emitter.dialect, nested), nested)
        emitter.codes[name] = code
        codes.append(code)
    plan = ModelPlan(codes, emitter, flatten_orders=orders, model=work)
    plan.paths = _paths(work, emitter.codes, work.main, "", "", origins)
    return plan


def generate(model: PivotModel, write: WriteOptions, reporter: Reporter) -> str:
    plan = plan_model(model, write, reporter)
    training = None
    if not write.only_model and (model.training is not None or model.datasets):
        from .training import training_code
        training = training_code(model, write.target, plan.main.model_expr, reporter, plan.model)
        for line in training.imports:
            plan.emitter.imports.add(line)
    helpers = [TORCH_LAMBDA if h == TORCH_LAMBDA_KEY else h for h in plan.emitter.helpers]
    classes = [c for c in plan.codes if not (c.style == "sequential" and c.class_name == "")]
    return render(model, write, plan.emitter, helpers, classes, training.code if training else None)


def _written_order(model: PivotModel) -> list[str]:
    """Sub-networks before the networks that use them; the main network last."""
    order: list[str] = []

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in order:
            return
        if name in trail:
            raise NnportError(f"network {name!r} contains itself", model.networks[name].loc)
        for module in model.networks[name].modules.values():
            if module.kind == "network":
                visit(module.attrs["network"], trail + (name,))
        order.append(name)

    visit(model.main, ())
    return order


def _style(model: PivotModel, net, write: WriteOptions, dialect, nested: bool) -> str:
    asked = write.style if not nested else None
    style = asked or net.style
    if nested and style != "sequential":
        return "subclassing"
    if style not in dialect.styles:
        if asked:
            raise NnportError(f"style {asked!r} is not available for {dialect.target} "
                              f"(choose one of {', '.join(dialect.styles)})", net.loc)
        style = "subclassing"
    if style == "sequential" and not is_chain(net):
        if asked:
            raise NnportError(f"network {net.name!r} cannot be written as a sequential model: it is not "
                              f"a chain of layers ({chain_break(net)})",
                              net.loc)
        style = "functional" if net.style == "functional" and "functional" in dialect.styles else "subclassing"
    return style


def _paths(model: PivotModel, codes: dict[str, NetCode], name: str, ir_prefix: str, out_prefix: str,
           origins: dict) -> dict:
    """IR module path -> generated path; a module written for several IR modules (a merged stack,
    the layers of an inlined sub-network) maps each of them (``origins``, see inline.py)."""
    paths = {}
    net = model.networks[name]
    for module_name, generated in codes[name].paths.items():
        module = net.modules.get(module_name)
        for ir_name in origins.get(name, {}).get(module_name, [module_name]):
            paths[ir_prefix + ir_name] = out_prefix + generated
            if module is not None and module.kind == "network":
                paths.update(_paths(model, codes, module.attrs["network"], f"{ir_prefix}{ir_name}.",
                                    f"{out_prefix}{generated}.", origins))
    return paths
