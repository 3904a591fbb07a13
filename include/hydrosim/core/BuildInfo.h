#pragma once
#include <string_view>

namespace hydrosim {
// Filled in at configure time (see CMakeLists.txt); recorded in every results file.
std::string_view version();
std::string_view git_hash();
}  // namespace hydrosim
