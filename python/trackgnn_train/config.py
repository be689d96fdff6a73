"""Stage configuration files (JSON). A config may name others under "include" (paths relative
to itself); its own keys win."""
import json
import os

# python/configs beside the package: a source checkout, or an editable install of it
# (`pip install -e python/`); a command given another directory takes --config-dir.
CONFIG_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "configs")


def load_config(path):
    with open(path) as stream:
        config = json.load(stream)
    merged = {}
    for included in config.pop("include", []):
        merged.update(load_config(os.path.join(os.path.dirname(path), included)))
    merged.update(config)
    return merged
