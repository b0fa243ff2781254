"""nnport: migrate neural-network source code between PyTorch and Keras 3."""
__version__ = "0.1.0"


def __getattr__(name):
    """``nnport.verify`` / ``nnport.verify_models`` load on first use (they import frameworks when run)."""
    if name in ("verify", "verify_models", "VerifyResult"):
        import importlib

        package = importlib.import_module(f"{__name__}.verify")  # callable: nnport.verify(source, migrated)

        return package if name == "verify" else getattr(package, name)
    raise AttributeError(f"module 'nnport' has no attribute {name!r}")
