#include "simulation/propagator.hpp"

#include "simulation/deflection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace trackgnn::simulation {

namespace {

// A crossing closer than this (mm of transverse path) to the start is the surface the helix
// starts on, not a new one.
constexpr double kSurfaceTolerance = 1e-6;
// Highland's formula: theta0 = 13.6 MeV / (beta p) * |q| sqrt(x) (1 + 0.038 ln(x q^2 / beta^2)),
// accurate to 11% for 1e-3 < x < 100 radiation lengths; a crossing at grazing incidence is
// capped at the top of that range.
constexpr double kHighlandScale = 13.6e-3;  // GeV
constexpr double kHighlandLogTerm = 0.038;
constexpr double kHighlandMaxRadiationLengths = 100;
// Silicon (PDG): radiation length, and the mean ionisation loss of a minimum-ionising particle
// (1.664 MeV cm^2/g x 2.329 g/cm^3). Layer material is given in radiation lengths, so its loss
// is that of the same radiation lengths of silicon.
constexpr double kSiliconRadiationLength = 93.7;   // mm
constexpr double kSiliconIonisationLoss = 0.3876e-3;  // GeV/mm
// Newton's method for the helix meeting a module plane: converged when the step is below the
// tolerance, and the crossing must lie within this transverse path of the layer's crossing
// (modules sit within mm of their layer; a farther root is another turn of a looper).
constexpr int kNewtonIterations = 8;
constexpr double kNewtonTolerance = 1e-7;        // mm
constexpr double kModuleSearchDistance = 50.0;   // mm of transverse path
// Two crossings of one module closer than this are one crossing seen from two helix segments.
constexpr double kSameCrossingDistance = 1.0;  // mm
// A module farther than its half diagonal plus this from the layer crossing cannot be hit.
constexpr double kModuleReachMargin = 10.0;      // mm
// The tracking volume ends this far outside the outermost sensor surface: a particle that gets
// there has left for the calorimeters and does not curl back (the field is uniform only inside).
constexpr double kEnvelopeMargin = 1.0;  // mm

// The first transverse path length >= s at which a helix crossing a surface every `period`
// lies within [low, high] in z, or +infinity. z is monotonic along the helix, so later turns
// only move further away once it is past the range.
double first_turn_in_range(double s, double period, double z0, double dz_ds, double low, double high) {
  const double z = z0 + s * dz_ds;
  if (z >= low && z <= high) return s;
  const double advance = dz_ds * period;  // z per turn
  double turns = 0;
  if (z < low && advance > 0) {
    turns = std::ceil((low - z) / advance);
  } else if (z > high && advance < 0) {
    turns = std::ceil((high - z) / advance);
  } else {
    return std::numeric_limits<double>::infinity();
  }
  const double later = s + turns * period;
  const double later_z = z0 + later * dz_ds;
  return later_z >= low && later_z <= high ? later : std::numeric_limits<double>::infinity();
}

double norm(const Vector3& v) { return std::sqrt(v.x * v.x + v.y * v.y + v.z * v.z); }
double distance(const Vector3& a, const Vector3& b) { return std::hypot(a.x - b.x, a.y - b.y, a.z - b.z); }
double dot(const Vector3& a, const double b[3]) { return a.x * b[0] + a.y * b[1] + a.z * b[2]; }
Vector3 minus(const Vector3& a, const double b[3]) { return {a.x - b[0], a.y - b[1], a.z - b[2]}; }

}  // namespace

double radiation_length(const SimulationConfig& config, Technology technology) {
  switch (technology) {
    case Technology::pixel: return config.pixel.radiation_length;
    case Technology::short_strip: return config.short_strip.radiation_length;
    case Technology::long_strip: return config.long_strip.radiation_length;
  }
  return 0;
}

Propagator::Propagator(const Detector& detector, const SimulationConfig& config)
    : detector_(detector), config_(config) {}

