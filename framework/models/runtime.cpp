#include "framework/models/runtime.h"

#include <dlfcn.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <opencv2/core/version.hpp>
#include <thread>

#include "framework/common/build_info.h"
#include "framework/common/log.h"

namespace merlab {

BlasInfo detect_blas() {
  // A float matmul large enough to go through BLAS sgemm, so the library is mapped.
  {
    auto a = torch::ones({8, 8});
    auto c = torch::mm(a, a);
    (void)c;
  }
  BlasInfo info;
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    auto pos = line.find('/');
    if (pos == std::string::npos) continue;
    std::string path = line.substr(pos);
    auto file = std::filesystem::path(path).filename().string();
    bool blas_like = file.find("blas") != std::string::npos || file.find("libmkl") != std::string::npos ||
                     file.find("blis") != std::string::npos;
    if (!blas_like || file.find("cblas") == 0) continue;
    std::error_code ec;
    auto real = std::filesystem::canonical(path, ec);
    info.path = ec ? path : real.string();
    if (info.path.find("openblas") != std::string::npos) break;  // prefer the provider
  }
  if (info.path.empty()) {
    info.name = "unknown";
  } else if (info.path.find("openblas") != std::string::npos) {
    info.name = "OpenBLAS";
  } else if (info.path.find("mkl") != std::string::npos) {
    info.name = "MKL";
  } else if (info.path.find("blis") != std::string::npos) {
    info.name = "BLIS";
  } else if (info.path.find("/blas/") != std::string::npos || info.path.find("libblas") != std::string::npos) {
    info.name = "reference BLAS";
    info.is_reference = true;
  } else {
    info.name = "unknown";
  }
  using GetConfig = char* (*)();
  if (auto fn = reinterpret_cast<GetConfig>(dlsym(RTLD_DEFAULT, "openblas_get_config"))) {
    info.detail = fn();
  }
  return info;
}

void warn_if_reference_blas() {
  static bool warned = false;
  if (warned) return;
  warned = true;
  auto info = detect_blas();
  if (info.is_reference) {
    log::warn("the reference BLAS is in use ({}); linear layers and transformers run ~35x slower. "
              "Install libopenblas0-pthread (make deps) to fix this.", info.path);
  }
}

void configure_threads(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(threads);
}

LibraryVersions library_versions() {
  LibraryVersions v;
  v.merlab = build_version();
  v.git_commit = build_git_commit();
  v.git_dirty = build_git_dirty();
  v.libtorch = TORCH_VERSION;
  v.opencv = CV_VERSION;
  v.sqlite = sqlite3_libversion();
  auto blas = detect_blas();
  v.blas = blas.name + (blas.path.empty() ? "" : " (" + blas.path + ")");
  return v;
}

}  // namespace merlab
