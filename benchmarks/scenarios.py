"""The paper's five networks and the migration scenarios of its Table 1.

AlexNet, VGG16 and the TF-tutorial CNN are written in both styles in both frameworks, so each has
eight scenarios (subclassing/sequential source x subclassing/sequential target, both directions).
The LSTM and the CNN-RNN are not chains, so the paper migrates them subclassing <-> subclassing; we
add Keras functional as source and target (marked ``paper=False``).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .common import TEST_MODELS

CHAIN_NETWORKS = ("AlexNet", "VGG16", "TF-Tutorial")

SOURCES: dict[str, dict[tuple[str, str], str]] = {
    "AlexNet": {("torch", "subclassing"): "torch/alexnet_subclass.py",
                ("torch", "sequential"): "torch/alexnet_sequential.py",
                ("keras", "subclassing"): "keras/alexnet_subclass.py",
                ("keras", "sequential"): "keras/alexnet_sequential.py"},
    "VGG16": {("torch", "subclassing"): "torch/vgg16_subclass.py",
              ("torch", "sequential"): "torch/vgg16_sequential.py",
              ("keras", "subclassing"): "keras/vgg16_subclass.py",
              ("keras", "sequential"): "keras/vgg16_sequential.py"},
    "TF-Tutorial": {("torch", "subclassing"): "torch/tf_tutorial_subclass.py",
                    ("torch", "sequential"): "torch/tf_tutorial_sequential.py",
                    ("keras", "subclassing"): "keras/tf_tutorial_subclass.py",
                    ("keras", "sequential"): "keras/tf_tutorial_sequential.py"},
    "LSTM": {("torch", "subclassing"): "torch/lstm_sentiment.py",
             ("keras", "subclassing"): "keras/lstm_sentiment.py"},
    "CNN-RNN": {("torch", "subclassing"): "torch/cnn_rnn.py",
                ("keras", "subclassing"): "keras/cnn_rnn_subclass.py",
                ("keras", "functional"): "keras/cnn_rnn_functional.py"},
}

SHORT = {"subclassing": "subc", "sequential": "seq", "functional": "func"}
OTHER = {"torch": "keras", "keras": "torch"}


@dataclass(frozen=True)
class Scenario:
    network: str
    source_fw: str
    source_style: str
    source: Path
    target_fw: str
    target_style: str
    paper: bool  # one of the paper's Table 1 scenarios

    @property
    def direction(self) -> str:
        return f"{self.source_fw}->{self.target_fw}"

    @property
    def label(self) -> str:
        """The paper's Figure 5 naming: 'subcToSeq' = subclassing source to sequential target."""
        return f"{SHORT[self.source_style]}To{SHORT[self.target_style].capitalize()}"

    @property
    def ident(self) -> str:
        return f"{self.network}-{self.source_fw}-{self.source_style}-to-{self.target_fw}-{self.target_style}"


def _targets(network: str, target_fw: str) -> list[str]:
    if network in CHAIN_NETWORKS:
        styles = ["subclassing", "sequential"]
    else:
        styles = ["subclassing"]
    return styles + (["functional"] if target_fw == "keras" else [])


def _is_paper(network: str, source_style: str, target_style: str) -> bool:
    styles = {source_style, target_style}
    if network in CHAIN_NETWORKS:
        return styles <= {"subclassing", "sequential"}
    return styles == {"subclassing"}


def scenarios(networks: tuple[str, ...] | None = None) -> list[Scenario]:
    found = []
    for network, files in SOURCES.items():
        if networks and network not in networks:
            continue
        for (source_fw, source_style), rel in files.items():
            target_fw = OTHER[source_fw]
            for target_style in _targets(network, target_fw):
                found.append(Scenario(network, source_fw, source_style, TEST_MODELS / rel, target_fw,
                                      target_style, _is_paper(network, source_style, target_style)))
    return found
