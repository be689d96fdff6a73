"""Writes the tiny TorchScript models of the throughput tests (run with Debian's /usr/bin/python3).

They are not trained: each is a fixed formula, so a test event runs in milliseconds on one core
and the tracks depend only on the hits. A spacepoint is embedded by its direction seen from the
beam line, (cos phi, sin phi, asinh(z / r) / 2); the edge models score an edge by how far apart
its two hits are in that space, which keeps neighbouring hits of stiff tracks together.
"""
import json
import pathlib

import torch

HERE = pathlib.Path(__file__).resolve().parent
# Edge logits are sharpness * (reach - distance): positive (score > 0.5) within `reach`.
FILTER_REACH, GNN_REACH, SHARPNESS = 0.06, 0.04, 50.0


class DirectionEmbedding(torch.nn.Module):
    def __init__(self, phi_scale: float):
        super().__init__()
        self.phi_scale = phi_scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        r, phi, z = x[:, 0], x[:, 1] * self.phi_scale, x[:, 2]
        pseudo_eta = torch.asinh(z / torch.clamp(r, min=1e-6)) / 2
        return torch.stack([torch.cos(phi), torch.sin(phi), pseudo_eta], dim=1)


class DistanceEdgeScore(torch.nn.Module):
    def __init__(self, phi_scale: float, reach: float):
        super().__init__()
        self.embedding = DirectionEmbedding(phi_scale)
        self.reach = reach
        self.sharpness = SHARPNESS

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor) -> torch.Tensor:
        embedded = self.embedding(x)
        distance = torch.linalg.norm(embedded[edge_index[0]] - embedded[edge_index[1]], dim=1)
        return self.sharpness * (self.reach - distance)


def main() -> None:
    card = json.loads((HERE / "card.json").read_text())
    scales = {feature["name"]: feature["scale"] for feature in card["features"]}
    phi_scale = float(scales["phi"])
    torch.jit.script(DirectionEmbedding(phi_scale)).save(str(HERE / card["embedding"]["torchscript"]))
    torch.jit.script(DistanceEdgeScore(phi_scale, FILTER_REACH)).save(str(HERE / card["filter"]["torchscript"]))
    torch.jit.script(DistanceEdgeScore(phi_scale, GNN_REACH)).save(str(HERE / card["gnn"]["torchscript"]))


if __name__ == "__main__":
    main()
