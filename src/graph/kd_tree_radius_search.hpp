#pragma once
// The CPU k-d tree radius search (kd_tree_radius_search.cpp): the same edges as brute force, at a
// cost per point that does not grow with the density of the cloud.
#include <memory>

#include "trackgnn/graph/radius_search.hpp"

namespace trackgnn {

std::unique_ptr<RadiusSearch> make_kd_tree_radius_search();

}  // namespace trackgnn
