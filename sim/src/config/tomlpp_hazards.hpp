#pragma once
// Inputs that reach undefined behaviour in toml++ 3.3.0 (Debian 12's version, the newest
// Debian offers), found by fuzzing (tests/fuzz/, docs/reliability.md), and what keeps them
// from it:
//  - shapes that trip its assertions (a table header whose key starts with neither a
//    bare-key character nor a quote, `[#towns.a]`; `}` where an array expects a value; a
//    date then one space and one digit) are refused by a screen before toml++ sees the
//    text. Each is invalid TOML already.
//  - asking whether some non-ASCII code points are whitespace (U+00A1..U+0499,
//    U+2C5E..U+3057 but U+3000, and U+FB26..U+FEFE) reaches __builtin_unreachable(). Where
//    toml++ asks depends on how its scanner reads a broken document, which a screen can
//    only guess (the fuzzer kept finding new guesses wrong), so these code points never
//    reach it: StandIns swaps them for private-use code points it classifies safely.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace journeysim::config {

struct TomlHazard {
    std::size_t line = 0, column = 0;  // 1-based, column in code points (as toml++ counts)
    std::string message;               // "syntax error at line 3, column 2: ..."
};

[[nodiscard]] std::optional<TomlHazard> find_tomlpp_hazard(std::string_view text);

// Whether toml++ 3.3.0's is_non_ascii_horizontal_whitespace() reaches TOML_UNREACHABLE for
// code point `c` (its lookup table leaves some blocks to a switch without those cases).
[[nodiscard]] bool tomlpp_whitespace_is_undefined(char32_t c);

// The document toml++ reads: `text` with every code point its whitespace test mishandles
// swapped for a private-use code point (plane 15) that `text` does not use. toml++ counts
// columns in code points, so the positions it reports hold. Safe however toml++'s scanner
// and this file's screen read a broken document, and valid TOML keeps its meaning: the
// swap is undone in the keys, strings and messages toml++ gives back.
class StandIns {
public:
    explicit StandIns(std::string_view text);
    [[nodiscard]] const std::string& text() const { return text_; }
    [[nodiscard]] bool any() const { return !swaps_.empty(); }
    // A key or string toml++ read, with each stand-in back to its original.
    [[nodiscard]] std::string restore(std::string_view s) const;
    // A message of toml++'s: also the stand-ins it wrote as escapes (\UXXXXXXXX).
    [[nodiscard]] std::string restore_message(std::string_view s) const;

private:
    struct Swap {
        std::string original, stand_in;                  // UTF-8
        std::string escaped_original, escaped_stand_in;  // as toml++ writes them in messages
    };
    std::string text_;
    std::vector<Swap> swaps_;
};

}  // namespace journeysim::config
