// Typed registries of named components (datasets, temporal strategies, spatial augmentations,
// models, optimizers, schedulers). A component is built from a config node by its `name:`.
//
// Registration is explicit: each module exposes `void register_<kind>(...)` and
// framework/registry/builtin.cpp calls them all from one function, register_builtin_components().
// No static initialisers, so the linker can never drop a component silently.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "framework/common/error.h"
#include "framework/common/strings.h"

namespace merlab {

// What `mer list` shows: every registry, type-erased.
class RegistryBase {
 public:
  struct Info {
    std::string name;
    std::string description;
  };
  explicit RegistryBase(std::string kind);
  virtual ~RegistryBase();
  const std::string& kind() const { return kind_; }
  virtual std::vector<Info> infos() const = 0;
  std::vector<std::string> names() const;

 private:
  std::string kind_;
};

// All registries, in a fixed order (kind name -> registry).
std::vector<RegistryBase*> all_registries();
RegistryBase* find_registry(const std::string& kind);

template <typename Product, typename... Args>
class Registry : public RegistryBase {
 public:
  // The factory receives the component's config node (the map containing `name:`).
  using Factory = std::function<Product(const YAML::Node& cfg, Args... args)>;
  struct Entry {
    std::string name;
    std::string description;
    Factory factory;
  };

  explicit Registry(std::string kind) : RegistryBase(std::move(kind)) {}

  // Registering a name twice is a programming error.
  void add(const std::string& name, const std::string& description, Factory factory) {
    if (entries_.count(name)) throw std::logic_error(kind() + " '" + name + "' registered twice");
    entries_[name] = Entry{name, description, std::move(factory)};
  }

  bool contains(const std::string& name) const { return entries_.count(name) > 0; }

  const Entry& get(const std::string& name) const {
    auto it = entries_.find(name);
    if (it == entries_.end()) {
      throw ConfigError("unknown " + kind() + " '" + name + "'" + suggestion_text(name, names()));
    }
    return it->second;
  }

  // Builds from a node with a `name:` key; `where` names the config key for error messages.
  Product create(const YAML::Node& cfg, const std::string& where, Args... args) const {
    if (!cfg || !cfg.IsMap() || !cfg["name"]) {
      throw ConfigError(where + ": expected a map with a 'name:' key selecting a " + kind() +
                        suggestion_text("", names()));
    }
    return get(cfg["name"].as<std::string>()).factory(cfg, std::forward<Args>(args)...);
  }

  Product create_by_name(const std::string& name, const YAML::Node& cfg, Args... args) const {
    return get(name).factory(cfg, std::forward<Args>(args)...);
  }

  std::vector<Info> infos() const override {
    std::vector<Info> out;
    for (const auto& [n, e] : entries_) out.push_back({n, e.description});
    return out;
  }

 private:
  std::map<std::string, Entry> entries_;
};

// Makes a registry known to `mer list`. Called by each module's register function.
void publish_registry(RegistryBase* registry);

}  // namespace merlab
