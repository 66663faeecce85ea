// What stands between toml++ 3.3.0 and its undefined behaviour: the screen refuses the shapes
// the fuzzer found with a clear message, the stand-ins keep the code points it cannot
// classify from it, and valid TOML, however it is laid out, reads as it should.
#include "tomlpp_hazards.hpp"
#include "toml_document.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "journeysim/config/scenario.hpp"
#include "../scenario_fixtures.hpp"

namespace {

using journeysim::config::ConfigError;
using journeysim::config::find_tomlpp_hazard;
using journeysim::config::read_toml;
using journeysim::config::StandIns;
using journeysim::config::tomlpp_whitespace_is_undefined;

std::string message_of(std::string_view text) {
    const auto hazard = find_tomlpp_hazard(text);
    return hazard ? hazard->message : "(none)";
}

// read_toml's one issue, or "(read)" when the text is a document.
std::string error_of(std::string_view text) {
    try {
        (void)read_toml(text);
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.issues().size(), 1u);
        return e.issues().at(0).path + ": " + e.issues().at(0).message;
    }
    return "(read)";
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
    // tests/fuzz/corpus/found_tomlpp_unreachable_whitespace.toml: toml++ sees a stand-in for
    // the iota, says what it expected, and the message names the iota again.
    EXPECT_EQ(error_of("seh\xCE\x99" "ds = ]\n"),
              "<toml>: syntax error at line 1, column 4: Error while parsing key-value pair: "
              "expected '=', saw '\xCE\x99'");
}

TEST(TomlppHazards, OtherHeaderShapesThatReachTheAssertion) {
    for (const char* text : {"[=a]", "[ .a]", "[[#a]]", "[[ {a]]", "[\n", "[[[a]]]", "[ !x]",
                             "[ \xDB\x92onth]", "[\xCE\xBF]", "[\xC2\xA0" "a]"})
        EXPECT_NE(message_of(text).find("a table header must start with a key"),
                  std::string::npos)
            << text;
}

TEST(TomlppHazards, AHeaderStartingWithOtherThanAscii) {
    // Found by fuzzing once the screen stopped refusing other than ASCII outside strings.
    EXPECT_EQ(message_of("[        \xDB\x92onth eq  n"),
              "syntax error at line 1, column 10: a table header must start with a key (a bare "
              "key or a quoted one), not U+06D2");
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

TEST(TomlppHazards, CodePointsTomlppCannotClassifyNeverReachIt) {
    // Found by fuzzing, each where toml++'s scanner and the screen's read the text
    // differently: a quote after a bare value, then a string that is no string to toml++.
    for (const char* text : {"t=5\"\xCE\xBF", "t=5[\"\xCE\xBF", "sehds = \xCE\x99\n"})
        EXPECT_EQ(error_of(text).rfind("<toml>: syntax error at line 1, column ", 0), 0u) << text;
    const StandIns stand_ins("a = \"\xCE\xBF\"");
    EXPECT_TRUE(stand_ins.any());
    EXPECT_EQ(stand_ins.text(), "a = \"\xF3\xB0\x80\x80\"");  // U+F0000
    // Keys and strings get the raw code point back; messages also the escape toml++ writes.
    EXPECT_EQ(stand_ins.restore("saw '\xF3\xB0\x80\x80', \\U000F0000"), "saw '\xCE\xBF', \\U000F0000");
    EXPECT_EQ(stand_ins.restore_message("saw '\xF3\xB0\x80\x80', \\U000F0000"),
              "saw '\xCE\xBF', \\u03BF");
    // A string that holds the escape's text keeps it.
    EXPECT_EQ(read_toml("a = \"\\u005CU000F0000\xCE\xBF\"")["a"].value_or(std::string()),
              "\\U000F0000\xCE\xBF");
    EXPECT_FALSE(StandIns("a = \"\xF0\x9F\x98\x80 \xE4\xB8\xAD\"").any());  // none needed
}

TEST(TomlppHazards, StandInsAreUndoneInKeysAndStrings) {
    const toml::table t = read_toml(
        "[stores.\"Caf\xC3\xA9\"]\nname = 'Caf\xC3\xA9 \xCE\x99'\n"
        "tags = [\"\xE3\x81\x82\", {\"\xC3\xA9\" = \"\xEF\xBC\xA1\"}]\n# \xC3\xA9\n");
    const auto* store = t["stores"]["Caf\xC3\xA9"].as_table();
    ASSERT_NE(store, nullptr);
    EXPECT_EQ((*store)["name"].value_or(std::string()), "Caf\xC3\xA9 \xCE\x99");
    EXPECT_EQ((*store)["tags"][0].value_or(std::string()), "\xE3\x81\x82");
    EXPECT_EQ((*store)["tags"][1]["\xC3\xA9"].value_or(std::string()), "\xEF\xBC\xA1");
}

TEST(TomlppHazards, StandInsAvoidCodePointsTheTextUses) {
    // U+F0000 raw and U+F0001 as an escape are the text's own: the stand-in is U+F0002, and
    // both strings keep their characters.
    const char* text = "a = \"\xF3\xB0\x80\x80\\U000f0001\xC3\xA9\"";
    EXPECT_EQ(StandIns(text).text(), "a = \"\xF3\xB0\x80\x80\\U000f0001\xF3\xB0\x80\x82\"");
    EXPECT_EQ(read_toml(text)["a"].value_or(std::string()),
              "\xF3\xB0\x80\x80\xF3\xB0\x80\x81\xC3\xA9");
}

TEST(TomlppHazards, MalformedUtf8ReachesTomlppAsItIs) {
    // An overlong spelling of U+00A1 (E0 82 A1), a surrogate (ED A0 80) and a code point past
    // U+10FFFF (F4 90 80 80) are no code points: left as they are, toml++ refuses them.
    for (const char* text : {"a = \"\xE0\x82\xA1\"", "a = \"\xED\xA0\x80\"", "a = \"\xF4\x90\x80\x80\""}) {
        EXPECT_EQ(StandIns(text).text(), text);
        EXPECT_EQ(error_of(text).rfind("<toml>: syntax error at line 1", 0), 0u) << text;
    }
}

TEST(TomlppHazards, ColumnsCountCodePoints) {
    // As toml++ counts them: the '}' is the 11th character, the 12th byte.
    EXPECT_EQ(message_of("x = [\"\xC3\xA9\", }]"),
              "syntax error at line 1, column 11: '}' where the array expects a value");
}

TEST(TomlppHazards, AKeyTheSwapWouldHaveMadeTwoIsStillOne) {
    // "é" and "\u00E9" are one key; toml++ saw a stand-in and an é.
    EXPECT_EQ(error_of("\"\xC3\xA9\" = 1\n\"\\u00E9\" = 2\n"),
              "<toml>: syntax error at line 2, column 1: cannot redefine existing key '\xC3\xA9' "
              "(spelled both as its characters and as escapes: use one spelling)");
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
    // toml++ asks whether the first character after a line-ending backslash's spaces is
    // whitespace: with a stand-in there, the valid string reads as TOML says.
    EXPECT_EQ(read_toml("a = \"\"\"x\\\n   \xC3\xA9t\xC3\xA9\"\"\"\n")["a"].value_or(std::string()),
              "x\xC3\xA9t\xC3\xA9");
    EXPECT_EQ(error_of("a = \"\"\"x\\\xCE\x99\"\"\""),
              "<toml>: syntax error at line 1, column 10: Error while parsing string: unknown "
              "escape sequence '\\\xCE\x99'");
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
