#pragma once
// Times the stages of one event into a StageTimes, between the boundaries the pipeline (and a
// stage spanning two rows, through ExecutionContext::end_of) marks. On a cuda device the stream
// is synchronised at each boundary, so a row holds the device's time, not the launches': that is
// why a run that does not ask for timing gets no clock and no synchronisation.
#include "trackgnn/pipeline/stage_times.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {

class StageClock final : public StageBoundaries {
 public:
  StageClock(StageTimes& times, Device device, Stream stream);
  // The time since the previous boundary (or the clock's start) goes to `stage`.
  void end_of(Stage stage) override;
  // Work between stages that belongs to no row (copies for the caller) is left out.
  void restart();

 private:
  StageTimes& times_;
  Device device_;
  Stream stream_;
  double last_;
};

}  // namespace trackgnn
