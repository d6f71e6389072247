#include "framework/cli/commands.h"

#include <iostream>

#include "framework/models/runtime.h"

namespace merlab::cli {

void register_all_commands(CommandTable& table) {
  add_config_commands(table);
  add_sweep_commands(table);
  add_run_commands(table);
  // MODULE-COMMANDS (one call per module below this line)
  add_models_commands(table);
  add_predict_commands(table);
  add_weights_commands(table);
  add_di_commands(table);
  add_faces_commands(table);
  add_metrics_commands(table);
  add_status_commands(table);
  add_datasets_commands(table);
  add_slurm_commands(table);
  add_report_commands(table);
  add_runs_commands(table);
  add_compare_commands(table);
}

int print_version() {
  auto v = library_versions();
  std::cout << "mer " << v.merlab << "\n"
            << "git commit: " << v.git_commit << (v.git_dirty ? " (dirty)" : "") << "\n"
            << "LibTorch:   " << v.libtorch << "\n"
            << "OpenCV:     " << v.opencv << "\n"
            << "SQLite:     " << v.sqlite << "\n"
            << "BLAS:       " << v.blas << "\n";
  warn_if_reference_blas();
  return 0;
}

}  // namespace merlab::cli
