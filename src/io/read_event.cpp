// Reading a TrackML event: hits first (they define the spacepoint order), then cells and truth,
// which refer to hits by id and are checked against them.
#include <algorithm>
#include <unordered_set>
#include <vector>

#include "io/csv_reader.hpp"
#include "io/event_files.hpp"
#include "io/hit_lookup.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn::io {

namespace {

constexpr std::uint64_t kNoiseParticle = 0;

// Also returns each record's line, for errors found after reading.
Spacepoints read_hits(const std::filesystem::path& file, std::vector<std::size_t>& record_lines) {
  CsvReader csv(file);
  const std::size_t hit_id = csv.column("hit_id"), x = csv.column("x"), y = csv.column("y"), z = csv.column("z"),
                    volume_id = csv.column("volume_id"), layer_id = csv.column("layer_id"),
                    module_id = csv.column("module_id");
  Spacepoints spacepoints;
  spacepoints.reserve(csv.record_capacity());
  record_lines.reserve(csv.record_capacity());
  while (csv.next()) {
    spacepoints.push_back(csv.get<std::uint64_t>(hit_id), csv.get<float>(x), csv.get<float>(y), csv.get<float>(z),
                          csv.get<std::int32_t>(volume_id), csv.get<std::int32_t>(layer_id),
                          csv.get<std::int64_t>(module_id));
    record_lines.push_back(csv.line());
  }
  spacepoints.derive_cylindrical();
  return spacepoints;
}

// The hit ids must be unique; a repeated one is reported at its line in the hits file.
HitLookup index_hits(const std::filesystem::path& file, const Spacepoints& spacepoints,
                     const std::vector<std::size_t>& record_lines) {
  HitLookup lookup(spacepoints.hit_id);
  if (const auto duplicate = lookup.first_duplicate())
    throw InputError(file.string(), record_lines[*duplicate],
                     "duplicate hit_id " + std::to_string(spacepoints.hit_id[*duplicate]));
  return lookup;
}

// Hits without cells keep a count and charge of zero.
void read_cells(const std::filesystem::path& file, const HitLookup& lookup, Spacepoints& spacepoints, Cells& cells) {
  CsvReader csv(file);
  const std::size_t hit_id = csv.column("hit_id"), ch0 = csv.column("ch0"), ch1 = csv.column("ch1"),
                    value = csv.column("value");
  cells.hit_index.reserve(csv.record_capacity());
  cells.ch0.reserve(csv.record_capacity());
  cells.ch1.reserve(csv.record_capacity());
  cells.value.reserve(csv.record_capacity());
  spacepoints.cell_count.assign(spacepoints.size(), 0.0f);
  spacepoints.cell_value.assign(spacepoints.size(), 0.0f);
  while (csv.next()) {
    const auto id = csv.get<std::uint64_t>(hit_id);
    const std::int32_t index = lookup.find(id);
    if (index < 0) csv.fail("hit_id " + std::to_string(id) + " is not in the hits file");
    const auto charge = csv.get<float>(value);
    cells.hit_index.push_back(index);
    cells.ch0.push_back(csv.get<std::int32_t>(ch0));
    cells.ch1.push_back(csv.get<std::int32_t>(ch1));
    cells.value.push_back(charge);
    spacepoints.cell_count[static_cast<std::size_t>(index)] += 1.0f;
    spacepoints.cell_value[static_cast<std::size_t>(index)] += charge;
  }
}

std::vector<Particle> read_particles(const std::filesystem::path& file) {
  CsvReader csv(file);
  // particle_type is absent from the public Kaggle TrackML files
  // (particle_id,vx,vy,vz,px,py,pz,q,nhits); every other column is required.
  const bool has_type = csv.has_column("particle_type");
  const std::size_t particle_type = has_type ? csv.column("particle_type") : 0;
  const std::size_t particle_id = csv.column("particle_id"), vx = csv.column("vx"), vy = csv.column("vy"), vz = csv.column("vz"), px = csv.column("px"),
                    py = csv.column("py"), pz = csv.column("pz"), q = csv.column("q"), nhits = csv.column("nhits");
  std::vector<Particle> particles;
  particles.reserve(csv.record_capacity());
  std::unordered_set<std::uint64_t> seen;
  seen.reserve(csv.record_capacity());
  while (csv.next()) {
    Particle particle;
    particle.particle_id = csv.get<std::uint64_t>(particle_id);
    if (particle.particle_id == kNoiseParticle) csv.fail("particle_id 0 is reserved for noise hits");
    if (!seen.insert(particle.particle_id).second)
      csv.fail("duplicate particle_id " + std::to_string(particle.particle_id));
    particle.particle_type = has_type ? csv.get<std::int32_t>(particle_type) : kUnknownParticleType;
    particle.vx = csv.get<float>(vx);
    particle.vy = csv.get<float>(vy);
    particle.vz = csv.get<float>(vz);
    particle.px = csv.get<float>(px);
    particle.py = csv.get<float>(py);
    particle.pz = csv.get<float>(pz);
    particle.charge = csv.get<std::int32_t>(q);
    particle.nhits = csv.get<std::int32_t>(nhits);
    particles.push_back(particle);
  }
  return particles;
}

// Every hit must have exactly one truth record, and every particle it names (other than noise)
// must be in the particles file.
Truth read_truth(const std::filesystem::path& truth_file, const std::filesystem::path& particles_file,
                 const HitLookup& lookup, const Spacepoints& spacepoints) {
  Truth truth;
  truth.particles = read_particles(particles_file);
  const auto particle_index = truth.particle_index();

  CsvReader csv(truth_file);
  const std::size_t hit_id = csv.column("hit_id"), particle_id = csv.column("particle_id"), tx = csv.column("tx"),
                    ty = csv.column("ty"), tz = csv.column("tz"), tpx = csv.column("tpx"), tpy = csv.column("tpy"),
                    tpz = csv.column("tpz"), weight = csv.column("weight");
  const std::size_t n = spacepoints.size();
  truth.particle_id.assign(n, kNoiseParticle);
  for (auto* column : {&truth.tx, &truth.ty, &truth.tz, &truth.tpx, &truth.tpy, &truth.tpz, &truth.weight})
    column->assign(n, 0.0f);
  std::vector<bool> has_record(n, false);
  while (csv.next()) {
    const auto id = csv.get<std::uint64_t>(hit_id);
    const std::int32_t found = lookup.find(id);
    if (found < 0) csv.fail("hit_id " + std::to_string(id) + " is not in the hits file");
    const auto i = static_cast<std::size_t>(found);
    if (has_record[i]) csv.fail("duplicate hit_id " + std::to_string(id));
    has_record[i] = true;
    const auto particle = csv.get<std::uint64_t>(particle_id);
    if (particle != kNoiseParticle && particle_index.count(particle) == 0)
      csv.fail("particle_id " + std::to_string(particle) + " is not in " + particles_file.filename().string());
    truth.particle_id[i] = particle;
    truth.tx[i] = csv.get<float>(tx);
    truth.ty[i] = csv.get<float>(ty);
    truth.tz[i] = csv.get<float>(tz);
    truth.tpx[i] = csv.get<float>(tpx);
    truth.tpy[i] = csv.get<float>(tpy);
    truth.tpz[i] = csv.get<float>(tpz);
    truth.weight[i] = csv.get<float>(weight);
  }
  const auto first_missing = std::find(has_record.begin(), has_record.end(), false);
  if (first_missing != has_record.end()) {
    const auto missing = std::count(first_missing, has_record.end(), false);
    const auto example = spacepoints.hit_id[static_cast<std::size_t>(first_missing - has_record.begin())];
    throw InputError(truth_file.string(), 0,
                     std::to_string(missing) + " hits of the hits file have no truth record (the first is hit_id " +
                         std::to_string(example) + ")");
  }
  return truth;
}

}  // namespace

