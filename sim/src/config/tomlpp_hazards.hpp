#pragma once
// Inputs that reach undefined behaviour in toml++ 3.3.0 (Debian 12's version, the newest
// Debian offers), screened out before the text is handed to it. Found by fuzzing
// (tests/fuzz/, docs/reliability.md):
//  - a table header whose key starts with a character that is neither a bare-key character
//    nor a quote (`[#towns.a]`, `[=x]`) trips an assertion in parser::parse_key();
//  - asking whether some non-ASCII code points are whitespace (U+00A1..U+0499,
//    U+2C5E..U+3057 but U+3000, and U+FB26..U+FEFE) reaches __builtin_unreachable().
//    toml++ asks it of every character outside strings and comments, and in multi-line
//    basic strings of the characters right after a backslash.
// Every document rejected here is either invalid TOML 1.0 already (non-ASCII outside
// strings and comments, a header without a key), or has such a code point right after a
// backslash in a multi-line basic string, which the message says how to avoid.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace journeysim::config {

struct TomlHazard {
    std::size_t line = 0, column = 0;  // 1-based, column in bytes
    std::string message;               // "syntax error at line 3, column 2: ..."
};

[[nodiscard]] std::optional<TomlHazard> find_tomlpp_hazard(std::string_view text);

// Whether toml++ 3.3.0's is_non_ascii_horizontal_whitespace() reaches TOML_UNREACHABLE for
// code point `c` (its lookup table leaves some blocks to a switch without those cases).
[[nodiscard]] bool tomlpp_whitespace_is_undefined(char32_t c);

}  // namespace journeysim::config
