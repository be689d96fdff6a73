#pragma once
// Name -> factory tables. A backend or algorithm registers itself from its own source file with
// TRACKGNN_REGISTER, so adding one is one new file plus one registration line.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace trackgnn {

template <typename Interface, typename... Args>
class Registry {
 public:
  using Factory = std::function<std::unique_ptr<Interface>(Args...)>;

  static Registry& instance() {
    static Registry registry;
    return registry;
  }

  bool add(const std::string& name, Factory factory) {
    std::lock_guard<std::mutex> lock(mutex_);
    return factories_.emplace(name, std::move(factory)).second;
  }

  std::unique_ptr<Interface> create(const std::string& name, Args... args) const {
    Factory factory;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto found = factories_.find(name);
      if (found == factories_.end()) {
        std::string known;
        for (const auto& entry : factories_) known += (known.empty() ? "" : ", ") + entry.first;
        throw std::invalid_argument("unknown " + std::string(Interface::kind) + " '" + name + "' (known: " + known + ")");
      }
      factory = found->second;
    }
    return factory(std::forward<Args>(args)...);
  }

  std::vector<std::string> names() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> result;
    for (const auto& entry : factories_) result.push_back(entry.first);
    return result;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, Factory> factories_;
};

}  // namespace trackgnn

#define TRACKGNN_CONCAT_INNER(a, b) a##b
#define TRACKGNN_CONCAT(a, b) TRACKGNN_CONCAT_INNER(a, b)
// TRACKGNN_REGISTER(RegistryType, "name", factory) at namespace scope in the implementing file.
#define TRACKGNN_REGISTER(RegistryType, name, factory) \
  static const bool TRACKGNN_CONCAT(trackgnn_registered_, __LINE__) = RegistryType::instance().add(name, factory)
