#pragma once
// The exact trajectory of a charged particle in a uniform magnetic field along +z: a helix,
// parametrised by the transverse path length s (mm) from its starting point. With phi(s) =
// phi0 + kappa * s the direction of the transverse momentum,
//   x(s) = x0 + (sin phi(s) - sin phi0) / kappa,   y(s) = y0 - (cos phi(s) - cos phi0) / kappa,
//   z(s) = z0 + s * pz / pT,
// where kappa = -q B c / pT is the signed curvature (a positive charge turns clockwise seen from +z).
#include <cmath>

namespace trackgnn::simulation {

// pT [GeV] = kCurvatureConstant * B [T] * R [mm]  (c = 0.299792458 m/ns).
constexpr double kCurvatureConstant = 0.299792458e-3;

struct Vector3 {
  double x = 0, y = 0, z = 0;
};

class Helix {
 public:
  // charge in units of e (non-zero), field in T (positive).
  Helix(const Vector3& position, const Vector3& momentum, int charge, double field)
      : origin_(position),
        transverse_momentum_(std::hypot(momentum.x, momentum.y)),
        pz_(momentum.z),
        phi0_(std::atan2(momentum.y, momentum.x)),
        kappa_(-charge * kCurvatureConstant * field / transverse_momentum_),
        dz_ds_(momentum.z / transverse_momentum_) {
    sin_phi0_ = std::sin(phi0_);
    cos_phi0_ = std::cos(phi0_);
    centre_x_ = origin_.x - sin_phi0_ / kappa_;
    centre_y_ = origin_.y + cos_phi0_ / kappa_;
  }

  Vector3 position(double s) const {
    const double phi = phi0_ + kappa_ * s;
    return {origin_.x + (std::sin(phi) - sin_phi0_) / kappa_, origin_.y - (std::cos(phi) - cos_phi0_) / kappa_,
            origin_.z + s * dz_ds_};
  }
  Vector3 momentum(double s) const {
    const double phi = phi0_ + kappa_ * s;
    return {transverse_momentum_ * std::cos(phi), transverse_momentum_ * std::sin(phi), pz_};
  }

  // Transverse path length of one full turn.
  double period() const { return 2 * M_PI / std::abs(kappa_); }
  double radius() const { return 1 / std::abs(kappa_); }
  double centre_x() const { return centre_x_; }
  double centre_y() const { return centre_y_; }
  double kappa() const { return kappa_; }
  double phi0() const { return phi0_; }
  double dz_ds() const { return dz_ds_; }
  const Vector3& origin() const { return origin_; }
  // Path length in 3D per unit of transverse path length.
  double length_per_s() const { return std::sqrt(1 + dz_ds_ * dz_ds_); }

  // Transverse path length in [0, period) at which the helix's projection passes the point
  // (px, py) of its circle.
  double s_at_circle_point(double px, double py) const {
    // On the circle, (p - centre) * kappa = (sin phi, -cos phi).
    const double sense = kappa_ > 0 ? 1.0 : -1.0;
    const double phi = std::atan2((px - centre_x_) * sense, -(py - centre_y_) * sense);
    double turned = std::fmod((phi - phi0_) * sense, 2 * M_PI);
    if (turned < 0) turned += 2 * M_PI;
    return turned / std::abs(kappa_);
  }

 private:
  Vector3 origin_;
  double transverse_momentum_;
  double pz_;
  double phi0_;
  double kappa_;
  double dz_ds_;
  double sin_phi0_ = 0, cos_phi0_ = 0;
  double centre_x_ = 0, centre_y_ = 0;
};

}  // namespace trackgnn::simulation
