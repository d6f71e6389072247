#include "framework/common/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace merlab::log {
namespace {
std::atomic<Level> g_level{Level::info};
std::mutex g_mutex;
}  // namespace

void set_level(Level l) { g_level = l; }
Level level() { return g_level; }

void write(Level l, const std::string& message) {
  static const char* names[] = {"debug", "info", "warning", "error", ""};
  std::lock_guard<std::mutex> lock(g_mutex);
  std::fprintf(stderr, "[%s] %s\n", names[static_cast<int>(l)], message.c_str());
  std::fflush(stderr);
}

}  // namespace merlab::log
