"""Source locations of ast nodes, 1-based lines and columns as editors show them."""
import ast

from ...errors import SourceLoc


def loc_of(node: ast.AST | None, path: str) -> SourceLoc:
    if node is None or not hasattr(node, "lineno"):
        return SourceLoc(path, 1, 1)
    return SourceLoc(path, node.lineno, node.col_offset + 1)
