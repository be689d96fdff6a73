#pragma once
// The processes of one `trackgnn run`: the MPI world when mpirun started us (and trackgnn was
// built with MPI), else a group of one. MPI stays in the command line; the library never sees it.
#include <cstdlib>
#include <memory>
#include <vector>

namespace trackgnn::cli {

class ProcessGroup {
 public:
  virtual ~ProcessGroup() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  virtual int local_rank() const = 0;  // rank among the processes of this node
  virtual void barrier() = 0;
  // Every rank's values concatenated in rank order, on rank 0; empty on the others.
  virtual std::vector<double> gather(const std::vector<double>& values) = 0;
  // Ends every process of the group (a failed rank must not leave the others waiting).
  [[noreturn]] virtual void abort(int status) = 0;
};

// One process on its own.
class SingleProcess final : public ProcessGroup {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  int local_rank() const override { return 0; }
  void barrier() override {}
  std::vector<double> gather(const std::vector<double>& values) override { return values; }
  [[noreturn]] void abort(int status) override { std::_Exit(status); }
};

std::unique_ptr<ProcessGroup> join_process_group();

// True when a process manager (Open MPI's mpirun, a PMI/PMIx launcher such as srun or MPICH's
// mpiexec) started this process as one of several ranks.
inline bool started_by_mpi_launcher() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"})
    if (std::getenv(variable) != nullptr) return true;
  return false;
}

}  // namespace trackgnn::cli
