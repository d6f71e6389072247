#include "framework/common/process.h"

#include <signal.h>
#include <sys/types.h>

#include <cerrno>
#include <fstream>
#include <string>

namespace merlab {
namespace {

// State letter of /proc/<pid>/stat (the field after the parenthesised command name, which may
// itself contain spaces and parentheses); '?' when the file cannot be read (not Linux).
char proc_state(std::int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!in || !std::getline(in, line)) return '?';
  const auto close = line.rfind(')');
  if (close == std::string::npos || close + 2 >= line.size()) return '?';
  return line[close + 2];
}

}  // namespace

bool process_alive(std::int64_t pid) {
  if (pid <= 0) return false;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  const char state = proc_state(pid);
  return state != 'Z' && state != 'X';  // zombie or dead: exited, waiting to be reaped
}

}  // namespace merlab
