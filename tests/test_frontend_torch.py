"""What the PyTorch frontend reads besides layers: training, datasets, inputs, names, selection."""
from pathlib import Path

from nnport.api import load
from nnport.errors import Reporter
from nnport.options import ReadOptions

MODELS = Path(__file__).parent / "models" / "torch"


def read(name, **options):
    reporter = Reporter()
    return load(MODELS / name, ReadOptions(**options), reporter), reporter


def test_training_loop_with_sequential_lenet():
    model, _ = read("lenet_sequential.py")
    t = model.training
    assert (t.optimizer.kind, t.optimizer.attrs["lr"]) == ("sgd", 0.9)
    assert (t.loss.kind, t.loss.attrs["from_logits"]) == ("cross_entropy", True)
    assert (t.epochs, t.batch_size, t.metrics) == (10, 256, ["accuracy"])
    train, test = model.datasets
    assert (train.loader, train.split, test.split) == ("mnist", "train", "test")
    assert train.transforms == [{"kind": "scale", "factor": 1 / 255},
                                {"kind": "normalize", "mean": (0.1307,), "std": (0.3081,)}]
    assert model.network.style == "sequential"
    assert model.network.graph.types["x"].shape == (None, 1, 28, 28)  # from the MNIST dataset


def test_optimizer_hyper_parameters_and_schedules():
    vgg, _ = read("vgg16_sequential.py")
    opt = vgg.training.optimizer.attrs
    assert (opt["momentum"], opt["nesterov"], opt["weight_decay"]) == (0.9, True, 5e-4)
    assert vgg.training.loss.attrs["label_smoothing"] == 0.1
    assert (vgg.training.schedule.kind, vgg.training.schedule.attrs["T_max"]) == ("cosine_annealing_lr", 200)
    assert vgg.training.epochs == 200
    gru, _ = read("gru_classifier.py")
    assert gru.training.optimizer.attrs["eps"] == 1e-7
    assert (gru.training.schedule.kind, gru.training.schedule.attrs["gamma"]) == ("exponential_lr", 0.95)
    mlp, _ = read("module_list_loop.py")
    assert mlp.training.optimizer.kind == "adamw" and mlp.training.optimizer.attrs["betas"] == (0.9, 0.95)
    assert mlp.training.loss.kind == "mse" and mlp.training.epochs == 50
    two, _ = read("two_inputs.py")
    assert (two.training.loss.kind, two.training.loss.attrs["from_logits"]) == ("binary_cross_entropy", True)


def test_rnn_outputs_follow_the_recurrent_convention():
    model, _ = read("lstm_sentiment.py")
    net = model.network
    call = next(n for n in net.module_calls() if n.target == "lstm")
    assert call.outputs == ["", "", "", "lstm_last"]  # hidden[-1]: the top layer's final state
    assert net.graph.types["x"].dtype == "int64"
    bilstm, _ = read("bilstm_tagger.py")
    call = next(n for n in bilstm.network.module_calls() if n.target == "lstm")
    assert call.outputs[0] and not any(call.outputs[1:])
    index = next(n for n in bilstm.network.graph.nodes if n.target == "getitem")
    assert index.attrs["index"] == ((None, None, None), -1, (None, None, None))


def test_value_names_come_from_source_variables():
    model, _ = read("resnet_basic.py")
    block = model.networks["BasicBlock"]
    names = [v for n in block.graph.nodes for v in n.outputs]
    assert names[0] == "x" and "out" in names and "identity" not in names[:1]
    assert any(n.target == "add" for n in block.graph.nodes)
    shortcut = model.networks["BasicBlock_1"]
    assert "downsample" in shortcut.modules and "downsample" not in block.modules


def test_model_choice_and_explicit_model_option():
    model, _ = read("vae.py")
    assert model.main == "VAE" and list(model.networks)[-1] == "VAE"
    assert {"Encoder", "Decoder"} <= set(model.networks)
    encoder, _ = read("vae.py", model="Encoder")
    assert encoder.main == "Encoder"


def test_module_list_and_dict_items_are_named_like_the_state_dict():
    model, _ = read("module_list_loop.py")
    assert [m for m in model.network.modules] == ["layers.0", "layers.1", "layers.2", "norms.0", "norms.1",
                                                  "norms.2", "out"]
    heads, _ = read("module_dict_heads.py")
    assert {"heads.age", "heads.gender", "heads.mood"} <= set(heads.network.modules)
    assert len(heads.network.graph.output.inputs) == 3


def test_input_shape_option_wins():
    model, _ = read("tf_tutorial_sequential.py", input_shape=(None, 3, 40, 40))
    assert model.network.graph.types["x"].shape == (None, 3, 40, 40)
