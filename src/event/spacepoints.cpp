#include "trackgnn/event/spacepoints.hpp"

#include <cmath>

namespace trackgnn {

void Spacepoints::reserve(std::size_t n) {
  hit_id.reserve(n);
  x.reserve(n);
  y.reserve(n);
  z.reserve(n);
  r.reserve(n);
  phi.reserve(n);
  eta.reserve(n);
  volume_id.reserve(n);
  layer_id.reserve(n);
  module_id.reserve(n);
}

void Spacepoints::push_back(std::uint64_t id, float hx, float hy, float hz, std::int32_t volume, std::int32_t layer,
                            std::int64_t module) {
  hit_id.push_back(id);
  x.push_back(hx);
  y.push_back(hy);
  z.push_back(hz);
  volume_id.push_back(volume);
  layer_id.push_back(layer);
  module_id.push_back(module);
}

namespace {

// atan2 gives -pi for y = -0 and x < 0; the documented range is (-pi, pi].
double azimuth(double hx, double hy) {
  const double angle = std::atan2(hy, hx);
  return angle <= -M_PI ? M_PI : angle;
}

// eta = -ln tan(theta / 2) with theta the polar angle of (r, z), written as asinh(z / r) so
// that it stays accurate near the beam line; a point on the beam axis has infinite |eta|.
double pseudorapidity(double radius, double hz) {
  if (radius == 0) return hz == 0 ? 0.0 : std::copysign(HUGE_VAL, hz);
  return std::asinh(hz / radius);
}

}  // namespace

void Spacepoints::derive_cylindrical() {
  const std::size_t n = size();
  r.resize(n);
  phi.resize(n);
  eta.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    // Double precision so the float results are correctly rounded, not float-chain rounded.
    const double radius = std::hypot(static_cast<double>(x[i]), static_cast<double>(y[i]));
    r[i] = static_cast<float>(radius);
    phi[i] = static_cast<float>(azimuth(x[i], y[i]));
    eta[i] = static_cast<float>(pseudorapidity(radius, z[i]));
  }
}

}  // namespace trackgnn
