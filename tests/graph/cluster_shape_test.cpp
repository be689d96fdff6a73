// Cluster-shape features on hand-made clusters and modules, against Exa.TrkX's own formulas
// (theta = arccos(z / |l|), eta = -ln tan(theta / 2)); and the detectors.csv reader.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "io/io_test_support.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/graph/cluster_shape.hpp"

namespace trackgnn {
namespace {

using io::testing::TempDirectory;
using io::testing::write_text;

constexpr double kPitchU = 0.05, kPitchV = 0.05625, kModuleT = 0.15;  // mm: a TrackML pixel module

// A barrel module facing +x: across it runs along y, along it along z.
const ModuleGeometry kBarrelModuleFacingX{kPitchU, kPitchV, kModuleT, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}};

double exatrkx_eta(double x, double y, double z) {
  const double theta = std::acos(z / std::sqrt(x * x + y * y + z * z));
  return -std::log(std::tan(0.5 * theta));
}

void add_cell(Cells& cells, std::int32_t hit, std::int32_t ch0, std::int32_t ch1) {
  cells.hit_index.push_back(hit);
  cells.ch0.push_back(ch0);
  cells.ch1.push_back(ch1);
  cells.value.push_back(1.0f);
}

struct HandMadeEvent {
  Spacepoints spacepoints;
  Cells cells;
  DetectorModules modules;
};

// Hit 0: cells spanning ch0 10..12 and ch1 5 (3 x 1 channels); hit 1: a single cell.
HandMadeEvent hand_made_event() {
  HandMadeEvent event;
  event.spacepoints.push_back(1, 30.0f, 0.0f, 10.0f, 8, 2, 7);
  event.spacepoints.push_back(2, 30.0f, 1.0f, 20.0f, 8, 2, 7);
  event.spacepoints.derive_cylindrical();
  add_cell(event.cells, 0, 10, 5);
  add_cell(event.cells, 1, 40, 41);
  add_cell(event.cells, 0, 12, 5);
  add_cell(event.cells, 0, 11, 5);
  event.modules.add(8, 2, 7, kBarrelModuleFacingX);
  return event;
}

TEST(ClusterShape, AsExaTrkXComputesIt) {
  const HandMadeEvent event = hand_made_event();
  const ClusterShapes shapes = cluster_shapes(event.spacepoints, event.cells, event.modules);
  ASSERT_EQ(shapes.lx.size(), 2u);
  const double lx = 3 * kPitchU, ly = 1 * kPitchV, lz = 2 * kModuleT;
  EXPECT_FLOAT_EQ(shapes.lx[0], lx);
  EXPECT_FLOAT_EQ(shapes.ly[0], ly);
  EXPECT_FLOAT_EQ(shapes.lz[0], lz);
  EXPECT_NEAR(shapes.leta[0], exatrkx_eta(lx, ly, lz), 1e-6);
  EXPECT_NEAR(shapes.lphi[0], std::atan2(ly, lx), 1e-6);
  // Global: lx u + ly v + lz w = (lz, lx, ly) on this module.
  EXPECT_NEAR(shapes.geta[0], exatrkx_eta(lz, lx, ly), 1e-6);
  EXPECT_NEAR(shapes.gphi[0], std::atan2(lx, lz), 1e-6);
  EXPECT_FLOAT_EQ(shapes.lx[1], kPitchU) << "a single cell spans one channel each way";
  EXPECT_FLOAT_EQ(shapes.ly[1], kPitchV);
}

void expect_refused_naming(const HandMadeEvent& event, const std::string& expected) {
  try {
    cluster_shapes(event.spacepoints, event.cells, event.modules);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
  }
}

TEST(ClusterShape, HitWithoutCellsIsNamed) {
  HandMadeEvent event = hand_made_event();
  event.cells.hit_index.assign(event.cells.size(), 0);
  expect_refused_naming(event, "hit_id 2 (volume 8, layer 2, module 7) has no cells");
}

TEST(ClusterShape, HitOnAnUnknownModuleIsNamed) {
  HandMadeEvent event = hand_made_event();
  event.spacepoints.module_id[1] = 99;
  expect_refused_naming(event, "hit_id 2 (volume 8, layer 2, module 99) is on a module the detector description lacks");
}

const char* kDetectorHeader =
    "volume_id,layer_id,module_id,cx,cy,cz,rot_xu,rot_xv,rot_xw,rot_yu,rot_yv,rot_yw,rot_zu,rot_zv,rot_zw,"
    "module_t,module_minhu,module_maxhu,module_hv,pitch_u,pitch_v\n";

TEST(DetectorModules, ReadsTheTrackMLColumns) {
  TempDirectory scratch;
  write_text(scratch / "detectors.csv", std::string(kDetectorHeader) +
                                            "8,2,7,30,0,0,0,0,1,1,0,0,0,1,0,0.15,8.4,8.4,36,0.05,0.05625\n"
                                            "7,2,1,-65.8,-5.2,-1502.5,0.08,-0.99,0,-0.99,-0.08,0,0,0,-1,0.15,8.4,8.4,36,0.05,0.05625\n");
  const DetectorModules modules = DetectorModules::read_csv(scratch / "detectors.csv");
  EXPECT_EQ(modules.size(), 2u);
  const ModuleGeometry* module = modules.find(8, 2, 7);
  ASSERT_NE(module, nullptr);
  // rot_<global><local>: the u axis is the column (rot_xu, rot_yu, rot_zu).
  EXPECT_EQ(module->u, (std::array<double, 3>{0, 1, 0}));
  EXPECT_EQ(module->v, (std::array<double, 3>{0, 0, 1}));
  EXPECT_EQ(module->w, (std::array<double, 3>{1, 0, 0}));
  EXPECT_DOUBLE_EQ(module->module_t, 0.15);
  EXPECT_DOUBLE_EQ(module->pitch_v, 0.05625);
  EXPECT_EQ(modules.find(8, 2, 8), nullptr);
}

TEST(DetectorModules, RepeatedModuleAndBadPitchAreInputErrors) {
  TempDirectory scratch;
  const std::string row = "8,2,7,30,0,0,0,0,1,1,0,0,0,1,0,0.15,8.4,8.4,36,0.05,0.05625\n";
  write_text(scratch / "twice.csv", std::string(kDetectorHeader) + row + row);
  EXPECT_THROW(DetectorModules::read_csv(scratch / "twice.csv"), InputError);
  write_text(scratch / "pitch.csv", std::string(kDetectorHeader) +
                                        "8,2,7,30,0,0,0,0,1,1,0,0,0,1,0,0.15,8.4,8.4,36,0,0.05625\n");
  EXPECT_THROW(DetectorModules::read_csv(scratch / "pitch.csv"), InputError);
}

}  // namespace
}  // namespace trackgnn
