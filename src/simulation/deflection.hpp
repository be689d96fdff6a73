#pragma once
// Turning a direction by a polar angle: multiple scattering and the directions of secondaries.
#include <cmath>

#include "simulation/helix.hpp"

namespace trackgnn::simulation {

// The unit vector at polar angle theta (given by its cosine and sine) from the unit vector
// `direction`, at the azimuth whose cosine and sine are (a, b) in the basis e1 = z x direction
// (x when the direction is along z), e2 = direction x e1.
inline Vector3 deflect(const Vector3& direction, double cos_theta, double sin_theta, double a, double b) {
  Vector3 e1{-direction.y, direction.x, 0};
  double e1_norm = std::hypot(e1.x, e1.y);
  if (e1_norm == 0) {
    e1 = {1, 0, 0};
    e1_norm = 1;
  }
  e1 = {e1.x / e1_norm, e1.y / e1_norm, 0};
  const Vector3 e2{direction.y * e1.z - direction.z * e1.y, direction.z * e1.x - direction.x * e1.z,
                   direction.x * e1.y - direction.y * e1.x};
  return {direction.x * cos_theta + (a * e1.x + b * e2.x) * sin_theta,
          direction.y * cos_theta + (a * e1.y + b * e2.y) * sin_theta,
          direction.z * cos_theta + (a * e1.z + b * e2.z) * sin_theta};
}

}  // namespace trackgnn::simulation
