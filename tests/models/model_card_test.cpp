// The model card is the only source of the pipeline's parameters: it must load exactly and
// refuse anything malformed with a message that says what and where.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/sha256.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/models/model_card.hpp"
#include "temp_directory.hpp"

namespace trackgnn {
namespace {

namespace fs = std::filesystem;

const char* kValidCard = R"({
  "name": "test-card", "description": "for tests", "backend": "torchscript", "radius_search": "grid",
  "precision": "bf16",
  "features": [{"name": "r", "scale": 1000.0}, {"name": "phi", "scale": 3.14159}, {"name": "z", "scale": 1000.0}],
  "embedding": {"torchscript": "embedding.pt", "onnx": "embedding.onnx", "output_dim": 8, "radius": 0.1, "max_neighbours": 64},
  "filter": {"torchscript": "filter.pt", "cut": 0.05, "prune": true, "edge_chunk_size": 100000},
  "gnn": {"torchscript": "gnn.pt", "cut": 0.5},
  "track_building": {"score_cut": 0.5, "min_track_size": 3},
  "training": {"anything": [1, 2, 3]}
})";

// Each card in a directory of its own, for the whole test program's life.
fs::path write_card(const std::string& name, const std::string& text) {
  static const testing::TempDirectory cards;
  const fs::path directory = cards / name;
  fs::create_directories(directory);
  std::ofstream(directory / "card.json") << text;
  return directory;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(ModelCard, LoadsEveryField) {
  const ModelCard card = ModelCard::load(write_card("valid", kValidCard));
  EXPECT_EQ(card.name, "test-card");
  EXPECT_EQ(card.precision, Precision::bf16);
  ASSERT_EQ(card.num_features(), 3);
  EXPECT_EQ(card.features[1].name, "phi");
  EXPECT_FLOAT_EQ(card.features[1].scale, 3.14159f);
  EXPECT_EQ(card.embedding.output_dim, 8);
  EXPECT_FLOAT_EQ(card.embedding.radius, 0.1f);
  EXPECT_EQ(card.embedding.max_neighbours, 64);
  EXPECT_EQ(card.embedding.files.onnx, "embedding.onnx");
  EXPECT_FLOAT_EQ(card.filter.cut, 0.05f);
  EXPECT_EQ(card.filter.edge_chunk_size, 100000);
  EXPECT_FALSE(card.gnn.prune) << "the GNN keeps its edges unless the card says otherwise";
  EXPECT_TRUE(card.filter.prune);
  EXPECT_EQ(card.track_building.min_track_size, 3);
}

TEST(ModelCard, ConventionsDefaultToTrackgnnsOwnModels) {
  const ModelCard card = ModelCard::load(write_card("defaults", kValidCard));
  for (const FeatureSpec& feature : card.features) EXPECT_EQ(feature.offset, 0.0f) << feature.name;
  for (const EdgeClassifierCard* stage : {&card.filter, &card.gnn}) {
    EXPECT_EQ(stage->graph, EdgeGraph::directed);
    EXPECT_EQ(stage->output, EdgeOutput::logits);
  }
}

TEST(ModelCard, LoadsTheConventionsOfForeignModels) {
  std::string text = replaced(kValidCard, R"({"name": "z", "scale": 1000.0})",
                              R"({"name": "z", "scale": 1000.0}, {"name": "eta", "scale": 2.0, "offset": -0.5},
                                 {"name": "cell_count", "offset": 1, "scale": 4})");
  text = replaced(text, R"("cut": 0.05,)", R"("cut": 0.05, "graph": "directed", "output": "probabilities",)");
  text = replaced(text, R"("gnn": {"torchscript": "gnn.pt", "cut": 0.5})",
                  R"("gnn": {"torchscript": "gnn.pt", "cut": 0.5, "graph": "doubled", "output": "probabilities"})");
  const ModelCard card = ModelCard::load(write_card("foreign", text));
  ASSERT_EQ(card.num_features(), 5);
  EXPECT_EQ(card.features[3].name, "eta");
  EXPECT_FLOAT_EQ(card.features[3].offset, -0.5f);
  EXPECT_FLOAT_EQ(card.features[4].offset, 1.0f);
  EXPECT_FLOAT_EQ(card.features[4].scale, 4.0f);
  EXPECT_EQ(card.filter.graph, EdgeGraph::directed);
  EXPECT_EQ(card.filter.output, EdgeOutput::probabilities);
  EXPECT_EQ(card.gnn.graph, EdgeGraph::doubled);
  EXPECT_EQ(card.gnn.output, EdgeOutput::probabilities);
}

// The valid card with `from` replaced by `to` must be refused with a message holding each of
// `expected`.
void expect_refused(const std::string& from, const std::string& to, const std::vector<std::string>& expected) {
  try {
    ModelCard::load(write_card("refused", replaced(kValidCard, from, to)));
    ADD_FAILURE() << "accepted " << to;
  } catch (const std::invalid_argument& error) {
    for (const std::string& part : expected)
      EXPECT_NE(std::string(error.what()).find(part), std::string::npos) << part << " missing from: " << error.what();
  }
}

// A misspelt key would silently leave a default in force (probabilities treated as logits):
// every key of the features and stage sections must be one the loader reads.
TEST(ModelCard, UnknownKeysInAStageOrFeatureAreNamed) {
  expect_refused(R"("gnn": {"torchscript": "gnn.pt", "cut": 0.5})",
                 R"("gnn": {"torchscript": "gnn.pt", "cut": 0.5, "ouptut": "probabilities"})",
                 {"[gnn]", "unknown key 'ouptut'", "known:"});
  expect_refused(R"({"name": "r", "scale": 1000.0})", R"({"name": "r", "scale": 1000.0, "ofset": 1})",
                 {"[features]", "unknown key 'ofset'", "known:"});
  expect_refused(R"("max_neighbours": 64)", R"("max_neighbours": 64, "k": 64)", {"[embedding]", "unknown key 'k'"});
}

TEST(ModelCard, UnknownConventionValuesListTheKnownOnes) {
  expect_refused(R"("cut": 0.05,)", R"("cut": 0.05, "graph": "undirected",)", {"[filter]", "directed or doubled"});
  expect_refused(R"("cut": 0.05,)", R"("cut": 0.05, "output": "sigmoid",)", {"[filter]", "logits or probabilities"});
}

TEST(ModelCard, MissingFileNamesTheDirectory) {
  try {
    ModelCard::load("/nonexistent/model_dir");
    FAIL() << "expected an error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/model_dir"), std::string::npos);
  }
}