bool Propagator::next_crossing(const Helix& helix, std::size_t& layer, double& s) const {
  const auto& layers = detector_.layers();
  // Cylinders: intersect the helix's circle (centre c, radius rho) with the circle of radius R.
  const double cx = helix.centre_x(), cy = helix.centre_y(), rho = helix.radius();
  const double d = std::hypot(cx, cy);
  const double period = helix.period();
  // The first turn-wise crossings of the circle of radius `radius` (none: +infinity each).
  auto circle_crossings = [&](double radius, double roots[2]) {
    roots[0] = roots[1] = std::numeric_limits<double>::infinity();
    if (d == 0 || radius < std::abs(d - rho) || radius > d + rho) return;
    const double along = (radius * radius - rho * rho + d * d) / (2 * d);
    const double across = std::sqrt(std::max(0.0, radius * radius - along * along));
    const double ux = cx / d, uy = cy / d;
    for (int k = 0; k < 2; ++k) {
      const double side = k == 0 ? -1.0 : 1.0;
      roots[k] = helix.s_at_circle_point(along * ux - side * across * uy, along * uy + side * across * ux);
      if (roots[k] < kSurfaceTolerance) roots[k] += period;
    }
  };

  // Nothing after the particle leaves the tracking volume counts.
  double exit_roots[2];
  circle_crossings(detector_.max_radius() + kEnvelopeMargin, exit_roots);
  const double exit = std::min(exit_roots[0], exit_roots[1]);
  double best = exit;

  for (std::size_t index : detector_.cylinders()) {
    const Layer& cylinder = layers[index];
    double roots[2];
    circle_crossings(cylinder.position, roots);
    for (double root : roots) {
      if (root >= best) continue;
      root = first_turn_in_range(root, period, helix.origin().z, helix.dz_ds(), cylinder.min_extent(),
                                 cylinder.max_extent());
      if (root < best) {
        best = root;
        layer = index;
      }
    }
  }

  // Disks in the order the particle meets them: the first one it hits inside its radial
  // extent is the nearest disk crossing.
  const double dz_ds = helix.dz_ds();
  if (dz_ds != 0) {
    const auto& disks = detector_.disks();
    const double z0 = helix.origin().z;
    auto visit = [&](std::size_t index) {
      const Layer& disk = layers[index];
      const double root = (disk.position - z0) / dz_ds;
      if (root <= kSurfaceTolerance) return false;
      if (root >= best) return true;
      const Vector3 point = helix.position(root);
      if (!disk.covers(std::hypot(point.x, point.y))) return false;
      best = root;
      layer = index;
      return true;
    };
    if (dz_ds > 0) {
      for (auto it = disks.begin(); it != disks.end(); ++it)
        if (visit(*it)) break;
    } else {
      for (auto it = disks.rbegin(); it != disks.rend(); ++it)
        if (visit(*it)) break;
    }
  }

  if (!(best < exit)) return false;
  s = best;
  return true;
}

void Propagator::module_crossings(const Helix& helix, std::size_t layer, double s, double path_length,
                                  std::vector<Crossing>& crossings) const {
  const Vector3 nominal = helix.position(s);
  const std::size_t first = crossings.size();
  const auto& modules = detector_.modules();
  // The helix's direction per unit transverse path is (cos phi, sin phi, dz/ds) = momentum / pT.
  const double pt = std::hypot(helix.momentum(0).x, helix.momentum(0).y);
  for (std::size_t index : detector_.modules_near(layer, nominal.x, nominal.y)) {
    const Module& module = modules[index];
    if (module.layer != layer) continue;
    const double reach = std::hypot(module.max_half_width, module.half_length) + kModuleReachMargin;
    const Vector3 offset = minus(nominal, module.centre);
    if (offset.x * offset.x + offset.y * offset.y + offset.z * offset.z > reach * reach) continue;
    double t = s;
    bool converged = false;
    for (int iteration = 0; iteration < kNewtonIterations && !converged; ++iteration) {
      const double distance = dot(minus(helix.position(t), module.centre), module.w);
      const Vector3 m = helix.momentum(t);
      const double slope = dot({m.x / pt, m.y / pt, m.z / pt}, module.w);
      if (std::abs(slope) < kNewtonTolerance) break;  // moving along the plane
      const double step = distance / slope;
      t -= step;
      converged = std::abs(step) < kNewtonTolerance;
    }
    if (!converged || t <= kSurfaceTolerance || std::abs(t - s) > kModuleSearchDistance) continue;
    const Vector3 at = helix.position(t);
    const Vector3 local = minus(at, module.centre);
    if (!module.contains(dot(local, module.u), dot(local, module.v))) continue;
    crossings.push_back({layer, index, at, helix.momentum(t), path_length + t * helix.length_per_s()});
  }
  std::sort(crossings.begin() + static_cast<std::ptrdiff_t>(first), crossings.end(),
            [](const Crossing& a, const Crossing& b) { return a.path_length < b.path_length; });
  // Modules that overlap in one plane (possible in a hand-made layout, never in a real detector)
  // are one sensor where they overlap: one crossing, not two at the same point.
  const auto same_point = [](const Crossing& a, const Crossing& b) {
    return std::abs(a.path_length - b.path_length) < kNewtonTolerance * 10;
  };
  crossings.erase(std::unique(crossings.begin() + static_cast<std::ptrdiff_t>(first), crossings.end(), same_point),
                  crossings.end());
}

