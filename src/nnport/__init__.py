"""nnport: migrate neural-network source code between PyTorch and Keras 3."""
__version__ = "0.1.0"
