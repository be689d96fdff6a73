#pragma once
// Name -> factory tables. A backend or algorithm registers itself from its own source file with
// TRACKGNN_REGISTER, so adding one is one new file plus one registration line. Where an
// algorithm has one implementation per device, DeviceRegistry keys them by (name, device kind):
// the CUDA implementation registers from its own .cu file, so a build without CUDA has none and
// the device choice is a lookup instead of a branch.
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "trackgnn/core/device.hpp"

namespace trackgnn {

namespace detail {
// Why a device has no implementation of something that exists for another device.
inline std::string missing_on_device(const std::string& what, Device device) {
  std::string message = what + " has no " + device.str() + " implementation in this build";
  if (device.is_cuda() && !cuda_available())
    message += " (no CUDA device is available, or trackgnn was built without CUDA: rebuild with -DTRACKGNN_CUDA=ON)";
  return message;
}
}  // namespace detail

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

// Factories by (name, device kind); each receives the device it will run on.
template <typename Interface, typename... Args>
class DeviceRegistry {
 public:
  using Factory = std::function<std::unique_ptr<Interface>(Device, Args...)>;

  static DeviceRegistry& instance() {
    static DeviceRegistry registry;
    return registry;
  }

  bool add(const std::string& name, DeviceKind kind, Factory factory) {
    std::lock_guard<std::mutex> lock(mutex_);
    return factories_.emplace(std::make_pair(name, kind), std::move(factory)).second;
  }

  // std::invalid_argument for a name no device knows; std::runtime_error for a known name
  // without an implementation on `device`.
  std::unique_ptr<Interface> create(const std::string& name, Device device, Args... args) const {
    Factory factory;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto found = factories_.find(std::make_pair(name, device.kind));
      if (found == factories_.end()) {
        const std::string what = std::string(Interface::kind) + " '" + name + "'";
        if (known(name)) throw std::runtime_error(detail::missing_on_device(what, device));
        std::string names;
        for (const auto& known_name : names_locked()) names += (names.empty() ? "" : ", ") + known_name;
        throw std::invalid_argument("unknown " + what + " (known: " + names + ")");
      }
      factory = found->second;
    }
    return factory(device, std::forward<Args>(args)...);
  }

  // The names with an implementation on any device.
  std::vector<std::string> names() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return names_locked();
  }

 private:
  bool known(const std::string& name) const {
    for (const auto& entry : factories_)
      if (entry.first.first == name) return true;
    return false;
  }

  std::vector<std::string> names_locked() const {
    std::vector<std::string> result;
    for (const auto& entry : factories_)
      if (result.empty() || result.back() != entry.first.first) result.push_back(entry.first.first);
    return result;
  }

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, DeviceKind>, Factory> factories_;
};

// One implementation of Interface per device kind (operations without a name to choose by),
// each registering itself from its own source file with TRACKGNN_REGISTER_FOR_DEVICE.
template <typename Interface>
class PerDevice {
 public:
  static bool add(DeviceKind kind, const Interface& implementation) {
    slots()[static_cast<std::size_t>(kind)] = &implementation;
    return true;
  }

  // Throws std::runtime_error when this build has no implementation for the device.
  static const Interface& on(Device device) {
    const Interface* implementation = slots()[static_cast<std::size_t>(device.kind)];
    if (implementation == nullptr) throw std::runtime_error(detail::missing_on_device(Interface::kind, device));
    return *implementation;
  }

 private:
  static std::array<const Interface*, kDeviceKinds>& slots() {
    static std::array<const Interface*, kDeviceKinds> registered{};
    return registered;
  }
};

}  // namespace trackgnn

#define TRACKGNN_CONCAT_INNER(a, b) a##b
#define TRACKGNN_CONCAT(a, b) TRACKGNN_CONCAT_INNER(a, b)
// TRACKGNN_REGISTER(RegistryType, "name", factory) at namespace scope in the implementing file.
#define TRACKGNN_REGISTER(RegistryType, name, factory) \
  static const bool TRACKGNN_CONCAT(trackgnn_registered_, __LINE__) = RegistryType::instance().add(name, factory)
// TRACKGNN_REGISTER_ON_DEVICE(RegistryType, "name", DeviceKind::cuda, factory) at namespace scope in
// the file that implements the algorithm on that device.
#define TRACKGNN_REGISTER_ON_DEVICE(RegistryType, name, device_kind, factory) \
  static const bool TRACKGNN_CONCAT(trackgnn_registered_, __LINE__) =      \
      RegistryType::instance().add(name, device_kind, factory)
// TRACKGNN_REGISTER_FOR_DEVICE(Interface, DeviceKind::cuda, Implementation) at namespace scope:
// a static instance of Implementation serves every call on that device kind.
#define TRACKGNN_REGISTER_FOR_DEVICE(Interface, device_kind, Implementation)             \
  static const Implementation TRACKGNN_CONCAT(trackgnn_implementation_, __LINE__){};     \
  static const bool TRACKGNN_CONCAT(trackgnn_registered_, __LINE__) =                     \
      ::trackgnn::PerDevice<Interface>::add(device_kind, TRACKGNN_CONCAT(trackgnn_implementation_, __LINE__))
