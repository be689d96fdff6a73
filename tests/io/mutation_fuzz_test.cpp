// Property-based fuzzing of every reader of outside input: the CSV event files, the binary event,
// the model card and the detector file, each fed thousands of mutations of a valid file (bytes
// flipped, inserted or deleted, lines cut, duplicated or swapped, digits changed, the file
// truncated). The property: a reader either returns or throws one of its documented errors
// (InputError, std::invalid_argument, ModelError); it never crashes, hangs or throws anything else.
//
// The seeds are fixed, so a failure reproduces; TRACKGNN_FUZZ_ITERATIONS raises the count per
// reader (default 400) for a longer run, e.g. TRACKGNN_FUZZ_ITERATIONS=100000 test_io_fuzz.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>

#include "io/io_test_support.hpp"
#include "io/random_event.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/io/binary_event.hpp"
#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/models/model_card.hpp"
#include "trackgnn/simulation/detector.hpp"

namespace trackgnn::io {
namespace {

namespace fs = std::filesystem;
using testing::TempDirectory;

std::size_t iterations() {
  const char* value = std::getenv("TRACKGNN_FUZZ_ITERATIONS");
  return value ? std::stoul(value) : 400;
}

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const fs::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// One to four random edits of `text`, of the kinds that damaged or hand-edited files show.
std::string mutate(std::string text, std::mt19937_64& engine) {
  const std::string interesting[] = {",", "\n", "\r\n", "\"", "-", "+", ".", "e", "E", "nan", "inf", "1e400",
                                     "-1", "0", "18446744073709551616", " ", std::string(1, '\0'), "\xEF\xBB\xBF"};
  auto position = [&](std::size_t size) { return size == 0 ? 0 : engine() % (size + 1); };
  const int edits = 1 + static_cast<int>(engine() % 4);
  for (int edit = 0; edit < edits; ++edit) {
    switch (engine() % 8) {
      case 0:  // flip a byte
        if (!text.empty()) text[engine() % text.size()] = static_cast<char>(engine() & 0xff);
        break;
      case 1:  // insert a token
        text.insert(position(text.size()), interesting[engine() % std::size(interesting)]);
        break;
      case 2:  // delete a stretch
        if (!text.empty()) {
          const std::size_t at = engine() % text.size();
          text.erase(at, 1 + engine() % 16);
        }
        break;
      case 3:  // truncate
        text.resize(position(text.size()));
        break;
      case 4: {  // duplicate a line
        const std::size_t at = engine() % (text.size() + 1);
        const std::size_t start = text.rfind('\n', at == 0 ? 0 : at - 1);
        const std::size_t begin = start == std::string::npos ? 0 : start + 1;
        const std::size_t end = text.find('\n', begin);
        if (end != std::string::npos) text.insert(begin, text.substr(begin, end - begin + 1));
        break;
      }
      case 5: {  // change a digit
        const std::size_t at = text.find_first_of("0123456789", engine() % (text.size() + 1));
        if (at != std::string::npos) text[at] = static_cast<char>('0' + engine() % 10);
        break;
      }
      case 6:  // swap two bytes
        if (text.size() > 1) std::swap(text[engine() % text.size()], text[engine() % text.size()]);
        break;
      default:  // drop the final newline or add stray ones
        if (!text.empty() && text.back() == '\n') text.pop_back();
        else text += "\n\n";
        break;
    }
  }
  return text;
}

// Runs `read` on `iterations()` mutations of `original` written to `file`; fails on any exception
// that is not one of the readers' documented errors, naming the seed and iteration.
void fuzz(const fs::path& file, const std::string& original, std::uint64_t seed, const std::function<void()>& read) {
  std::mt19937_64 engine(seed);
  std::size_t accepted = 0, refused = 0;
  for (std::size_t i = 0; i < iterations(); ++i) {
    write_bytes(file, mutate(original, engine));
    try {
      read();
      ++accepted;
    } catch (const InputError&) {
      ++refused;
    } catch (const ModelError&) {
      ++refused;
    } catch (const std::invalid_argument&) {
      ++refused;
    } catch (const std::exception& error) {
      FAIL() << file.filename() << ", seed " << seed << ", iteration " << i << ": unexpected "
             << typeid(error).name() << ": " << error.what();
    }
  }
  write_bytes(file, original);
  // Both outcomes occur: the mutations are neither all harmless nor all fatal.
  EXPECT_GT(refused, 0u) << file.filename();
  EXPECT_GT(accepted, 0u) << file.filename();
}

TEST(MutationFuzz, EventCsvFiles) {
  TempDirectory directory;
  testing::write_small_event(directory.path());
  std::uint64_t seed = 1;
  for (const char* kind : {"hits", "cells", "particles", "truth"}) {
    const fs::path file = directory / (std::string("event000000007-") + kind + ".csv");
    fuzz(file, read_bytes(file), seed++, [&] { read_event(directory.path(), testing::kSmallEventId); });
  }
}

// Real files: the cut of the real TrackML sample under tests/data, in its own number formats and
// column layout.
TEST(MutationFuzz, RealEventCsvFiles) {
  TempDirectory directory;
  const fs::path real = fs::path(TRACKGNN_SOURCE_DIR) / "tests" / "data" / "trackml-cut";
  std::uint64_t seed = 41;
  for (const char* kind : {"hits", "cells", "particles", "truth"}) {
    const std::string name = std::string("event000000001-") + kind + ".csv";
    fs::copy_file(real / name, directory / name);
  }
  for (const char* kind : {"hits", "cells", "particles", "truth"}) {
    const fs::path file = directory / (std::string("event000000001-") + kind + ".csv");
    fuzz(file, read_bytes(file), seed++, [&] { read_event(directory.path(), 1); });
  }
}

TEST(MutationFuzz, BinaryEvent) {
  TempDirectory directory;
  testing::RandomEventMaker maker(5);
  const fs::path file = binary_event_path(directory.path(), 3);
  write_binary_event(maker.make(3, 20, 4, true, true), file);
  fuzz(file, read_bytes(file), 11, [&] { read_binary_event(file); });
}

TEST(MutationFuzz, ModelCard) {
  TempDirectory directory;
  const fs::path card = fs::path(TRACKGNN_SOURCE_DIR) / "models" / "default" / "card.json";
  fuzz(directory / "card.json", read_bytes(card), 21, [&] { ModelCard::load(directory.path()); });
}

TEST(MutationFuzz, DetectorFile) {
  TempDirectory directory;
  // The real file's first layer (one endcap disk, 108 modules) keeps each read fast.
  std::istringstream full(read_bytes(simulation::default_detector_file()));
  std::string line, excerpt;
  std::getline(full, line);
  excerpt = line + "\n";
  while (std::getline(full, line) && line.rfind("7,2,", 0) == 0) excerpt += line + "\n";
  fuzz(directory / "detectors.csv", excerpt, 31,
       [&] { simulation::Detector::from_csv(directory / "detectors.csv"); });
}

}  // namespace
}  // namespace trackgnn::io
