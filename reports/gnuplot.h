// Running gnuplot on generated scripts. Figures are drawn by the gnuplot executable (Debian
// package gnuplot-nox), not linked: scripts and their data files stay in the report folder, so
// a figure can be restyled and redrawn by hand with `cd <report>/figures && gnuplot plots-1.gp`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace merlab::reports {

// Absolute path of the gnuplot executable: `requested` when it contains a '/', else that name
// (default "gnuplot") looked up on $PATH. Throws RuntimeError naming the Debian package
// gnuplot-nox when it cannot be found.
std::string find_gnuplot(const std::string& requested = "");

// Runs `exe script` for every script (names relative to `workdir`, which is the working
// directory), at most `parallel` processes at once. Each run's output goes to <script>.log,
// removed on success. Throws RuntimeError with the end of the log when a run fails.
void run_gnuplot(const std::string& exe, const std::filesystem::path& workdir, const std::vector<std::string>& scripts,
                 int parallel);

// Gnuplot single-quoted string literal ('' inside).
std::string gp_quote(const std::string& s);

}  // namespace merlab::reports
