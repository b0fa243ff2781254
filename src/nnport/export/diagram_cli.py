"""``nnport diagram``: a picture of the forward graph (SVG, or PNG through matplotlib)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli import EXIT_INPUT, _fail, _report, with_source_options
from ..errors import NnportError
from ..cli import load_inferred


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="net.svg or net.png")
@click.option("--network", help="Draw this network instead of the main one (a sub-network's name).")
@with_source_options
def command(source, output, network, model, input_shape, framework):
    """Draw the forward graph of SOURCE (.py, .ipynb, .json or .nn): a box per layer with its kind,
    key attributes and output shape; branches and merges as edges."""
    from ..output import write_atomically
    from .diagram import diagram_of, png, svg

    suffix = Path(output).suffix.lower()
    if suffix not in (".svg", ".png"):
        click.echo(f"error: {output}: the diagram is written as .svg or .png", err=True)
        sys.exit(EXIT_INPUT)
    pivot, reporter = load_inferred(source, model, input_shape, framework)
    if network and network not in pivot.networks:
        click.echo(f"error: no network {network!r}; the file has {', '.join(pivot.networks)}", err=True)
        sys.exit(EXIT_INPUT)
    picture = diagram_of(pivot, network)
    try:
        data = svg(picture) if suffix == ".svg" else png(picture)
        write_atomically(Path(output), data, source=Path(source))
    except NnportError as exc:
        _fail(exc, reporter)
    _report(reporter)
