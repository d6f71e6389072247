#include "framework/common/hash.h"

#include <xxhash.h>

#include <cstdio>
#include <cstring>

#include "framework/common/error.h"

namespace merlab {
namespace {
std::string to_hex(XXH128_hash_t h) {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return buf;
}
}  // namespace

Hasher& Hasher::add_file_identity(const std::filesystem::path& path, std::string_view what) {
  std::error_code ec;
  auto abs = std::filesystem::absolute(path, ec).lexically_normal();
  auto bytes = std::filesystem::file_size(path, ec);
  if (ec) throw RuntimeError(std::string(what) + " not found or unreadable: " + path.string());
  auto mtime = std::filesystem::last_write_time(path, ec).time_since_epoch().count();
  add(std::string_view(abs.string()));
  add(static_cast<std::int64_t>(bytes));
  return add(static_cast<std::int64_t>(mtime));
}

std::string hash_hex(std::string_view data) { return to_hex(XXH3_128bits(data.data(), data.size())); }

Hasher::Hasher() : state_(XXH3_createState()) { XXH3_128bits_reset(static_cast<XXH3_state_t*>(state_)); }
Hasher::~Hasher() { XXH3_freeState(static_cast<XXH3_state_t*>(state_)); }

Hasher& Hasher::add(std::string_view piece) {
  auto* s = static_cast<XXH3_state_t*>(state_);
  std::uint64_t n = piece.size();
  XXH3_128bits_update(s, &n, sizeof n);
  XXH3_128bits_update(s, piece.data(), piece.size());
  return *this;
}
Hasher& Hasher::add(std::int64_t value) {
  XXH3_128bits_update(static_cast<XXH3_state_t*>(state_), &value, sizeof value);
  return *this;
}
Hasher& Hasher::add(double value) {
  XXH3_128bits_update(static_cast<XXH3_state_t*>(state_), &value, sizeof value);
  return *this;
}
std::string Hasher::hex() const { return to_hex(XXH3_128bits_digest(static_cast<XXH3_state_t*>(state_))); }

}  // namespace merlab
