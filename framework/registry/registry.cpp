#include "framework/registry/registry.h"

#include <algorithm>
#include <mutex>

namespace merlab {
namespace {
std::vector<RegistryBase*>& published() {
  static std::vector<RegistryBase*> list;
  return list;
}
std::mutex& published_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

RegistryBase::RegistryBase(std::string kind) : kind_(std::move(kind)) {}
RegistryBase::~RegistryBase() = default;

std::vector<std::string> RegistryBase::names() const {
  std::vector<std::string> out;
  for (auto& i : infos()) out.push_back(i.name);
  return out;
}

void publish_registry(RegistryBase* registry) {
  std::lock_guard<std::mutex> lock(published_mutex());
  auto& list = published();
  if (std::find(list.begin(), list.end(), registry) == list.end()) list.push_back(registry);
}

std::vector<RegistryBase*> all_registries() {
  std::lock_guard<std::mutex> lock(published_mutex());
  return published();
}

RegistryBase* find_registry(const std::string& kind) {
  for (auto* r : all_registries())
    if (r->kind() == kind) return r;
  return nullptr;
}

}  // namespace merlab
