"""``self.head.weight = self.tok_emb.weight`` in a constructor: the head computes with the
embedding's table (tied weights), read as a ``tied_linear`` naming that embedding (catalog:
families/tied.py). Only a bias-free linear layer tied to an embedding attribute of the same module,
whose shapes agree, is read; any other parameter assignment is refused with its reason."""
from __future__ import annotations

import ast

from ...catalog import registry
from ..common import Scope
from .values import Layer, Untranslatable


def _attribute_of_self(node: ast.expr) -> str | None:
    """``self.head`` -> "head"."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return node.attr
    return None


class TiedWeights:
    def do_Assign(self, stmt: ast.Assign, scope: Scope) -> None:
        target, value = (stmt.targets[0], stmt.value) if len(stmt.targets) == 1 else (None, None)
        if not (isinstance(target, ast.Attribute) and isinstance(value, ast.Attribute)
                and target.attr == value.attr == "weight"):
            return super().do_Assign(stmt, scope)
        head, table = _attribute_of_self(target.value), _attribute_of_self(value.value)
        if head is None or table is None:
            raise Untranslatable(stmt, f"{ast.unparse(stmt)}: tied weights are read between two layers of "
                                       "the module itself (self.head.weight = self.embedding.weight)")
        self.tie(scope.lookup("self"), head, table, stmt)

    def tie(self, instance, head: str, table: str, stmt: ast.Assign) -> None:
        linear, embedding = (instance.scope.values.get(f"self.{name}") for name in (head, table))
        if not (isinstance(linear, Layer) and linear.kind.name == "linear" and isinstance(embedding, Layer)
                and embedding.kind.name == "embedding"):
            raise Untranslatable(stmt, f"{ast.unparse(stmt)}: tied weights are read from a linear layer to an "
                                       "embedding (an output layer sharing the input embedding's table)")
        width, count = embedding.attrs["embedding_dim"], embedding.attrs["num_embeddings"]
        if linear.attrs.get("in_features") != width or linear.attrs.get("out_features") != count:
            raise Untranslatable(stmt, f"{ast.unparse(stmt)}: the linear layer's weight is "
                                       f"({linear.attrs.get('out_features')}, {linear.attrs.get('in_features')}), "
                                       f"the table ({count}, {width}): PyTorch would fail")
        if linear.attrs.get("bias", True):
            raise Untranslatable(stmt, f"{ast.unparse(stmt)}: {head} has a bias; Keras's tied output "
                                       "(ReversibleEmbedding called with reverse=True) has none: give "
                                       f"{head} bias=False, or keep the weights apart")
        kind = registry.kind("tied_linear")
        tied = Layer(kind, kind.spelling("torch", "layer"), {"table": table, "in_features": width,
                                                              "out_features": count}, linear.loc)
        self.set_attribute(instance, head, tied, stmt)
