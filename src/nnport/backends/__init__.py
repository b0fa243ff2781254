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
from ..ir.sizes import OpenSize
from ..options import WriteOptions
from .dialects import DIALECTS, TORCH_LAMBDA
from .emit import Emitter, NetCode
from .generic import Generic, Unexpressed, bake_for, call_text, free_parameters, merge_classes, misplaced, parameterised, signature
from .fold import absorb_pads, in_place_layers, merge_stacks, pick_stacked
from .inline import inline_networks
from .network import TORCH_LAMBDA_KEY, chain_break, is_chain, write_network
from .render import render
from .sizes import RUN_TIME_SIZES, network_sizes, sizes_helper


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
    """The model written for ``write.target``; classes of the source with parameters are written
    once with them where their code does not depend on their values (generic.py)."""
    reporter = reporter if reporter is not None else Reporter()
    if write.target not in DIALECTS:
        raise NnportError(f"unknown target {write.target!r}; choose one of {sorted(DIALECTS)}")
    if not write.allow_partial:
        _check_typed(model)
    state = Generic()
    while any(free_parameters(net, state.baked) for net in model.networks.values()):
        trial = Reporter()
        try:
            plan = _plan(parameterised(model, state), write, trial, state)
        except OpenSize as exc:
            if bake_for(exc, state):
                continue
            break
        except Unexpressed as exc:
            state.bake_class(exc.cls, model)
            continue
        except Exception:  # noqa: BLE001 - anything else the expressions meet: the concrete classes are written
            break
        wrong = misplaced(plan.model, plan.codes)
        if wrong - state.baked:
            state.baked |= wrong
            continue
        reporter.diagnostics.extend(trial.diagnostics)
        plan.codes = merge_classes(plan.codes, plan.model.networks)
        return plan
    return _plan(copy.deepcopy(model), write, reporter, None)


def _plan(work: PivotModel, write: WriteOptions, reporter: Reporter, generic: Generic | None) -> ModelPlan:
    from ..passes.layout import plan_layout
    from ..passes.legalize import legalize

    _explicit_defaults(work)
    origins = inline_networks(work, write.target, merge_stacks(work, write.target))
    legalize(work, write.target, reporter)
    pick_stacked(work)
    absorb_pads(work, write.target)
    orders = plan_layout(work, write.target, write.layout)
    emitter = Emitter(work, DIALECTS[write.target], reporter, write.allow_partial)
    emitter.in_place = in_place_layers(work, write.target)
    emitter.generic = generic
    codes = []
    for name in _written_order(work):
        net = work.networks[name]
        nested = name != work.main
        code = write_network(emitter, net, _style(work, net, write, emitter.dialect, nested), nested)
        code.sizes = network_sizes(work, net, code.style == "functional" or write.target == "keras", emitter.codes)
        if generic is not None and generic.free.get(name):
            code.signature = signature(net, generic.free[name])
            code.arguments = call_text(net, {p: net.program.args[p] for p in generic.free[name]}, bool(code.sizes))
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
        model_expr = plan.main.model_expr
        if plan.main.sizes:  # the source computed them from its data: the script asks for them
            given = [f"**{RUN_TIME_SIZES}()", plan.main.arguments]
            model_expr = f"{model_expr.split('(')[0]}({', '.join(p for p in given if p)})"
            plan.emitter.helpers.append(sizes_helper(model, plan.main.sizes))
        training = training_code(model, write.target, model_expr, reporter, plan.model)
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


def _explicit_defaults(model: PivotModel) -> None:
    """Every attribute explicit, as shape inference makes them, also on the layers it did not
    reach (declared but never called; after an error with --allow-partial): the catalog's hooks
    read them."""
    from ..catalog import registry

    for net in model.networks.values():
        for module in net.modules.values():
            if module.kind != "network":
                module.attrs = {**registry.kind(module.kind).defaults(), **module.attrs}
        for node in net.graph.nodes:
            if node.op == "call_op":
                node.attrs = {**registry.kind(node.target).defaults(), **node.attrs}


def _check_typed(model: PivotModel) -> None:
    """Layout and axis decisions need every value's roles: a value without a type would be
    written in whatever order it happens to be in, so nothing is written."""
    for net in model.networks.values():
        if not any(n.outputs[0] in net.graph.types for n in net.graph.inputs):
            continue  # a sub-network no call reached with types (reported where it is called)
        for node in net.graph.nodes:
            missing = [v for v in node.inputs if v not in net.graph.types]
            if node.op in ("call_module", "call_op") and missing:
                raise NnportError(f"{missing[0]!r} (read by {node.target}) has no known rank or axis roles; "
                                  "give --input-shape", node.loc or net.loc)


def output_roles(plan: ModelPlan) -> dict[str, tuple[str, ...]]:
    """Generated module path -> the axis roles, in the order the target holds them, of the first
    result of that module's first call (what verify records for the layer)."""
    found: dict[str, tuple[str, ...]] = {}

    def walk(name: str, prefix: str) -> None:
        net = plan.model.networks[name]
        generated = plan.emitter.codes[name].paths
        for node in net.module_calls():
            module, used = net.modules[node.target], [v for v in node.outputs if v]
            path = prefix + generated.get(node.target, node.target)
            if module.kind == "network":
                walk(module.attrs["network"], path + ".")
            elif used and used[0] in net.graph.types and path not in found:
                found[path] = net.graph.types[used[0]].roles

    walk(plan.model.main, "")
    return found


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
