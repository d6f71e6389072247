#include "reports/gnuplot.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "framework/common/error.h"
#include "framework/common/strings.h"

namespace merlab::reports {

namespace fs = std::filesystem;

std::string gp_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    if (c == '\n') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "'";
}

std::string find_gnuplot(const std::string& requested) {
  const std::string name = requested.empty() ? "gnuplot" : requested;
  const std::string hint = "install the Debian package gnuplot-nox (apt-get install gnuplot-nox), or pass --no-figures";
  if (name.find('/') != std::string::npos) {
    if (::access(name.c_str(), X_OK) == 0 && fs::is_regular_file(name)) return fs::absolute(name).string();
    throw RuntimeError("gnuplot executable '" + name + "' not found or not executable: " + hint);
  }
  const char* path = std::getenv("PATH");
  for (const auto& dir : split(path ? path : "", ':')) {
    if (dir.empty()) continue;
    fs::path candidate = fs::path(dir) / name;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  throw RuntimeError("'" + name + "' not found on PATH (needed to draw the report's figures): " + hint);
}

namespace {

pid_t spawn(const std::string& exe, const fs::path& workdir, const std::string& script, const fs::path& log) {
  const pid_t pid = ::fork();
  if (pid < 0) throw RuntimeError("cannot start gnuplot: fork failed");
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    if (::chdir(workdir.c_str()) != 0) ::_exit(126);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::close(fd);
    }
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::execl(exe.c_str(), exe.c_str(), script.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

std::string tail_of(const fs::path& file, std::size_t max_chars) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  auto s = ss.str();
  return s.size() > max_chars ? "..." + s.substr(s.size() - max_chars) : s;
}

}  // namespace

void run_gnuplot(const std::string& exe, const fs::path& workdir, const std::vector<std::string>& scripts, int parallel) {
  if (parallel < 1) parallel = 1;
  std::map<pid_t, std::string> running;
  std::string failure;
  std::size_t next = 0;
  auto log_of = [&](const std::string& script) { return fs::absolute(workdir / (script + ".log")); };
  while (next < scripts.size() || !running.empty()) {
    while (next < scripts.size() && static_cast<int>(running.size()) < parallel) {
      running[spawn(exe, workdir, scripts[next], log_of(scripts[next]))] = scripts[next];
      ++next;
    }
    int status = 0;
    // Wait for a specific child (never -1: that could reap another component's child).
    const pid_t done = ::waitpid(running.begin()->first, &status, 0);
    if (done < 0) {
      running.erase(running.begin());
      continue;
    }
    auto it = running.find(done);
    if (it == running.end()) continue;  // not one of ours
    const auto log = log_of(it->second);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
      std::error_code ec;
      fs::remove(log, ec);
    } else if (failure.empty()) {
      const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      failure = "gnuplot failed on " + (workdir / it->second).string() + " (exit " + std::to_string(code) +
                (code == 127 ? ", could not execute " + exe : "") + "); log " + log.string() + ":\n" + tail_of(log, 1500);
    }
    running.erase(it);
  }
  if (!failure.empty()) throw RuntimeError(failure);
}

}  // namespace merlab::reports
