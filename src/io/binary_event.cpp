#include "trackgnn/io/binary_event.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "io/event_files.hpp"
#include "io/file_io.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/io/trackml_csv.hpp"

// Columns are copied as raw bytes; the format is little-endian, so is the host.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the .tgnevent reader and writer assume a little-endian host");

namespace trackgnn::io {

namespace {

constexpr std::string_view kExtension = ".tgnevent";
constexpr std::array<char, 8> kMagic = {'T', 'G', 'N', 'E', 'V', 'E', 'N', 'T'};
constexpr std::uint32_t kFormatVersion = 1;
constexpr std::uint32_t kHasCellFeatures = 1u << 0;
constexpr std::uint32_t kHasTruth = 1u << 1;

struct Header {
  std::array<char, 8> magic = kMagic;
  std::uint32_t version = kFormatVersion;
  std::uint32_t flags = 0;
  std::uint64_t event_id = 0;
  std::uint64_t num_hits = 0;
  std::uint64_t num_cells = 0;
  std::uint64_t num_particles = 0;
  std::uint64_t payload_checksum = 0;
};
static_assert(std::is_trivially_copyable_v<Header> && sizeof(Header) == 56, "the header is written as raw bytes");

// FNV-1a over 64-bit words (the tail zero-padded): catches corruption at memory speed.
std::uint64_t checksum(std::string_view bytes) {
  constexpr std::uint64_t kOffsetBasis = 14695981039346656037ull;
  constexpr std::uint64_t kPrime = 1099511628211ull;
  std::uint64_t hash = kOffsetBasis;
  std::size_t i = 0;
  for (; i + sizeof(std::uint64_t) <= bytes.size(); i += sizeof(std::uint64_t)) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, sizeof word);
    hash = (hash ^ word) * kPrime;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  return (hash ^ tail) * kPrime;
}

template <typename T>
void append(std::string& out, const std::vector<T>& column, std::size_t expected, const char* name) {
  if (column.size() != expected)
    throw std::invalid_argument(
        fmt::format("write_binary_event: column {} has {} entries, expected {}", name, column.size(), expected));
  out.append(reinterpret_cast<const char*>(column.data()), column.size() * sizeof(T));
}

// Reads columns from the payload in the order they were appended; the sizes were checked
// against the header before, so running past the end means the header lied.
class PayloadReader {
 public:
  PayloadReader(std::string_view payload, const std::string& file) : payload_(payload), file_(file) {}

  template <typename T>
  void read(std::vector<T>& column, std::size_t count) {
    const std::size_t bytes = count * sizeof(T);
    if (bytes > payload_.size() - position_)
      throw InputError(file_, 0, "corrupt file: payload shorter than its header says");
    column.resize(count);
    if (bytes > 0) std::memcpy(column.data(), payload_.data() + position_, bytes);  // data() may be null when empty
    position_ += bytes;
  }
  bool at_end() const { return position_ == payload_.size(); }