Event read_event(const std::filesystem::path& directory, std::uint64_t event_id, const ReadOptions& options) {
  const auto hits_file = event_csv_path(directory, event_id, "hits");
  const auto cells_file = event_csv_path(directory, event_id, "cells");
  const auto truth_file = event_csv_path(directory, event_id, "truth");
  const auto particles_file = event_csv_path(directory, event_id, "particles");
  std::error_code error;
  if (!std::filesystem::exists(hits_file, error)) throw InputError(hits_file.string(), 0, "missing hits file");

  Event event;
  event.event_id = event_id;
  std::vector<std::size_t> hit_lines;
  event.spacepoints = read_hits(hits_file, hit_lines);
  const HitLookup lookup = index_hits(hits_file, event.spacepoints, hit_lines);
  if (options.cells && std::filesystem::exists(cells_file, error))
    read_cells(cells_file, lookup, event.spacepoints, event.cells);

  if (options.truth || options.require_truth) {
    const bool has_truth = std::filesystem::exists(truth_file, error);
    const bool has_particles = std::filesystem::exists(particles_file, error);
    // Half of the truth cannot be checked (particles) or used (hits), so it is an error, not
    // an event quietly without truth.
    if (has_truth && !has_particles)
      throw InputError(particles_file.string(), 0, "missing particles file (the event has a truth file)");
    if (has_particles && !has_truth)
      throw InputError(truth_file.string(), 0, "missing truth file (the event has a particles file)");
    if (!has_truth && options.require_truth) throw InputError(truth_file.string(), 0, "missing truth file");
    if (has_truth) event.truth = read_truth(truth_file, particles_file, lookup, event.spacepoints);
  }
  return event;
}

}  // namespace trackgnn::io
