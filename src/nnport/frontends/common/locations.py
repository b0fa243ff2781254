"""Source locations of ast nodes, 1-based lines and columns as editors show them."""
import ast

from ...errors import SourceLoc


def loc_of(node: ast.AST | None, path: str) -> SourceLoc:
    if node is None or not hasattr(node, "lineno"):
        return SourceLoc(path, 1, 1)
    return SourceLoc(path, node.lineno, node.col_offset + 1)


def code_of(node: ast.AST | None) -> str:
    """The source text of ``node`` on one line; a compound statement's header only (``for x in y:``)."""
    if node is None:
        return ""
    if isinstance(node, (ast.For, ast.While, ast.If, ast.With)):
        return ast.unparse(node).splitlines()[0]
    return " ".join(ast.unparse(node).split())
