"""Open sizes in Keras files (``common/open_values.py``): a module-level name the file computes
from its data (``input_dim = x_train.shape[1]``, ``vocab_size = len(tokenizer.word_index) + 1``)
or an argument computed inline (``input_shape=(X.shape[1], X.shape[2])``), read where a layer
takes an integer, becomes a size of that name; a required argument of a Model class the file
never builds too. The shape of a dataset loaded by name (``cifar10.load_data()``) is known:
``x_train.shape[1:]`` reads as ``(32, 32, 3)``, and verify gives the source the same value.
"""
from __future__ import annotations

import ast

from ...catalog.datasets import SAMPLES
from ...ir.sizes import OpenValue, Size
from ..common.open_values import module_bindings
from ..common.samples import reshaped
from .values import DataRef, Opaque

SHAPE_KEEPING = {"cast", "scale", "normalize", "standardize"}  # dataset transforms that keep a sample's shape


class OpenSizesMixin:
    def note_binding(self, name: str, value, env, stmt) -> object:
        """A module-level name bound to a value static reading cannot know: remembered by name
        (or replaced by what --set gives); one bound to a known dataset's shape: remembered for
        verify. Returns the value to bind."""
        if env is not self.env:
            return value
        if name in self.opens.given and isinstance(value, Opaque):
            self.opens.taken.add(name)
            return self.opens.given[name]
        if isinstance(value, Opaque):
            self.open_names.setdefault(id(value), (name, value))
        elif self.dataset_shape_read is not None and _plain(value):
            loader = self.dataset_shape_read
            self.opens.known[name] = OpenValue(name, "dataset", f"the shape of the {loader} samples the file loads",
                                               self.loc(stmt), value=value)
        return value

    def dataset_argument(self, name: str, value, expr: ast.expr) -> None:
        """``input_shape=x_train.shape[1:]`` after ``cifar10.load_data()``: kept for verify."""
        if self.dataset_shape_read is not None and _plain(value) \
                and any(isinstance(n, ast.Attribute) and n.attr == "shape" for n in ast.walk(expr)):
            self.opens.dataset(name, expr, value, self.dataset_shape_read)

    def open_size(self, value, expr: ast.expr, name: str, owner: str):
        """The size standing for an unknown integer argument ``name`` of ``owner``; None when
        ``value`` is not one (a tensor, a layer, an error's consequence)."""
        if not isinstance(value, Opaque) or value.failed or getattr(value.node, "lineno", None) in self._error_lines:
            return None
        held = self.open_names.get(id(value))
        if held is not None:
            return self.opens.data(held[0], self.bindings_of_module().get(held[0], expr))
        if isinstance(expr, ast.Name):
            return None  # a parameter or a name bound in a function: no place to give it from
        return self.opens.argument(_named_after(expr) or name, expr, owner)

    def open_shape(self, value, expr: ast.expr, owner: str):
        """``(X.shape[1], X.shape[2])``: a tuple whose unknown items become sizes; None else."""
        if not isinstance(value, (tuple, list)) or not isinstance(expr, (ast.Tuple, ast.List)) \
                or len(expr.elts) != len(value):
            return None
        items = []
        for i, (item, part) in enumerate(zip(value, expr.elts)):
            size = self.open_size(item, part, _shape_name(part) or f"{owner.lower()}_dim_{i + 1}", owner) \
                if isinstance(item, Opaque) else item
            if size is None or not isinstance(size, (int, Size, type(None))):
                return None
            items.append(size)
        return tuple(items)

    def dataset_shape(self, owner: DataRef):
        """``x_train.shape`` of a dataset loaded by name whose transforms keep a sample's shape."""
        sample = SAMPLES.get(owner.dataset.loader or "")
        shape = sample.shape("keras") if sample else None
        if owner.part != "x" or shape is None or None in shape:
            return None
        size = sample.train_size if owner.dataset.split == "train" else None
        shape = (size, *shape)
        for step in owner.dataset.transforms:  # x_train.reshape(x_train.shape[0], -1, 1)
            shape = reshaped(shape, step["shape"]) if step.get("kind") == "reshape" else \
                shape if step.get("kind") in SHAPE_KEEPING else None
            if shape is None:
                return None
        self.dataset_shape_read = owner.dataset.loader
        return shape

    def bindings_of_module(self) -> dict:
        if self._bindings is None:
            self._bindings = module_bindings(self.tree)
        return self._bindings


def _named_after(expr: ast.expr) -> str | None:
    """``tokenizer.vocab_size`` -> ``vocab_size``; ``len(classes)`` -> ``n_classes``: an inline
    value named as the source names what it reads."""
    if isinstance(expr, ast.Attribute):
        return expr.attr
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "len" \
            and len(expr.args) == 1 and isinstance(expr.args[0], ast.Name):
        return f"n_{expr.args[0].id.lower()}"
    return _shape_name(expr)


def _shape_name(expr: ast.expr) -> str | None:
    """``X.shape[2]`` -> ``x_shape_2``: a size named after the array and axis it is read from."""
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Attribute) and expr.value.attr == "shape" \
            and isinstance(expr.value.value, ast.Name) and isinstance(expr.slice, ast.Constant) \
            and isinstance(expr.slice.value, int) and expr.slice.value >= 0:
        return f"{expr.value.value.id.lower()}_shape_{expr.slice.value}"
    return None


def _plain(value) -> bool:
    if isinstance(value, (tuple, list)):
        return all(_plain(v) for v in value)
    return isinstance(value, (int, type(None))) and not isinstance(value, bool)
