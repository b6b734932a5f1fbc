// Threads: OpenMP queries that also build without OpenMP (one thread), and the thread count of a
// parallel computation as an explicit setting.
#pragma once

#ifdef _OPENMP
#include <omp.h>
#endif

namespace ouflow::sim {

inline int max_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

inline int thread_id() {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

// How many threads one parallel computation uses. Every parallel engine takes it in its options
// (AssignmentOptions, AlgorithmBOptions, TransitMatrixOptions, TransitAssignmentOptions,
// GravityOptions) or as a last parameter (AllOrNothing, compute_skim, car_zone_times_s,
// network_walks, build_network_footpaths), and every `#pragma omp parallel` of sim/ runs
// num_threads(exec.count()). A caller sets it per call, instead of changing OpenMP's process-wide
// setting (omp_set_num_threads), which every other computation of the process would then share.
// Results do not depend on it: every engine is bit-identical for any thread count.
// Options structs declare it `Execution exec = {};`: with the initializer, GCC's
// -Wmissing-field-initializers stays quiet on designated initializers that leave it out.
struct Execution {
  int threads = 0;  // 0 (or less): all available, omp_get_max_threads() (OMP_NUM_THREADS)

  // The team size: `threads` when positive, else omp_get_max_threads(); 1 without OpenMP.
  int count() const {
#ifdef _OPENMP
    return threads > 0 ? threads : omp_get_max_threads();
#else
    return 1;
#endif
  }
};

}  // namespace ouflow::sim
