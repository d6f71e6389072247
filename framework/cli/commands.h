// Every module's command-adding function, called in one place (commands.cpp).
#pragma once
#include "framework/cli/command.h"

namespace merlab::cli {

void register_all_commands(CommandTable& table);
int print_version();

// One function per module; each lives in framework/cli/cmd_<module>.cpp.
void add_config_commands(CommandTable& table);    // config show, config groups, list
void add_sweep_commands(CommandTable& table);     // sweep
void add_run_commands(CommandTable& table);       // run, reproduce, sweep-worker
// MODULE-COMMANDS (add declarations below this line)
void add_models_commands(CommandTable& table);     // models list, models summary
void add_predict_commands(CommandTable& table);    // models predict
void add_weights_commands(CommandTable& table);    // weights list
void add_di_commands(CommandTable& table);        // di
void add_faces_commands(CommandTable& table);     // faces align, faces check
void add_metrics_commands(CommandTable& table);   // eval-preds
void add_status_commands(CommandTable& table);    // status
void add_datasets_commands(CommandTable& table);  // datasets check, synth
void add_slurm_commands(CommandTable& table);     // merge, sweep-task (Slurm launcher)
void add_report_commands(CommandTable& table);    // report
void add_runs_commands(CommandTable& table);      // runs
void add_compare_commands(CommandTable& table);   // compare

}  // namespace merlab::cli
