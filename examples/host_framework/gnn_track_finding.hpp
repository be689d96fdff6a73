#pragma once
// A track-finding algorithm in the style of a host framework's: configured once, then
// execute() is const and called for many events from many threads at once.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "framework_event.hpp"

namespace trackgnn {
class Pipeline;
}

namespace host {

struct TrackFindingResult {
  std::vector<ProtoTrack> tracks;
  std::map<std::string, double> stage_seconds;
};

class GnnTrackFinding {
 public:
  struct Config {
    std::filesystem::path model_directory;  // empty: the models installed with trackgnn
    std::string device = "cpu";
  };
  explicit GnnTrackFinding(const Config& config);
  ~GnnTrackFinding();

  TrackFindingResult execute(const EventData& event) const;

 private:
  std::unique_ptr<trackgnn::Pipeline> pipeline_;
};

}  // namespace host