double Propagator::material(const Vector3& momentum, const Module& module, const Layer& layer) const {
  const double cos_incidence = std::abs(dot(momentum, module.w)) / norm(momentum);
  const double normal = radiation_length(config_, layer.technology);
  return cos_incidence * kHighlandMaxRadiationLengths > normal ? normal / cos_incidence : kHighlandMaxRadiationLengths;
}

Vector3 Propagator::slow_down(const Vector3& momentum, double radiation_lengths, double mass) const {
  const double p = norm(momentum);
  const double energy = std::sqrt(p * p + mass * mass);
  const double beta_squared = p * p / (energy * energy);
  const double loss = kSiliconIonisationLoss * radiation_lengths * kSiliconRadiationLength / beta_squared;
  const double remaining = energy - loss;
  if (remaining <= mass) return {0, 0, 0};
  const double scale = std::sqrt(remaining * remaining - mass * mass) / p;
  return {momentum.x * scale, momentum.y * scale, momentum.z * scale};
}

Vector3 Propagator::scatter(const Vector3& momentum, double thickness, int charge, double mass,
                            Random& random) const {
  const double p = norm(momentum);
  const Vector3 direction{momentum.x / p, momentum.y / p, momentum.z / p};
  const double beta = p / std::sqrt(p * p + mass * mass);
  const double q = std::abs(charge);
  const double theta0 = kHighlandScale / (beta * p) * q * std::sqrt(thickness) *
                        (1 + kHighlandLogTerm * std::log(thickness * q * q / (beta * beta)));

  // Deflect by a polar angle whose projections on two perpendicular planes are N(0, theta0).
  const double theta_u = theta0 * random.gaussian();
  const double theta_v = theta0 * random.gaussian();
  const double theta = std::hypot(theta_u, theta_v);
  if (theta == 0) return momentum;
  const Vector3 out = deflect(direction, std::cos(theta), std::sin(theta), theta_u / theta, theta_v / theta);
  return {p * out.x, p * out.y, p * out.z};
}

void Propagator::propagate(const Vector3& vertex, const Vector3& momentum, int charge, double mass, bool hadron,
                           Random& random, std::vector<Crossing>& crossings,
                           std::vector<Interaction>& interactions) const {
  Vector3 position = vertex;
  Vector3 current = momentum;
  double path_length = 0;
  double turns = 0;
  std::size_t previous = crossings.size();  // the previous segment's crossings: [previous, first)
  for (int count = 0; count < config_.max_crossings_per_particle; ++count) {
    if (std::hypot(current.x, current.y) == 0) return;  // along the beam: no more layers
    const Helix helix(position, current, charge, config_.magnetic_field);
    std::size_t layer = 0;
    double s = 0;
    if (!next_crossing(helix, layer, s)) return;
    turns += s / helix.period();
    if (turns > config_.max_turns) return;
    const std::size_t first = crossings.size();
    module_crossings(helix, layer, s, path_length, crossings);
    // A particle moving almost along a layer meets the layer again within a few mm, and the new
    // segment can find a module crossing that the previous segment already recorded (scattering
    // between them moves it by microns): one crossing, recorded once.
    crossings.erase(std::remove_if(crossings.begin() + static_cast<std::ptrdiff_t>(first), crossings.end(),
                                   [&](const Crossing& crossing) {
                                     for (std::size_t p = previous; p < first; ++p)
                                       if (crossings[p].module == crossing.module &&
                                           distance(crossings[p].position, crossing.position) < kSameCrossingDistance)
                                         return true;
                                     return false;
                                   }),
                    crossings.end());
    previous = first;
    position = helix.position(s);
    current = helix.momentum(s);
    path_length += s * helix.length_per_s();
    // The material of every module crossed acts at the layer's crossing: the modules lie within a
    // few mm of it along the path, too little for the track to change in between.
    for (std::size_t c = first; c < crossings.size(); ++c) {
      const double x = material(current, detector_.modules()[crossings[c].module], detector_.layers()[layer]);
      if (hadron && random.bernoulli(1 - std::exp(-x * config_.nuclear_interactions_per_radiation_length))) {
        interactions.push_back({crossings[c].position, current});
        if (random.bernoulli(config_.nuclear_absorption_fraction)) {
          crossings.resize(c + 1);  // absorbed in this module
          return;
        }
      }
      if (config_.multiple_scattering) current = scatter(current, x, charge, mass, random);
      if (config_.energy_loss) {
        current = slow_down(current, x, mass);
        if (current.x == 0 && current.y == 0 && current.z == 0) {
          crossings.resize(c + 1);  // stopped in this module
          return;
        }
      }
    }
  }
}

}  // namespace trackgnn::simulation
