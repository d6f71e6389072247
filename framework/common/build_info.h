// Version and source provenance baked in at build time (see tools/build_info.cmake).
#pragma once
namespace merlab {
const char* build_version();
const char* build_git_commit();
bool build_git_dirty();
}  // namespace merlab
