// The detector description: the built-in TrackML layout agrees with the real detectors.csv, the
// module lookup finds every real module from its centre, the writer and reader agree, and a
// broken file is reported with its line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>

#include "io/csv_reader.hpp"
#include "io/io_test_support.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/simulation/detector.hpp"

namespace trackgnn::simulation {
namespace {

namespace fs = std::filesystem;
using io::testing::TempDirectory;

const fs::path kDetectorFile = fs::path(TRACKGNN_SHARED_DATA_DIR) / "trackml-sample" / "detectors.csv";

#define SKIP_WITHOUT_DETECTOR_FILE() \
  if (!fs::exists(kDetectorFile)) GTEST_SKIP() << kDetectorFile << " is absent (no ../shared data)"

std::map<std::pair<int, int>, const Layer*> by_id(const Detector& detector) {
  std::map<std::pair<int, int>, const Layer*> layers;
  for (const auto& layer : detector.layers()) layers[{layer.volume_id, layer.layer_id}] = &layer;
  return layers;
}

TEST(Detector, BuiltInLayoutHasTheTrackmlLayers) {
  const Detector detector = Detector::trackml();
  EXPECT_EQ(detector.layers().size(), 4u + 14u + 4u + 12u + 2u + 12u);
  EXPECT_EQ(detector.module_count(), 18728u) << "the module count of TrackML's detectors.csv";
  EXPECT_EQ(detector.cylinders().size(), 10u);
  EXPECT_EQ(detector.disks().size(), 38u);
  EXPECT_DOUBLE_EQ(detector.layers()[detector.cylinders().front()].position, 32);
  EXPECT_DOUBLE_EQ(detector.layers()[detector.cylinders().back()].position, 1020);
  EXPECT_DOUBLE_EQ(detector.max_abs_z(), 2950);
}

TEST(Detector, BuiltInLayoutMatchesTheRealDetectorFile) {
  SKIP_WITHOUT_DETECTOR_FILE();
  const Detector real = Detector::from_csv(kDetectorFile);
  const Detector built_in = Detector::trackml();
  const auto real_layers = by_id(real), built_in_layers = by_id(built_in);
  ASSERT_EQ(real_layers.size(), built_in_layers.size());
  for (const auto& [id, layer] : real_layers) {
    SCOPED_TRACE("volume " + std::to_string(id.first) + " layer " + std::to_string(id.second));
    ASSERT_EQ(built_in_layers.count(id), 1u);
    const Layer& ours = *built_in_layers.at(id);
    EXPECT_EQ(ours.kind, layer->kind);
    EXPECT_EQ(ours.technology, layer->technology);
    // The file's modules are staggered about the nominal position; their mean is within 1.1 mm.
    EXPECT_NEAR(ours.position, layer->position, 1.5);
    EXPECT_EQ(ours.thickness, layer->thickness);
    EXPECT_EQ(ours.pitch_u, layer->pitch_u);
    EXPECT_EQ(ours.pitch_v, layer->pitch_v);
    ASSERT_EQ(ours.rings.size(), layer->rings.size());
    for (std::size_t r = 0; r < ours.rings.size(); ++r) {
      EXPECT_NEAR(ours.rings[r].centre, layer->rings[r].centre, 1e-3);  // the file has 6 digits
      EXPECT_EQ(ours.rings[r].half_length, layer->rings[r].half_length);
      EXPECT_EQ(ours.rings[r].min_half_width, layer->rings[r].min_half_width);
      EXPECT_EQ(ours.rings[r].max_half_width, layer->rings[r].max_half_width);
      ASSERT_EQ(ours.rings[r].modules_in_phi(), layer->rings[r].modules_in_phi());
      if (layer->kind == SurfaceKind::cylinder) EXPECT_EQ(ours.rings[r].module_ids, layer->rings[r].module_ids);
    }
  }
}

// Every real module is kept as the file gives it, and the azimuth index offers it for a point at
// its centre and at each of its corners (the corners are where overlaps happen).
TEST(Detector, ModulesAreTheFilesAndTheIndexFindsEachFromItsCorners) {
  SKIP_WITHOUT_DETECTOR_FILE();
  const Detector detector = Detector::from_csv(kDetectorFile);
  ASSERT_EQ(detector.modules().size(), 18728u);
  io::CsvReader reader(kDetectorFile);
  const auto module_column = reader.column("module_id"), cx = reader.column("cx"), rot_yv = reader.column("rot_yv");
  std::size_t index = 0;
  std::map<std::pair<int, int>, std::size_t> layer_index;
  for (std::size_t l = 0; l < detector.layers().size(); ++l)
    layer_index[{detector.layers()[l].volume_id, detector.layers()[l].layer_id}] = l;
  std::map<std::pair<std::size_t, std::int64_t>, const Module*> by_layer_and_id;
  for (const auto& module : detector.modules()) by_layer_and_id[{module.layer, module.module_id}] = &module;
  const auto volume = reader.column("volume_id"), layer_column = reader.column("layer_id");
  while (reader.next()) {
    const std::size_t layer = layer_index.at({reader.get<int>(volume), reader.get<int>(layer_column)});
    const Module& module = *by_layer_and_id.at({layer, reader.get<std::int64_t>(module_column)});
    EXPECT_EQ(module.centre[0], reader.get<double>(cx)) << "line " << reader.line();
    EXPECT_EQ(module.v[1], reader.get<double>(rot_yv)) << "line " << reader.line();
    const std::size_t self = static_cast<std::size_t>(&module - detector.modules().data());
    for (const double su : {-1.0, 0.0, 1.0}) {
      for (const double sv : {-1.0, 0.0, 1.0}) {
        const double u = su * module.half_width_at(sv * module.half_length), v = sv * module.half_length;
        const double x = module.centre[0] + u * module.u[0] + v * module.v[0];
        const double y = module.centre[1] + u * module.u[1] + v * module.v[1];
        const auto& near = detector.modules_near(layer, x, y);
        ASSERT_NE(std::find(near.begin(), near.end(), self), near.end()) << "line " << reader.line();
      }
    }
    ++index;
  }
  EXPECT_EQ(index, 18728u);
}

TEST(Detector, WrittenDescriptionReadsBackTheSame) {
  const Detector original = Detector::trackml();
  TempDirectory directory;
  original.write_csv(directory / "detectors.csv");
  const Detector back = Detector::from_csv(directory / "detectors.csv");
  const auto original_layers = by_id(original), back_layers = by_id(back);
  ASSERT_EQ(original_layers.size(), back_layers.size());
  for (const auto& [id, layer] : original_layers) {
    const Layer& read = *back_layers.at(id);
    EXPECT_EQ(read.kind, layer->kind);
    // The file's layer position is the mean of its modules', which sit staggered about it.
    EXPECT_NEAR(read.position, layer->position, layer->kind == SurfaceKind::disk ? 7.5 : 1.0);
    ASSERT_EQ(read.rings.size(), layer->rings.size());
    for (std::size_t r = 0; r < read.rings.size(); ++r) {
      EXPECT_NEAR(read.rings[r].centre, layer->rings[r].centre, 1e-9);
      EXPECT_EQ(read.rings[r].module_ids, layer->rings[r].module_ids);
    }
  }
  // Every module comes back where it was, with the same frame.
  ASSERT_EQ(back.modules().size(), original.modules().size());
  std::map<std::tuple<int, int, std::int64_t>, const Module*> written;
  for (const auto& module : original.modules()) {
    const Layer& layer = original.layers()[module.layer];
    written[{layer.volume_id, layer.layer_id, module.module_id}] = &module;
  }
  for (const auto& module : back.modules()) {
    const Layer& layer = back.layers()[module.layer];
    const Module& expected = *written.at({layer.volume_id, layer.layer_id, module.module_id});
    for (int i = 0; i < 3; ++i) {
      ASSERT_NEAR(module.centre[i], expected.centre[i], 1e-9);
      ASSERT_NEAR(module.w[i], expected.w[i], 1e-12);
    }
  }
}

TEST(Detector, BrokenFileIsReportedWithItsLine) {
  SKIP_WITHOUT_DETECTOR_FILE();
  std::ifstream in(kDetectorFile);
  std::string header, first, second;
  std::getline(in, header);
  std::getline(in, first);
  std::getline(in, second);
  TempDirectory directory;
  const fs::path bad_number = directory / "bad_number.csv";
  std::string broken = second;
  broken.replace(broken.find("-6.46568"), std::string("-6.46568").size(), "abc");  // the cy field
  io::testing::write_text(bad_number, header + "\n" + first + "\n" + broken + "\n");
  io::testing::expect_input_error([&] { Detector::from_csv(bad_number); }, bad_number, 3, "cy");
  // The same module twice: two modules in one azimuth bin.
  const fs::path duplicate = directory / "duplicate.csv";
  io::testing::write_text(duplicate, header + "\n" + first + "\n" + first + "\n");
  EXPECT_THROW(Detector::from_csv(duplicate), InputError);
  const fs::path unknown_volume = directory / "unknown_volume.csv";
  io::testing::write_text(unknown_volume, header + "\n" + "3" + first.substr(1) + "\n");
  io::testing::expect_input_error([&] { Detector::from_csv(unknown_volume); }, unknown_volume, 2, "volume_id");
}

}  // namespace
}  // namespace trackgnn::simulation
