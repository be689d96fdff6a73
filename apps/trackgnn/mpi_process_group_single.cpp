// Without MPI every process is alone; being one of several mpirun ranks is then an error, since
// each rank would run (and write) every event.
#ifndef TRACKGNN_WITH_MPI
#include <stdexcept>

#include "mpi_process_group.hpp"

namespace trackgnn::cli {
std::unique_ptr<ProcessGroup> join_process_group() {
  if (started_by_mpi_launcher())
    throw std::runtime_error("started by an MPI launcher, but this trackgnn was built without MPI "
                             "(install libopenmpi-dev and reconfigure)");
  return std::make_unique<SingleProcess>();
}

}  // namespace trackgnn::cli
#endif
