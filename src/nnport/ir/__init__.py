"""The pivot model (IR) of a neural network and its training."""
from .graph import NODE_KINDS, STYLES, Graph, Module, Network, Node, PivotModel, SourceInfo
from .training import Component, Dataset, Training
from .types import TensorType

__all__ = ["NODE_KINDS", "STYLES", "Graph", "Module", "Network", "Node", "PivotModel", "SourceInfo",
           "Component", "Dataset", "Training", "TensorType"]
