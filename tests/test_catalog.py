"""Catalog conformance: every spelling exists in the installed torch 2.13 / keras 3.15 (and
tensorflow for ``tensorflow.*`` aliases), its argument names and defaults are the real ones, its
positional order is the real order; every kind has a shape rule; the matrix meets its targets.
"""
import ast
import importlib
import inspect
import operator
import re
import typing
from dataclasses import dataclass

import pytest

from nnport.catalog import matrix, registry
from nnport.catalog.schema import ABSENT

# --- the real signatures ------------------------------------------------------------------
# Builtins (torch.mean, tensor methods) have no inspect signature; their docstrings list one
# line per overload ("mean(input, dim, keepdim=False, *, dtype=None) -> Tensor"), parsed with
# ast: the union of the overloads' parameters is the signature.

NO_DEFAULT = object()


@dataclass
class Param:
    name: str
    default: object = NO_DEFAULT
    positional: bool = True
    variadic: bool = False


def resolve(framework: str, form: str, qualified: str):
    if form == "activation":
        import keras

        return getattr(keras.activations, qualified)
    if qualified.startswith("Tensor."):
        import torch

        return getattr(torch.Tensor, qualified.split(".", 1)[1])
    if qualified.startswith("operator."):
        return getattr(operator, qualified.split(".", 1)[1])
    root, *path = qualified.split(".")
    obj = importlib.import_module(root)
    for part in path:
        obj = getattr(obj, part)
    return obj


def overloads(obj) -> list[list[Param]]:
    """One parameter list per overload; the receiver (self) is left out."""
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        declared = [_from_inspect(inspect.signature(f)) for f in typing.get_overloads(target)]
    except AttributeError:  # builtin method descriptors have no overload registry
        declared = []
    if any(declared):  # nn.LSTM declares its real signature as an overload of (*args, **kwargs)
        return [params for params in declared if params and not all(p.variadic for p in params)]
    try:
        params = _from_inspect(inspect.signature(target))
    except (TypeError, ValueError):
        return _from_docstring(obj)
    if params and all(p.variadic for p in params):  # F.max_pool2d dispatches on (*args): its docstring tells
        try:
            return _from_docstring(obj)
        except LookupError:
            pass
    return [params]


def _from_inspect(signature) -> list[Param]:
    params = []
    for p in signature.parameters.values():
        if p.name == "self" or p.kind == p.VAR_KEYWORD:
            continue
        default = NO_DEFAULT if p.default is p.empty else p.default
        params.append(Param(p.name, default, p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL),
                            p.kind == p.VAR_POSITIONAL))
    return params


def _from_docstring(obj) -> list[list[Param]]:
    name = obj.__name__
    found = []
    for line in _signature_lines(obj.__doc__ or ""):
        match = re.match(rf"\s*(?:\.\. function:: )?{re.escape(name)}\((.*)\)\s*(->.*)?$", line)
        if match:
            params = re.sub(r"(\*\w+), \*,", r"\1,", match.group(1))  # randn(*size, *, dtype=None): keyword-only already
            params = re.sub(r"^(\w+)=[^,]+, (\w+),", r"\1, \2,", params)  # arange(start=0, end, ...): optional first
            try:
                tree = ast.parse(f"def f({params}): pass")
            except SyntaxError:
                continue
            found.append(_from_ast(tree.body[0].args))
    if not found:
        raise LookupError(f"no signature for {obj!r}")
    return found


def _signature_lines(doc: str):
    """Docstring lines, a signature wrapped over several (F.scaled_dot_product_attention's) joined."""
    lines = iter(doc.splitlines())
    for line in lines:
        while line.count("(") > line.count(")") and re.match(r"\s*[\w.: ]*\w\(", line):
            following = next(lines, None)
            if following is None:
                break
            line = f"{line} {following.strip()}"
        yield line.rstrip(":")


def _from_ast(args: ast.arguments) -> list[Param]:
    positional = args.posonlyargs + args.args
    defaults = [NO_DEFAULT] * (len(positional) - len(args.defaults)) + [_default(d) for d in args.defaults]
    params = [Param(a.arg, d) for a, d in zip(positional, defaults) if a.arg != "self"]
    if args.vararg:
        params.append(Param(args.vararg.arg, variadic=True))
    for a, d in zip(args.kwonlyargs, args.kw_defaults):
        params.append(Param(a.arg, NO_DEFAULT if d is None else _default(d), positional=False))
    return params


def _default(node: ast.expr):
    """A literal default's value; another (``memory_format=torch.preserve_format``) as its text."""
    try:
        return ast.literal_eval(node)
    except ValueError:
        return ast.unparse(node)


# --- the tests -----------------------------------------------------------------------------

