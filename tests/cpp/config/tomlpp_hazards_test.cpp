// The screen in front of toml++ 3.3.0: the inputs the fuzzer found are refused with a clear
// message, and valid TOML, however it is laid out, passes untouched.
#include "tomlpp_hazards.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "journeysim/config/scenario.hpp"
#include "../scenario_fixtures.hpp"

namespace {

using journeysim::config::find_tomlpp_hazard;
using journeysim::config::tomlpp_whitespace_is_undefined;

std::string message_of(std::string_view text) {
    const auto hazard = find_tomlpp_hazard(text);
    return hazard ? hazard->message : "(none)";
}

TEST(TomlppHazards, WhitespaceLookupMirrorsTomlpp) {
    // Undefined: block 0 (U+00A1..U+0499), block 11 (U+2C5E..U+3057 but U+3000) and
    // block 63 (U+FB26..U+FEFE; the table ends at U+FEFF).
    for (char32_t c : {0xA1u, 0xE9u, 0x399u, 0x499u, 0x2C5Eu, 0x2FFFu, 0x3001u, 0x3057u, 0xFB26u,
                       0xFEFEu})
        EXPECT_TRUE(tomlpp_whitespace_is_undefined(c)) << std::hex << static_cast<unsigned>(c);
    // Defined: ASCII, the whitespace it knows, and blocks its table or its cases cover.
    for (char32_t c : {0x41u, 0x9Fu, 0xA0u, 0x49Au, 0x1680u, 0x2000u, 0x205Fu, 0x2C5Du, 0x3000u,
                       0x3058u, 0xFB25u, 0xFEFFu, 0x1F600u})
        EXPECT_FALSE(tomlpp_whitespace_is_undefined(c)) << std::hex << static_cast<unsigned>(c);
}

TEST(TomlppHazards, TheFuzzersFindingsAreRefused) {
    // tests/fuzz/corpus/found_tomlpp_parse_key_assert.toml and ..._unreachable_whitespace.toml
    EXPECT_EQ(message_of("[simulation]\nyears = 1\n[#towns.a]\nx = 1\n"),
              "syntax error at line 3, column 2: a table header must start with a key (a bare "
              "key or a quoted one), not '#'");
    EXPECT_EQ(message_of("seh\xCE\x99" "ds = ]\n"),
              "syntax error at line 1, column 4: character U+0399 outside a string or comment "
              "(TOML allows other than ASCII only in strings and comments)");
}

TEST(TomlppHazards, OtherHeaderShapesThatReachTheAssertion) {
    for (const char* text : {"[=a]", "[ .a]", "[[#a]]", "[[ {a]]", "[\n", "[[[a]]]", "[ !x]"})
        EXPECT_NE(message_of(text).find("a table header must start with a key"),
                  std::string::npos)
            << text;
}

TEST(TomlppHazards, AClosingBraceWhereAnArrayExpectsAValue) {
    // Found by fuzzing with toml++'s assertions on: parse_value() asserts
    // `!is_value_terminator(*cp)` when an array's value starts at '}'.
    EXPECT_EQ(message_of("p_tells =[[}}\n"),
              "syntax error at line 1, column 12: '}' where the array expects a value");
    for (const char* text : {"x = [}]", "x = [1, }]", "x = [ # c\n }]", "x = [\"a\",}]"})
        EXPECT_NE(message_of(text).find("'}' where the array expects a value"), std::string::npos)
            << text;
    // Braces that close an inline table, in or out of arrays, are no hazard.
    for (const char* text : {"x = [{}]", "x = [{a = 1}, {b = [2]}]", "x = {a = [1, 2]}",
                             "x = [[1], {c = 3},]"})
        EXPECT_EQ(message_of(text), "(none)") << text;
}

TEST(TomlppHazards, AQuoteAfterABareValueStartsNoString) {
    // Found by fuzzing: toml++ reads 't=5"' as a number gone wrong, not a string, and asks
    // whether the character after the quote is whitespace (undefined for U+03BF).
    EXPECT_EQ(message_of("t=5\"\xCE\xBF"),
              "syntax error at line 1, column 5: character U+03BF outside a string or comment "
              "(TOML allows other than ASCII only in strings and comments)");
    // Strings where TOML has them still hold any character.
    for (const char* text : {"x = \"\xCE\xBF\"", "\"k\xCE\xBF\" = 1", "a.\"\xCE\xBF\" = 1",
                             "x = [\"a\",\"\xCE\xBF\"]", "x = {k=\"\xCE\xBF\"}", "[\"\xCE\xBF\"]"})
        EXPECT_EQ(message_of(text), "(none)") << text;
}

TEST(TomlppHazards, ADateFollowedByOneDigit) {
    // Found with toml++'s assertions on: parse_value() asserts `!is_value_terminator(*cp)`.
    EXPECT_EQ(message_of("[malls.m]\nopens = 1950-03-0= 2\n"),
              "syntax error at line 2, column 20: a date followed by a space and a single digit "
              "('1950-03-0= 2'): a time needs hours, minutes and seconds");
    // A vertical tab or form feed ends a value for toml++ too (found by fuzzing).
    for (const char* text : {"a = 1950-03-01 2\n", "a = [1950-03-01 2]", "a = 1_950-03-01 7,",
                             "a = 1950-03-0= 2\vb", "a = 1950-03-01 2\f"})
        EXPECT_NE(message_of(text).find("a date followed by"), std::string::npos) << text;
    for (const char* text : {"a = 1950-03-01 12:00:00\n", "a = 1950-03-01\n", "a = 1950-03-01 2",
                             "1950-03-01 = 2\n", "a = 1950-03-011 2\n"})
        EXPECT_EQ(message_of(text), "(none)") << text;
}

TEST(TomlppHazards, MultiLineStringsAfterABackslash) {
    const std::string message = message_of("a = \"\"\"x\\\n   \xC3\xA9t\xC3\xA9\"\"\"\n");
    EXPECT_EQ(message.rfind("at line 2, column 4: character U+00E9 right after a backslash", 0),
              0u)
        << message;
    EXPECT_NE(message.find("\\u00E9"), std::string::npos) << message;
    EXPECT_TRUE(message_of("a = \"\"\"x\\\xCE\x99\"\"\"").find("U+0399") != std::string::npos);
    // The same characters anywhere else in strings are fine.
    EXPECT_EQ(message_of("a = \"\"\"x\\\n   t\xC3\xA9\"\"\"\nb = \"\\\xC3\xA9\"\n"), "(none)");
}

TEST(TomlppHazards, ValidTomlPasses) {
    const char* valid[] = {
        "\xEF\xBB\xBF[a]\nx = 1\n",                                   // byte-order mark
        "x = [\n  [1, 2],\n  [ [3], [4] ],\n  # [#not a header\n]\n",  // arrays of arrays
        "s = \"[#x\" # [#x \xC3\xA9\xCE\x99\n",                       // in strings, comments
        "[stores.\"Caf\xC3\xA9 \xCE\x99\"]\nname = 'Caf\xC3\xA9'\n",   // quoted keys
        "m = '''\n[#x\n\xCE\x99'''\nn = \"\"\"\n[=\"\"\"\"\"\n[ok]\n",  // multi-line strings
        "t = { a = [1, {b = 2}] }\n[[arr]]\n[ [  \"q\" ] ]\n",
        "[ a . b ]\n[\t'c']\n[x-y_z]\n",
    };
    for (const char* text : valid) EXPECT_EQ(message_of(text), "(none)") << text;
}

TEST(TomlppHazards, EveryShippedScenarioPasses) {
    int seen = 0;
    for (const auto& entry : std::filesystem::directory_iterator(JOURNEYSIM_SCENARIOS_DIR)) {
        if (entry.path().extension() != ".toml") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        EXPECT_EQ(message_of(text.str()), "(none)") << entry.path();
        ++seen;
    }
    EXPECT_GT(seen, 0);
    EXPECT_EQ(message_of(journeysim::testing::kSmallRunScenario), "(none)");
}

TEST(TomlppHazards, ParseScenarioReportsThemAsIssues) {
    try {
        (void)journeysim::config::parse_scenario("[#towns.a]\n");
        FAIL() << "expected a ConfigError";
    } catch (const journeysim::config::ConfigError& e) {
        ASSERT_EQ(e.issues().size(), 1u);
        EXPECT_EQ(e.issues()[0].path, "<toml>");
        EXPECT_NE(e.issues()[0].message.find("must start with a key"), std::string::npos);
    }
}

}  // namespace