 private:
  std::string_view payload_;
  const std::string& file_;
  std::size_t position_ = 0;
};

// Particles are stored column-wise like everything else.
struct ParticleColumns {
  std::vector<std::uint64_t> particle_id;
  std::vector<std::int32_t> particle_type, charge, nhits;
  std::vector<float> vx, vy, vz, px, py, pz;
};

std::string payload_of(const Event& event, std::uint32_t flags) {
  const Spacepoints& hits = event.spacepoints;
  const std::size_t n = hits.size();
  std::string out;
  append(out, hits.hit_id, n, "hit_id");
  append(out, hits.x, n, "x");
  append(out, hits.y, n, "y");
  append(out, hits.z, n, "z");
  append(out, hits.volume_id, n, "volume_id");
  append(out, hits.layer_id, n, "layer_id");
  append(out, hits.module_id, n, "module_id");
  if (flags & kHasCellFeatures) {
    append(out, hits.cell_count, n, "cell_count");
    append(out, hits.cell_value, n, "cell_value");
  }
  const Cells& cells = event.cells;
  append(out, cells.hit_index, cells.size(), "cells.hit_index");
  append(out, cells.ch0, cells.size(), "cells.ch0");
  append(out, cells.ch1, cells.size(), "cells.ch1");
  append(out, cells.value, cells.size(), "cells.value");
  if (flags & kHasTruth) {
    const Truth& truth = *event.truth;
    append(out, truth.particle_id, n, "truth.particle_id");
    append(out, truth.tx, n, "truth.tx");
    append(out, truth.ty, n, "truth.ty");
    append(out, truth.tz, n, "truth.tz");
    append(out, truth.tpx, n, "truth.tpx");
    append(out, truth.tpy, n, "truth.tpy");
    append(out, truth.tpz, n, "truth.tpz");
    append(out, truth.weight, n, "truth.weight");
    ParticleColumns columns;
    for (const Particle& p : truth.particles) {
      columns.particle_id.push_back(p.particle_id);
      columns.particle_type.push_back(p.particle_type);
      columns.vx.push_back(p.vx);
      columns.vy.push_back(p.vy);
      columns.vz.push_back(p.vz);
      columns.px.push_back(p.px);
      columns.py.push_back(p.py);
      columns.pz.push_back(p.pz);
      columns.charge.push_back(p.charge);
      columns.nhits.push_back(p.nhits);
    }
    const std::size_t count = truth.particles.size();
    append(out, columns.particle_id, count, "particle_id");
    append(out, columns.particle_type, count, "particle_type");
    append(out, columns.vx, count, "vx");
    append(out, columns.vy, count, "vy");
    append(out, columns.vz, count, "vz");
    append(out, columns.px, count, "px");
    append(out, columns.py, count, "py");
    append(out, columns.pz, count, "pz");
    append(out, columns.charge, count, "q");
    append(out, columns.nhits, count, "nhits");
  }
  return out;
}

}  // namespace

std::filesystem::path binary_event_path(const std::filesystem::path& directory, std::uint64_t event_id) {
  return directory / (event_prefix(event_id) + std::string(kExtension));
}

std::vector<std::uint64_t> list_binary_events(const std::filesystem::path& directory) {
  return list_event_files(directory, kExtension);
}

void write_binary_event(const Event& event, const std::filesystem::path& file) {
  Header header;
  header.flags = (event.spacepoints.has_cells() ? kHasCellFeatures : 0u) | (event.truth ? kHasTruth : 0u);
  header.event_id = event.event_id;
  header.num_hits = event.spacepoints.size();
  header.num_cells = event.cells.size();
  header.num_particles = event.truth ? event.truth->particles.size() : 0;
  const std::string payload = payload_of(event, header.flags);
  header.payload_checksum = checksum(payload);

  std::string contents(reinterpret_cast<const char*>(&header), sizeof header);
  contents += payload;
  write_whole_file(file, contents);
}

