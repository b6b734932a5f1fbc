#include "apps/batch_mpi.h"

#include <cstdlib>
#include <limits>
#include <stdexcept>

#ifdef OUFLOW_HAVE_MPI
#include <mpi.h>
#endif

namespace ouflow::app {
namespace {

[[maybe_unused]] bool launched_by_mpi() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (const char* v = std::getenv(var); v != nullptr && *v != '\0') return true;
  }
  return false;
}

}  // namespace

bool mpi_built() {
#ifdef OUFLOW_HAVE_MPI
  return true;
#else
  return false;
#endif
}

BatchRanks::BatchRanks() {
#ifdef OUFLOW_HAVE_MPI
  if (!launched_by_mpi()) return;
  int already = 0;
  MPI_Initialized(&already);
  if (already) return;
  int provided = 0;
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    throw std::runtime_error("MPI_Init_thread failed");
  }
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
#endif
}

BatchRanks::~BatchRanks() {
#ifdef OUFLOW_HAVE_MPI
  if (initialised_) MPI_Finalize();
#endif
}

std::vector<std::string> BatchRanks::gather(const std::string& mine) const {
  if (size_ == 1) return {mine};
#ifdef OUFLOW_HAVE_MPI
  if (mine.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::runtime_error("batch outcomes too large for one MPI message");
  }
  int length = static_cast<int>(mine.size());
  std::vector<int> lengths(root() ? static_cast<std::size_t>(size_) : 0);
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(lengths.size());
  std::size_t total = 0;
  for (std::size_t r = 0; r < lengths.size(); ++r) {
    offsets[r] = static_cast<int>(total);
    total += static_cast<std::size_t>(lengths[r]);
  }
  std::string all(total, '\0');
  MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR,
              0, MPI_COMM_WORLD);
  std::vector<std::string> out;
  for (std::size_t r = 0; r < lengths.size(); ++r) {
    out.push_back(
        all.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(lengths[r])));
  }
  return out;
#else
  return {mine};
#endif
}

void BatchRanks::abort(int code) const {
#ifdef OUFLOW_HAVE_MPI
  if (initialised_ && size_ > 1) MPI_Abort(MPI_COMM_WORLD, code);
#else
  (void)code;
#endif
}

}  // namespace ouflow::app
