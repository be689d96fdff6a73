"""TorchScript files without a machine's paths. torch.jit.save records, in each code file's debug
information (code/**/*.py.debug_pkl), the absolute path of the Python source it was scripted from
(".../python/trackgnn_train/models.py", ".../dist-packages/torch/nn/modules/linear.py"). Those
paths are rewritten to the module's path inside its package ("trackgnn_train/models.py",
"torch/nn/modules/linear.py"); the code, the weights and every other record stay byte for byte.

  python3 -m trackgnn_train.source_paths ../models/NAME   # a model directory: .pt files and card checksums
"""
import argparse
import io
import os
import pickletools
import struct
import zipfile

from .card import read_card, record_checksums, write_card

_ALIGNMENT = 64  # bytes; where torch.jit.save starts every record's data


def package_relative(filename):
    """An absolute source path as its path from the top of its package (the first directory up
    without an __init__.py); its file name alone where it is not on this machine."""
    if not os.path.isabs(filename):
        return filename
    directory, parts = os.path.dirname(filename), [os.path.basename(filename)]
    while os.path.exists(os.path.join(directory, "__init__.py")):
        parts.insert(0, os.path.basename(directory))
        directory = os.path.dirname(directory)
    return "/".join(parts)


def _is_source_path(text):
    return os.path.isabs(text) and text.endswith(".py") and "\n" not in text


def _string_op(text, short):
    encoded = text.encode("utf-8")
    if short and len(encoded) < 256:
        return b"\x8c" + struct.pack("<B", len(encoded)) + encoded
    return b"X" + struct.pack("<I", len(encoded)) + encoded


def rewrite_pickle(data):
    """The pickle with every absolute .py path among its strings made package-relative; the same
    bytes when there is none. Only the string opcodes change, so memo and structure are kept."""
    ops = list(pickletools.genops(data))
    if any(op.name == "FRAME" for op, _, _ in ops):
        raise ValueError("framed pickles (protocol 4+) are not rewritten")
    out, changed, last = io.BytesIO(), False, 0
    for index, (op, arg, position) in enumerate(ops):
        if op.name in ("BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8") and _is_source_path(arg):
            end = ops[index + 1][2] if index + 1 < len(ops) else len(data)
            out.write(data[last:position])
            out.write(_string_op(package_relative(arg), op.name == "SHORT_BINUNICODE"))
            last, changed = end, True
    if not changed:
        return data
    out.write(data[last:])
    return out.getvalue()


def relativise(path):
    """Rewrites the TorchScript file at `path` in place; returns how many records changed."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    rewritten = [(info, rewrite_pickle(data) if info.filename.endswith(".debug_pkl") else data)
                 for info, data in entries]
    changed = sum(new is not old for (_, old), (_, new) in zip(entries, rewritten))
    if not changed:
        return 0
    temporary = path + ".tmp"
    with zipfile.ZipFile(temporary, "w") as archive:
        # Same order, names and compression; each record's data starts on a 64-byte boundary, as
        # torch writes them (padding in an extra field of id "FB").
        for info, data in rewritten:
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type, copy.external_attr, copy.create_system = (info.compress_type, info.external_attr,
                                                                          info.create_system)
            header = 30 + len(info.filename.encode("utf-8")) + 4
            padding = -(archive.fp.tell() + header) % _ALIGNMENT
            copy.extra = b"FB" + struct.pack("<H", padding) + b"Z" * padding
            archive.writestr(copy, data)
    os.replace(temporary, path)
    return changed


def relativise_directory(directory):
    """Every TorchScript file a model directory's card names, then the card's checksums."""
    card = read_card(directory)
    for stage in ("embedding", "filter", "gnn"):
        name = card[stage].get("torchscript")
        if name:
            print("%s: %d debug records rewritten" % (name, relativise(os.path.join(directory, name))))
    if "sha256" in card:
        write_card(directory, record_checksums(directory, card))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", help="model directory (card.json and the files it names)")
    relativise_directory(parser.parse_args().directory)


if __name__ == "__main__":
    main()
