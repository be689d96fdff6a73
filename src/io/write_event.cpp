// Writing a TrackML event. Floats use fmt's shortest representation that reads back to the same
// float, so write -> read is exact.
#include <fmt/format.h>

#include <stdexcept>
#include <string>

#include "io/event_files.hpp"
#include "io/file_io.hpp"
#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn::io {

namespace {

void check_column(std::size_t size, std::size_t expected, const char* name) {
  if (size != expected)
    throw std::invalid_argument(
        fmt::format("write_event: column {} has {} entries, expected {}", name, size, expected));
}

std::string hits_text(const Spacepoints& hits) {
  const std::size_t n = hits.size();
  check_column(hits.x.size(), n, "x");
  check_column(hits.y.size(), n, "y");
  check_column(hits.z.size(), n, "z");
  check_column(hits.volume_id.size(), n, "volume_id");
  check_column(hits.layer_id.size(), n, "layer_id");
  check_column(hits.module_id.size(), n, "module_id");
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "hit_id,x,y,z,volume_id,layer_id,module_id\n");
  for (std::size_t i = 0; i < n; ++i)
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{}\n", hits.hit_id[i], hits.x[i], hits.y[i], hits.z[i],
                   hits.volume_id[i], hits.layer_id[i], hits.module_id[i]);
  return fmt::to_string(out);
}

std::string cells_text(const Cells& cells, const Spacepoints& hits) {
  const std::size_t n = cells.size();
  check_column(cells.ch0.size(), n, "ch0");
  check_column(cells.ch1.size(), n, "ch1");
  check_column(cells.value.size(), n, "value");
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "hit_id,ch0,ch1,value\n");
  for (std::size_t i = 0; i < n; ++i) {
    const auto hit = static_cast<std::size_t>(cells.hit_index[i]);
    if (cells.hit_index[i] < 0 || hit >= hits.size())
      throw std::invalid_argument(
          fmt::format("write_event: cell {} refers to spacepoint {} of {}", i, cells.hit_index[i], hits.size()));
    fmt::format_to(std::back_inserter(out), "{},{},{},{}\n", hits.hit_id[hit], cells.ch0[i], cells.ch1[i],
                   cells.value[i]);
  }
  return fmt::to_string(out);
}

std::string particles_text(const std::vector<Particle>& particles) {
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "particle_id,particle_type,vx,vy,vz,px,py,pz,q,nhits\n");
  for (const Particle& p : particles)
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{}\n", p.particle_id, p.particle_type, p.vx,
                   p.vy, p.vz, p.px, p.py, p.pz, p.charge, p.nhits);
  return fmt::to_string(out);
}

std::string truth_text(const Truth& truth, const Spacepoints& hits) {
  const std::size_t n = hits.size();
  check_column(truth.particle_id.size(), n, "particle_id");
  check_column(truth.tx.size(), n, "tx");
  check_column(truth.ty.size(), n, "ty");
  check_column(truth.tz.size(), n, "tz");
  check_column(truth.tpx.size(), n, "tpx");
  check_column(truth.tpy.size(), n, "tpy");
  check_column(truth.tpz.size(), n, "tpz");
  check_column(truth.weight.size(), n, "weight");
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n");
  for (std::size_t i = 0; i < n; ++i)
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{}\n", hits.hit_id[i], truth.particle_id[i],
                   truth.tx[i], truth.ty[i], truth.tz[i], truth.tpx[i], truth.tpy[i], truth.tpz[i], truth.weight[i]);
  return fmt::to_string(out);
}

}  // namespace

void write_event(const Event& event, const std::filesystem::path& directory) {
  const auto& hits = event.spacepoints;
  const auto path = [&](const char* kind) { return event_csv_path(directory, event.event_id, kind); };
  // Files of an earlier event with the same id that this event lacks are removed, so reading
  // the directory back gives this event and nothing stale.
  const auto remove_stale = [](const std::filesystem::path& file) { std::filesystem::remove(file); };

  write_whole_file(path("hits"), hits_text(hits));
  if (!event.cells.empty() || hits.has_cells())
    write_whole_file(path("cells"), cells_text(event.cells, hits));
  else
    remove_stale(path("cells"));
  if (event.truth) {
    write_whole_file(path("particles"), particles_text(event.truth->particles));
    write_whole_file(path("truth"), truth_text(*event.truth, hits));
  } else {
    remove_stale(path("particles"));
    remove_stale(path("truth"));
  }
}

}  // namespace trackgnn::io