Event read_binary_event(const std::filesystem::path& file) {
  const std::string name = file.string();
  const std::string contents = read_whole_file(file);
  Header header;
  if (contents.size() < sizeof header)
    throw InputError(
        name, 0, fmt::format("truncated: {} bytes, shorter than the {}-byte header", contents.size(), sizeof header));
  std::memcpy(&header, contents.data(), sizeof header);
  if (header.magic != kMagic) throw InputError(name, 0, "not a trackgnn binary event (wrong magic bytes)");
  if (header.version != kFormatVersion)
    throw InputError(name, 0,
                     fmt::format("format version {}, this build reads version {}", header.version, kFormatVersion));
  if (header.flags & ~(kHasCellFeatures | kHasTruth))
    throw InputError(name, 0, fmt::format("corrupt header: unknown flags {:#x}", header.flags));

  // Bytes per hit, cell and particle, from the column layout written by payload_of().
  const bool has_cell_features = header.flags & kHasCellFeatures;
  const bool has_truth = header.flags & kHasTruth;
  const std::uint64_t hit_bytes = sizeof(std::uint64_t) + 3 * sizeof(float) + 2 * sizeof(std::int32_t) +
                                  sizeof(std::int64_t) + (has_cell_features ? 2 * sizeof(float) : 0) +
                                  (has_truth ? sizeof(std::uint64_t) + 7 * sizeof(float) : 0);
  const std::uint64_t cell_bytes = 3 * sizeof(std::int32_t) + sizeof(float);
  const std::uint64_t particle_bytes = sizeof(std::uint64_t) + 3 * sizeof(std::int32_t) + 6 * sizeof(float);
  const std::uint64_t payload_size = contents.size() - sizeof header;
  // Counts are bounded by the payload size first so that the products below cannot overflow.
  const bool counts_fit =
      header.num_hits <= payload_size && header.num_cells <= payload_size && header.num_particles <= payload_size;
  const std::uint64_t expected =
      counts_fit ? header.num_hits * hit_bytes + header.num_cells * cell_bytes + header.num_particles * particle_bytes
                 : UINT64_MAX;
  if (expected != payload_size)
    throw InputError(name, 0,
                     fmt::format("truncated or corrupt: the header announces {} hits, {} cells, {} particles "
                                 "but the file holds {} payload bytes",
                                 header.num_hits, header.num_cells, header.num_particles, payload_size));
  const std::string_view payload = std::string_view(contents).substr(sizeof header);
  if (checksum(payload) != header.payload_checksum) throw InputError(name, 0, "corrupt: payload checksum mismatch");

  // A copied or renamed file must not pass for another event (its tracks would overwrite that
  // event's).
  const auto named = event_id_of(file.filename().string(), kExtension);
  if (named && *named != header.event_id)
    throw InputError(name, 0, fmt::format("holds event {} but is named for event {}", header.event_id, *named));

  Event event;
  event.event_id = header.event_id;
  const auto n = static_cast<std::size_t>(header.num_hits);
  const auto c = static_cast<std::size_t>(header.num_cells);
  Spacepoints& hits = event.spacepoints;
  PayloadReader reader(payload, name);
  reader.read(hits.hit_id, n);
  reader.read(hits.x, n);
  reader.read(hits.y, n);
  reader.read(hits.z, n);
  reader.read(hits.volume_id, n);
  reader.read(hits.layer_id, n);
  reader.read(hits.module_id, n);
  if (has_cell_features) {
    reader.read(hits.cell_count, n);
    reader.read(hits.cell_value, n);
  }
  reader.read(event.cells.hit_index, c);
  reader.read(event.cells.ch0, c);
  reader.read(event.cells.ch1, c);
  reader.read(event.cells.value, c);
  for (const std::int32_t index : event.cells.hit_index)
    if (index < 0 || static_cast<std::uint64_t>(index) >= header.num_hits)
      throw InputError(name, 0, fmt::format("corrupt: a cell refers to spacepoint {} of {}", index, n));
  if (has_truth) {
    Truth& truth = event.truth.emplace();
    reader.read(truth.particle_id, n);
    reader.read(truth.tx, n);
    reader.read(truth.ty, n);
    reader.read(truth.tz, n);
    reader.read(truth.tpx, n);
    reader.read(truth.tpy, n);
    reader.read(truth.tpz, n);
    reader.read(truth.weight, n);
    ParticleColumns columns;
    const auto p = static_cast<std::size_t>(header.num_particles);
    reader.read(columns.particle_id, p);
    reader.read(columns.particle_type, p);
    reader.read(columns.vx, p);
    reader.read(columns.vy, p);
    reader.read(columns.vz, p);
    reader.read(columns.px, p);
    reader.read(columns.py, p);
    reader.read(columns.pz, p);
    reader.read(columns.charge, p);
    reader.read(columns.nhits, p);
    truth.particles.resize(p);
    for (std::size_t i = 0; i < p; ++i)
      truth.particles[i] = {columns.particle_id[i], columns.particle_type[i],
                            columns.vx[i],          columns.vy[i],
                            columns.vz[i],          columns.px[i],
                            columns.py[i],          columns.pz[i],
                            columns.charge[i],      columns.nhits[i]};
  }
  if (!reader.at_end()) throw InputError(name, 0, "corrupt: payload longer than its header says");
  hits.derive_cylindrical();
  return event;
}

}  // namespace trackgnn::io
