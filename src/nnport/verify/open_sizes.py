"""Sizes the source knows only when it runs (``vocab_size = len(chars)``, a required constructor
argument the file never gives): verify chooses a value for each one every layer accepts (or
takes ``--set``), builds both models with it, and says which it used.
"""
from __future__ import annotations

import ast
from dataclasses import replace

from ..errors import NnportError
from ..options import ReadOptions

CANDIDATES = (16, 8, 32, 4, 12, 64, 2, 3, 1)


def read_values(values: dict[str, str] | None) -> tuple:
    """``--set`` literals (name -> Python literal text) as the static reader takes them."""
    return tuple((name, ast.literal_eval(text)) for name, text in (values or {}).items())


def instance(source, read: ReadOptions, load) -> tuple:
    """(pivot with every open size given a value, the values chosen, notes). ``load(source,
    read)`` is the static front half (shapes inferred); a pivot without open sizes comes back as
    it is."""
    pivot = load(source, read)
    opened = {n: v for n, v in pivot.open_values.items() if v.value is None}
    known = [f"{v.name} = {v.value!r}, {v.origin} (line {v.loc.line if v.loc else '?'}): given to the source, which "
             "computes it from that data" for v in pivot.open_values.values() if v.kind == "dataset"]
    if not opened:
        return pivot, {}, known
    chosen = _choose(source, read, list(opened), load)
    concrete = load(source, replace(read, values=read.values + tuple(chosen.items())))
    concrete.open_values = pivot.open_values
    concrete.source.model_expr = pivot.source.model_expr  # naming the sizes: the values are given by name
    notes = [f"{value.describe()}: verified with {name}={chosen[name]} on both sides (give --set {name}=VALUE "
             "to choose)" for name, value in opened.items()]
    return concrete, chosen, known + notes


def _choose(source, read: ReadOptions, names: list[str], load) -> dict[str, int]:
    """The first values every layer accepts: 16 each, then one size at a time, then all alike."""
    base = {n: CANDIDATES[0] for n in names}
    tries = [base] + [{**base, n: v} for n in names for v in CANDIDATES[1:]] + \
        [dict.fromkeys(names, v) for v in CANDIDATES[1:]]
    for values in tries:
        try:
            load(source, replace(read, values=read.values + tuple(values.items())))
            return values
        except NnportError:
            continue
    raise NnportError(f"{', '.join(names)}: the source computes {'them' if len(names) > 1 else 'it'} when it runs "
                      f"and no value tried builds a network every layer accepts; give "
                      + " ".join(f"--set {n}=VALUE" for n in names))


def source_values(opened: dict, chosen: dict[str, int], given: dict[str, str] | None) -> dict[str, str]:
    """Name -> literal for running the source: what ``--set`` gave, and the values chosen."""
    values = {name: repr(value.value) for name, value in opened.items() if value.kind == "dataset"}
    values.update(given or {})
    values.update({name: repr(value) for name, value in chosen.items()})
    return values


def replacements(opened: dict) -> dict[tuple, str]:
    """Where the source computes an open argument inline (``input_shape=(X.shape[1], X.shape[2])``,
    or ``x_train.shape[1:]`` of a dataset loaded by name): its place -> the name given a value, so
    the executed file reads the value verify chose (or the dataset's)."""
    return {value.span: name for name, value in opened.items() if value.kind in ("argument", "dataset") and value.span}


def shape_arguments(pivot) -> tuple[dict[str, str], dict[tuple, str]]:
    """An input shape the source computes from data and passes in (``make_model(input_shape=
    x_train.shape[1:])``): (name -> the shape verify uses, as a literal; its place -> name). Only
    for a network with one input, whose shape is then that input's."""
    inputs = pivot.network.graph.inputs
    found = pivot.network.graph.types.get(inputs[0].outputs[0]) if len(inputs) == 1 else None
    if found is None or len(pivot.shape_arguments) != 1 or None in found.shape[1:]:
        return {}, {}
    name, place = next(iter(pivot.shape_arguments.items()))
    return {name: repr(tuple(found.shape[1:]))}, {place: name}
