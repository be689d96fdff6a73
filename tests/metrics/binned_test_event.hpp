#pragma once
// One hand-built event for the binned metrics, small enough to fill every bin on paper; shared by
// the library test and the `trackgnn eval --plots` test.
//
// Particles (all from the origin; hits on consecutive layers along the momentum, so each hit's
// eta is its particle's), as (pT GeV, eta, phi) -> pT bin, eta bin, phi bin of MetricBinning:
//   A (2.5, 0.25, 0.2)    10 hits  -> pT bin 7 [2, 3),    eta bin 8 [0, 0.5),     phi bin 8
//   B (0.6, -1.25, 2.0)    6 hits  -> pT bin 3 [0.5, 0.7), eta bin 5 [-1.5, -1),  phi bin 13
//   C (12, 2.75, -2.5)     8 hits  -> pT bin 11 [10, 20),  eta bin 13 [2.5, 3),   phi bin 1
//   D (1.2, 0.75, -0.5)    5 hits  -> pT bin 5 [1, 1.5),   eta bin 9 [0.5, 1),    phi bin 6
//   E (0.05, -0.25, 1.0)   6 hits  -> below the pT bins,   eta bin 7 [-0.5, 0)
//   F (3.5, 3.25, 0.5)     3 hits  -> on too few layers to be reconstructable
//   4 noise hits on the x axis (eta 0).
// Candidates (hits of each particle taken in layer order), with the eta bin of their mean hit eta:
//   c1  A[0..7) + 2 noise    A 7/9 of it, 7/10 of A   eta 0.19 -> bin 8
//   c2  A[7..10)             A 3/3, 3/10 of A         eta 0.25 -> bin 8
//   c3  B                    exactly B                eta -1.25 -> bin 5
//   c4  C[0..4) + D[0]       C 4/5, 4/8 of C          eta 2.35 -> bin 12
//   c5  C[4..8) + D[1..3)    C 4/6, 4/8 of C          eta 2.08 -> bin 12
//   c6  D[3..5) + E[0..2)    tie, D 2/4: no majority  eta 0.25 -> bin 8
//   c7  E[2..6)              E 4/4, 4/6 of E          eta -0.25 -> bin 7
//   c8  F                    exactly F                eta 3.25 -> bin 14
//   c9  2 noise              noise                    eta 0 -> bin 8
#include <cmath>
#include <cstdint>
#include <vector>

#include "metrics/hand_built_event.hpp"
#include "trackgnn/event/track_candidates.hpp"

namespace trackgnn::test {

struct BinnedTestEvent {
  static constexpr std::uint64_t kA = 1, kB = 2, kC = 3, kD = 4, kE = 5, kF = 6, kNoise = 0;
  static constexpr std::int32_t kNoiseVolume = 9;
  static constexpr float kNoiseSpacingMm = 15.0f;
  static constexpr int kNoiseHits = 4;

  BinnedTestEvent() {
    add(kA, 2.5f, 0.25f, 0.2f);
    add(kB, 0.6f, -1.25f, 2.0f);
    add(kC, 12.0f, 2.75f, -2.5f);
    add(kD, 1.2f, 0.75f, -0.5f);
    add(kE, 0.05f, -0.25f, 1.0f);
    add(kF, 3.5f, 3.25f, 0.5f);
    a = builder.add_track_hits(kA, 10);
    b = builder.add_track_hits(kB, 6);
    c = builder.add_track_hits(kC, 8);
    d = builder.add_track_hits(kD, 5);
    e = builder.add_track_hits(kE, 6);
    f = builder.add_track_hits(kF, 3);
    for (int layer = 1; layer <= kNoiseHits; ++layer) {
      noise.push_back(builder.add_hit(kNoise, kNoiseSpacingMm * layer, kNoiseVolume, layer, 0.0f));
    }
  }

  TrackCandidates candidates() const {
    TrackCandidates tracks;
    tracks.add_track(join({part(a, 0, 7), part(noise, 0, 2)}));
    tracks.add_track(part(a, 7, 10));
    tracks.add_track(b);
    tracks.add_track(join({part(c, 0, 4), part(d, 0, 1)}));
    tracks.add_track(join({part(c, 4, 8), part(d, 1, 3)}));
    tracks.add_track(join({part(d, 3, 5), part(e, 0, 2)}));
    tracks.add_track(part(e, 2, 6));
    tracks.add_track(f);
    tracks.add_track(part(noise, 2, 4));
    return tracks;
  }

  // Consecutive hits of `hits` from `begin` to `end` as edges.
  static std::vector<std::pair<std::int32_t, std::int32_t>> chain(const std::vector<std::int32_t>& hits,
                                                                  std::size_t begin, std::size_t end) {
    std::vector<std::pair<std::int32_t, std::int32_t>> edges;
    for (std::size_t i = begin + 1; i < end; ++i) edges.emplace_back(hits[i - 1], hits[i]);
    return edges;
  }

  HandBuiltEvent builder;
  std::vector<std::int32_t> a, b, c, d, e, f, noise;

 private:
  void add(std::uint64_t id, float pt, float eta, float phi) {
    builder.add_particle(id, pt * std::cos(phi), pt * std::sin(phi), pt * std::sinh(eta));
  }
  static std::vector<std::int32_t> part(const std::vector<std::int32_t>& hits, std::size_t begin, std::size_t end) {
    return {hits.begin() + static_cast<std::ptrdiff_t>(begin), hits.begin() + static_cast<std::ptrdiff_t>(end)};
  }
  static std::vector<std::int32_t> join(const std::vector<std::vector<std::int32_t>>& pieces) {
    std::vector<std::int32_t> hits;
    for (const auto& piece : pieces) hits.insert(hits.end(), piece.begin(), piece.end());
    return hits;
  }
};

}  // namespace trackgnn::test
