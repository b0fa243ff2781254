"""Each PyTorch model file read statically agrees with the torch model it builds:
layer kinds, parameter counts, per-layer output shapes, network outputs."""
import pytest

from torch_compare import compare, import_file, read

# file -> expression building the model in the file's namespace (what its own code builds)
MODELS = {
    "alexnet_subclass.py": "AlexNet(num_classes=10)",
    "alexnet_sequential.py": "model",
    "vgg16_subclass.py": "vgg16()",
    "vgg16_sequential.py": "model",
    "tf_tutorial_subclass.py": "Net()",
    "tf_tutorial_sequential.py": "model",
    "lstm_sentiment.py": "SentimentLSTM()",
    "cnn_rnn.py": "CNNRNN()",
    "lenet_sequential.py": "net",
    "resnet_basic.py": "ResNet18()",
    "mobilenetv2_block.py": "TinyMobileNetV2()",
    "kim_textcnn.py": "TextCNN()",
    "vae.py": "VAE()",
    "dcgan_generator.py": "Generator()",
    "mlp_functional.py": "MLP()",
    "import_forms.py": "ImportForms()",
    "ordered_dict.py": "classifier",
    "nested_sequential.py": "model",
    "module_list_loop.py": "DeepMLP()",
    "module_dict_heads.py": "MultiHead()",
    "two_inputs.py": "TwoTower()",
    "gru_classifier.py": "GRUNet()",
    "bilstm_tagger.py": "BiLSTM()",
    "conv1d_signal.py": "SignalCNN()",
    "conv_autoencoder.py": "AutoEncoder()",
    "functional_ops.py": "FunctionalOps()",
    "residual_mlp.py": "ResidualMLP()",
    "mnist_mlp_flat_batches.py": "model",
    "denoising_autoencoder.py": "model",
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_model_matches_torch(name):
    model, _ = read(name)
    module = import_file(name)
    net = eval(MODELS[name], vars(module))
    compare(model, net)


def test_every_model_file_is_covered():
    from torch_compare import MODELS as FOLDER
    assert sorted(p.name for p in FOLDER.glob("*.py")) == sorted(MODELS)
