"""Training, export and validation of the trackgnn Exa.TrkX models (embedding, filter, GNN).

The conventions here (feature scaling, radius graph, edge orientation, truth targets) are the
ones the C++ pipeline implements; see python/README.md.
"""