SPELLINGS = [pytest.param(k, s, id=f"{k.name}:{s.framework}:{s.form}:{s.name}")
             for k in registry.kinds() for s in k.spellings if not s.name.startswith("nnport.")]


def real_params(spelling):
    try:
        return overloads(resolve(spelling.framework, spelling.form, spelling.name))
    except LookupError:
        return None  # an undocumented builtin (torch.relu): checked by calling it


def call_builtin(spelling):
    """Keyword names of an undocumented torch builtin are checked by calling it with them."""
    import torch

    kwargs = {a.name: 1 for a in spelling.args}
    fn = resolve(spelling.framework, spelling.form, spelling.name)
    x = torch.ones(2, 3)
    fn(x, **kwargs) if spelling.form == "function" else fn(x, **kwargs)


def same_default(arg, real):
    if arg.default == real and type(arg.default) is type(real) or arg.default is real:
        return True
    try:
        return arg.from_fw(arg.default) == arg.from_fw(real)  # 2 and (2, 2) mean the same pool size
    except (TypeError, ValueError, KeyError):
        return False


@pytest.mark.parametrize("kind, spelling", SPELLINGS)
def test_spelling_exists_with_real_argument_names_and_defaults(kind, spelling):
    found = real_params(spelling)
    if found is None:
        call_builtin(spelling)
        return
    for arg in spelling.args:
        matches = [p for params in found for p in params if p.name == arg.name and not p.variadic]
        variadic = [p for params in found for p in params if p.name == arg.name and p.variadic]
        assert matches or variadic, f"{spelling.name} has no argument {arg.name!r}"
        if not matches:
            continue
        defaults = {id(p): p.default for p in matches}
        real = [d for d in defaults.values() if d is not NO_DEFAULT]
        if arg.default is ABSENT:
            assert any(p.default is NO_DEFAULT for p in matches), f"{arg.name} defaults to {real} in {spelling.name}"
        else:
            assert real, f"{spelling.name}({arg.name}) has no default; the catalog records {arg.default!r}"
            assert any(same_default(arg, d) for d in real), \
                f"{spelling.name}({arg.name}) defaults to {real}, the catalog records {arg.default!r}"


@pytest.mark.parametrize("kind, spelling", SPELLINGS)
def test_positional_order_is_the_real_one(kind, spelling):
    found = real_params(spelling)
    if found is None or not spelling.positional:
        return
    orders = [[p.name for p in params if p.positional] for params in found]
    assert any(order[:len(spelling.positional)] == list(spelling.positional) for order in orders), \
        f"{spelling.name}: positional {spelling.positional}, real {orders}"


@pytest.mark.parametrize("kind", registry.kinds(), ids=lambda k: k.name)
def test_every_kind_has_a_shape_rule_and_both_frameworks(kind):
    assert kind.shape is not None
    assert {s.framework for s in kind.spellings} >= {"torch", "keras"}
    names = [a.name for a in kind.attrs]
    assert len(names) == len(set(names))
    for spelling in kind.spellings:
        for arg in spelling.args:
            assert arg.attr is None or arg.attr in names, f"{spelling.name}: {arg.name} -> unknown {arg.attr!r}"


def test_matrix_meets_the_targets():
    rows = matrix.rows()
    layers = [r for r in rows if r["type"] == "layer" and r["torch"] and r["keras"] and r["shape_rule"]]
    ops = [r for r in rows if r["type"] == "op" and r["torch"] and r["keras"] and r["shape_rule"]]
    assert len(layers) >= 60 and len(ops) >= 25, (len(layers), len(ops))
    assert "| lstm | recurrent | layer |" in matrix.markdown()


def test_required_kinds_are_present():
    required = """linear conv1d conv2d conv3d conv_transpose1d conv_transpose2d conv_transpose3d depthwise_conv2d
    separable_conv1d separable_conv2d max_pool1d max_pool2d max_pool3d avg_pool1d avg_pool2d avg_pool3d
    global_max_pool2d global_avg_pool1d global_avg_pool3d adaptive_avg_pool2d adaptive_max_pool1d batch_norm
    batch_norm1d batch_norm2d batch_norm3d layer_norm group_norm instance_norm2d dropout dropout2d alpha_dropout
    flatten reshape permute embedding simple_rnn lstm gru zero_pad2d constant_pad1d reflection_pad2d upsample
    upsample2d multi_head_attention rescaling identity prelu add sub mul truediv matmul concat stack split chunk
    transpose squeeze unsqueeze mean sum max min getitem pad interpolate clip exp log sqrt neg""".split()
    assert [k for k in required if k not in {kind.name for kind in registry.kinds()}] == []


def test_keras_activation_strings_exist():
    import keras

    for kind in registry.kinds():
        for s in kind.spellings:
            if s.form == "activation":
                assert keras.activations.get(s.name) is not None
