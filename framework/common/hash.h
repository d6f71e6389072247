// Content hashing (xxHash XXH3-128 from Debian's libxxhash): config hashes, run keys and the
// DI cache key. Not cryptographic; 128 bits make accidental collisions negligible.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace merlab {

// 32 lowercase hex characters.
std::string hash_hex(std::string_view data);

// Incremental form for hashing many pieces (file identities, options) without concatenating.
class Hasher {
 public:
  Hasher();
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  // Each piece is length-prefixed so ("ab","c") and ("a","bc") differ.
  Hasher& add(std::string_view piece);
  Hasher& add(std::int64_t value);
  Hasher& add(double value);
  // A file's identity for content-keyed caches: absolute path, size and modification time (no
  // read). Throws RuntimeError "<what> not found or unreadable: <path>" when it cannot be stat'ed.
  Hasher& add_file_identity(const std::filesystem::path& path, std::string_view what);
  std::string hex() const;

 private:
  void* state_;
};

}  // namespace merlab