TEST(ModelCard, MalformedJsonIsAnInputError) {
  EXPECT_THROW(ModelCard::load(write_card("malformed", "{\"name\": \"x\", ")), InputError);
}

// A number JSON cannot hold (a case the mutation fuzzer produces) is an InputError, not a JSON
// library exception escaping the loader.
TEST(ModelCard, NumberTooLargeForJsonIsAnInputError) {
  EXPECT_THROW(ModelCard::load(write_card("huge", replaced(kValidCard, "0.1", "1e4000"))), InputError);
}

TEST(ModelCard, MissingKeyIsNamed) {
  try {
    ModelCard::load(write_card("missing_radius", replaced(kValidCard, "\"radius\": 0.1, ", "")));
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("radius"), std::string::npos) << error.what();
  }
}

TEST(ModelCard, OutOfRangeValuesAreRefused) {
  EXPECT_THROW(ModelCard::load(write_card("bad_cut", replaced(kValidCard, "\"cut\": 0.05", "\"cut\": 1.5"))),
               std::invalid_argument);
  EXPECT_THROW(ModelCard::load(write_card("bad_scale", replaced(kValidCard, "\"scale\": 1000.0", "\"scale\": 0"))),
               std::invalid_argument);
  EXPECT_THROW(ModelCard::load(write_card("bad_feature", replaced(kValidCard, "\"name\": \"phi\"", "\"name\": \"charge\""))),
               std::invalid_argument);
  EXPECT_THROW(ModelCard::load(write_card("bad_precision", replaced(kValidCard, "bf16", "fp8"))), std::invalid_argument);
  EXPECT_THROW(ModelCard::load(write_card("bad_k", replaced(kValidCard, "\"max_neighbours\": 64", "\"max_neighbours\": 0"))),
               std::invalid_argument);
  EXPECT_THROW(ModelCard::load(write_card("bad_type", replaced(kValidCard, "\"output_dim\": 8", "\"output_dim\": \"eight\""))),
               std::invalid_argument);
}

TEST(ModelCard, ModelFileForABackendItDoesNotShipIsAModelError) {
  const ModelCard card = ModelCard::load(write_card("valid", kValidCard));
  EXPECT_THROW(card.model_file(card.filter.files, "onnx"), ModelError);
  EXPECT_THROW(card.model_file(card.embedding.files, "torchscript"), ModelError) << "embedding.pt is absent on disk";
}

// FIPS 180-4's examples (one block, two blocks, a million bytes).
TEST(ModelChecksums, Sha256MatchesTheStandardsExamples) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// The card records each file's SHA-256: the file as written loads; a damaged one, or another
// stage's file copied over it, is refused naming the file; a card without checksums still loads.
TEST(ModelChecksums, DamagedOrSwappedModelFilesAreRefused) {
  const fs::path directory = write_card("checksums", kValidCard);
  std::ofstream(directory / "filter.pt") << "the filter's weights";
  std::ofstream(directory / "gnn.pt") << "the GNN's weights";
  const std::string card_with_checksums =
      replaced(kValidCard, R"("training")", R"("sha256": {"filter.pt": ")" + sha256_hex("the filter's weights") +
                                                R"(", "gnn.pt": ")" + sha256_hex("the GNN's weights") + R"("}, "training")");
  std::ofstream(directory / "card.json") << card_with_checksums;
  const ModelCard card = ModelCard::load(directory);
  ASSERT_EQ(card.sha256.size(), 2u);
  EXPECT_EQ(card.model_file(card.gnn.files, "torchscript"), directory / "gnn.pt");

  std::ofstream(directory / "gnn.pt") << "the GNN's weightz";
  try {
    card.model_file(card.gnn.files, "torchscript");
    FAIL() << "a damaged gnn.pt was accepted";
  } catch (const ModelError& error) {
    EXPECT_NE(std::string(error.what()).find((directory / "gnn.pt").string() + " does not match the SHA-256"),
              std::string::npos) << error.what();
  }
  fs::copy_file(directory / "filter.pt", directory / "gnn.pt", fs::copy_options::overwrite_existing);
  EXPECT_THROW(card.model_file(card.gnn.files, "torchscript"), ModelError);
  EXPECT_EQ(card.model_file(card.filter.files, "torchscript"), directory / "filter.pt");

  std::ofstream(directory / "card.json") << kValidCard;
  const ModelCard unverified = ModelCard::load(directory);
  EXPECT_TRUE(unverified.sha256.empty());
  EXPECT_EQ(unverified.model_file(unverified.gnn.files, "torchscript"), directory / "gnn.pt");
}

}  // namespace
}  // namespace trackgnn
