// KoSIT scenario files (ozg validate --scenarios): the loader, the resource checks (which must
// never look outside the repository, whatever the locations say) and both listings.
#include <sstream>

#include "fuzz_common.hpp"
#include "xoev/validate/scenarios.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = fuzz_file(data, size, ".xml");
  const auto set = xoev::ScenarioSet::load(file, file.parent_path(), xoev::xml::XmlLimits{});
  if (!set) {
    if (set.error().code.empty()) __builtin_trap();
    return 0;
  }
  const auto problems = set->problems();
  for (const auto& d : problems)
    if (d.code.empty()) __builtin_trap();
  std::ostringstream out;
  xoev::write_scenario_list(out, *set, problems, false);
  xoev::write_scenario_list(out, *set, problems, true);
  return 0;
}
