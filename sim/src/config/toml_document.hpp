#pragma once
// A scenario's text read by toml++ 3.3.0 with its hazards out of the way (tomlpp_hazards.hpp):
// the screen refuses what would reach toml++'s assertions, and the code points its
// whitespace test mishandles reach it only as stand-ins, swapped back in what it returns.
#include <string_view>
#include <toml++/toml.h>

namespace journeysim::config {

// The document, or ConfigError with one `<toml>` issue: "syntax error at line L, column C: ...".
[[nodiscard]] toml::table read_toml(std::string_view text);

}  // namespace journeysim::config
