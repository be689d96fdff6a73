// The MPI process group: compiled when CMake found MPI (TRACKGNN_WITH_MPI), otherwise
// mpi_process_group_single.cpp stands in.
#ifdef TRACKGNN_WITH_MPI
#include <mpi.h>

#include <numeric>
#include <stdexcept>
#include <string>

#include "mpi_process_group.hpp"

namespace trackgnn::cli {
namespace {

void check(int status, const char* call) {
  if (status != MPI_SUCCESS) throw std::runtime_error(std::string(call) + " failed with MPI error " + std::to_string(status));
}

class MpiProcessGroup final : public ProcessGroup {
 public:
  MpiProcessGroup() {
    // Only the main thread talks to MPI; event threads never do.
    int provided = 0;
    check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
    MPI_Comm node = MPI_COMM_NULL;
    check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node), "MPI_Comm_split_type");
    check(MPI_Comm_rank(node, &local_rank_), "MPI_Comm_rank");
    MPI_Comm_free(&node);
  }
  ~MpiProcessGroup() override { MPI_Finalize(); }

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int local_rank() const override { return local_rank_; }
  void barrier() override { check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier"); }

  std::vector<double> gather(const std::vector<double>& values) override {
    int count = static_cast<int>(values.size());
    std::vector<int> counts(rank_ == 0 ? size_ : 0);
    check(MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD), "MPI_Gather");
    std::vector<int> offsets(counts.size());
    std::vector<double> all;
    if (rank_ == 0) {
      std::exclusive_scan(counts.begin(), counts.end(), offsets.begin(), 0);
      all.resize(static_cast<std::size_t>(std::accumulate(counts.begin(), counts.end(), 0)));
    }
    check(MPI_Gatherv(values.data(), count, MPI_DOUBLE, all.data(), counts.data(), offsets.data(), MPI_DOUBLE, 0,
                      MPI_COMM_WORLD),
          "MPI_Gatherv");
    return all;
  }

  [[noreturn]] void abort(int status) override {
    MPI_Abort(MPI_COMM_WORLD, status);
    std::_Exit(status);
  }

 private:
  int rank_ = 0;
  int size_ = 1;
  int local_rank_ = 0;
};

}  // namespace

// Initialising MPI outside a launcher works (a singleton) but is slow and can print warnings,
// so a plain `trackgnn run` stays a plain process.
std::unique_ptr<ProcessGroup> join_process_group() {
  if (started_by_mpi_launcher()) return std::make_unique<MpiProcessGroup>();
  return std::make_unique<SingleProcess>();
}

}  // namespace trackgnn::cli
#endif
