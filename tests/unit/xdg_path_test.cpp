#include "xoev/util/xdg_path.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

using xoev::xdg_path;
using xoev::XdgBase;

/// Sets (or, with nullptr, unsets) the variables for one test and restores them afterwards.
class Env {
 public:
  Env(std::initializer_list<std::pair<const char*, const char*>> vars) {
    for (const auto& [name, value] : vars) {
      const char* old = std::getenv(name);
      saved_.push_back({name, old ? std::optional<std::string>(old) : std::nullopt});
      value ? setenv(name, value, 1) : unsetenv(name);
    }
  }
  ~Env() {
    for (const auto& [name, value] : saved_)
      value ? setenv(name, value->c_str(), 1) : unsetenv(name);
  }
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

 private:
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

TEST(XdgPath, OverrideThenXdgVariableThenHomeThenFallback) {
  Env env{{"OZG_X", nullptr}, {"XDG_CONFIG_HOME", nullptr}, {"HOME", "/home/u"}};
  EXPECT_EQ(xdg_path(XdgBase::Config, "OZG_X", "config.yaml", {}),
            "/home/u/.config/ozg/config.yaml");
  setenv("XDG_CONFIG_HOME", "/xdg/conf", 1);
  EXPECT_EQ(xdg_path(XdgBase::Config, "OZG_X", "config.yaml", {}), "/xdg/conf/ozg/config.yaml");
  setenv("OZG_X", "/my/config.yaml", 1);
  EXPECT_EQ(xdg_path(XdgBase::Config, "OZG_X", "config.yaml", {}), "/my/config.yaml");
  // Empty variables count as unset.
  setenv("OZG_X", "", 1);
  setenv("XDG_CONFIG_HOME", "", 1);
  EXPECT_EQ(xdg_path(XdgBase::Config, "OZG_X", "config.yaml", {}),
            "/home/u/.config/ozg/config.yaml");
  unsetenv("HOME");
  EXPECT_EQ(xdg_path(XdgBase::Config, "OZG_X", "config.yaml", {}), "");
  EXPECT_EQ(xdg_path(XdgBase::Config, "OZG_X", "config.yaml", "here.yaml"), "here.yaml");
}

TEST(XdgPath, EachBaseHasItsVariableAndHomeDefault) {
  Env env{{"XDG_DATA_HOME", nullptr}, {"XDG_STATE_HOME", nullptr}, {"HOME", "/h"}};
  EXPECT_EQ(xdg_path(XdgBase::Data, "OZG_UNSET_X", "", ".ozg"), "/h/.local/share/ozg");
  EXPECT_EQ(xdg_path(XdgBase::State, "OZG_UNSET_X", "journal.jsonl", "j"),
            "/h/.local/state/ozg/journal.jsonl");
  setenv("XDG_DATA_HOME", "/d", 1);
  setenv("XDG_STATE_HOME", "/s", 1);
  EXPECT_EQ(xdg_path(XdgBase::Data, "OZG_UNSET_X", "", ".ozg"), "/d/ozg");
  EXPECT_EQ(xdg_path(XdgBase::State, "OZG_UNSET_X", "journal.jsonl", "j"), "/s/ozg/journal.jsonl");
}

}  // namespace
