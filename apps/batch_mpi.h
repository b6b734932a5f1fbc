// The processes of a batch: the ranks of an MPI run (`mpirun -np N ouflow batch ...`), or one
// process. MPI is initialised only when the build has it (OUFLOW_HAVE_MPI) and the process was
// started by an MPI launcher (OMPI_COMM_WORLD_SIZE or PMI_SIZE in the environment), so that a
// plain run pays nothing for MPI. Only the calling thread uses MPI (MPI_THREAD_FUNNELED).
#pragma once

#include <string>
#include <vector>

namespace ouflow::app {

class BatchRanks {
 public:
  BatchRanks();
  ~BatchRanks();  // MPI_Finalize when initialised here
  BatchRanks(const BatchRanks&) = delete;
  BatchRanks& operator=(const BatchRanks&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }
  // Every rank's bytes, in rank order, at rank 0; the other ranks get an empty vector.
  std::vector<std::string> gather(const std::string& mine) const;
  // Ends every rank of the run (MPI_Abort) with `code`; returns (does nothing) without MPI.
  void abort(int code) const;

 private:
  int rank_ = 0, size_ = 1;
  bool initialised_ = false;
};

// True when the build has MPI.
bool mpi_built();

}  // namespace ouflow::app
