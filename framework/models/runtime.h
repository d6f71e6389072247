// The numeric runtime: which BLAS is loaded, intra-op threads, library versions.
//
// Debian's torch links libblas.so.3, whose default provider is the reference BLAS (~35x slower
// than OpenBLAS on this class of machine). We report what is actually mapped into the process
// so that a slow setup is visible, not guessed.
#pragma once
#include <string>

namespace merlab {

struct BlasInfo {
  std::string path;         // resolved shared object mapped into this process
  std::string name;         // "OpenBLAS", "reference BLAS", "MKL", "BLIS", "unknown"
  std::string detail;       // e.g. openblas_get_config() output
  bool is_reference = false;
};

// Forces the BLAS to be loaded (one tiny matmul) and inspects /proc/self/maps.
BlasInfo detect_blas();

// Prints a warning to stderr once per process when the reference BLAS is in use.
void warn_if_reference_blas();

// threads <= 0 means all cores. Sets LibTorch's intra-op threads (it defaults to 1 here).
void configure_threads(int threads);

struct LibraryVersions {
  std::string merlab, git_commit, libtorch, opencv, sqlite, blas;
  bool git_dirty = false;
};
LibraryVersions library_versions();

}  // namespace merlab
