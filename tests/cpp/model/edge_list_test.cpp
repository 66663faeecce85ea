// Edge-list files: what is accepted, and that every kind of bad input is refused with the
// file, the line and what is wrong.
#include "journeysim/model/edge_list.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace model = journeysim::model;
using model::EdgeListError;
using model::HouseholdPair;

std::vector<HouseholdPair> parse(const std::string& text, std::uint32_t households = 10) {
    std::istringstream in(text);
    return model::parse_edge_list(in, "friends.txt", households);
}

// The error `text` raises; fails the test when it raises none.
EdgeListError refused(const std::string& text, std::uint32_t households = 10) {
    try {
        (void)parse(text, households);
    } catch (const EdgeListError& e) {
        return e;
    }
    ADD_FAILURE() << "expected an EdgeListError for:\n" << text;
    return EdgeListError("", 0, "");
}

TEST(EdgeList, ReadsPairsWithCommentsBlankLinesAndAnySeparator) {
    const auto edges = parse(
        "# friendships exported from a survey\n"
        "0 1\n"
        "\n"
        "   \t\n"
        "2\t3   # trailing comment\n"
        "4,5\r\n"
        "  6 ,  7  \n"
        "1 0\n");  // the reverse of line 2: kept here, merged by the graph
    EXPECT_EQ(edges, (std::vector<HouseholdPair>{{0, 1}, {2, 3}, {4, 5}, {6, 7}, {1, 0}}));
}

TEST(EdgeList, AnEmptyFileIsAGraphWithoutEdges) {
    EXPECT_TRUE(parse("").empty());
    EXPECT_TRUE(parse("# nothing\n\n").empty());
}

TEST(EdgeList, LastLineNeedsNoNewline) { EXPECT_EQ(parse("0 9").size(), 1u); }

TEST(EdgeList, IdOutOfRangeNamesLineAndRange) {
    const auto e = refused("0 1\n# c\n2 10\n");
    EXPECT_EQ(e.source(), "friends.txt");
    EXPECT_EQ(e.line(), 3u);
    EXPECT_STREQ(e.what(),
                 "friends.txt:3: household id 10 is out of range (10 households: ids 0 to 9)");
}

TEST(EdgeList, HugeIdsAreOutOfRangeNotOverflowed) {
    // 2^32 + 1 would wrap to 1 in 32 bits; 20 digits would overflow 64 bits.
    EXPECT_EQ(refused("4294967297 0\n").line(), 1u);
    EXPECT_NE(refused("0 99999999999999999999\n").reason().find("out of range"),
              std::string::npos);
}

TEST(EdgeList, SelfLoopIsRefused) {
    const auto e = refused("0 1\n4 4\n");
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.reason(), "household 4 is linked to itself (self-loops are not allowed)");
}

TEST(EdgeList, WrongNumberOfFieldsIsRefused) {
    EXPECT_EQ(refused("0 1\n5\n").reason(), "expected two household ids, found 1 field");
    const auto e = refused("0 1 0.5\n");  // a weighted edge list
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.reason(), "expected two household ids, found 3 fields");
}

TEST(EdgeList, NonNumbersAreRefusedAndShownSafely) {
    EXPECT_EQ(refused("source target\n").reason(),
              "'source' is not a household id (a whole number >= 0)");
    EXPECT_EQ(refused("-1 2\n").reason(), "'-1' is not a household id (a whole number >= 0)");
    EXPECT_EQ(refused("1.0 2\n").line(), 1u);
    EXPECT_EQ(refused("0x1 2\n").line(), 1u);
    // Control bytes and long tokens are not echoed raw.
    const auto e = refused(std::string("1 \x1b[31m\x01zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n"));
    EXPECT_EQ(e.reason().find('\x1b'), std::string::npos);
    EXPECT_NE(e.reason().find("..."), std::string::npos);
    EXPECT_LT(e.reason().size(), 80u);
}

TEST(EdgeList, ZeroHouseholdsMakesEveryIdOutOfRange) {
    EXPECT_NE(refused("0 1\n", 0).reason().find("there are no households"), std::string::npos);
}

TEST(EdgeList, FilesThatCannotBeReadAreRefusedAtLineZero) {
    const auto dir = std::filesystem::temp_directory_path() / "journeysim_edge_list_test";
    std::filesystem::create_directories(dir);
    try {
        (void)model::read_edge_list(dir / "missing.txt", 5);
        ADD_FAILURE() << "a missing file must be refused";
    } catch (const EdgeListError& e) {
        EXPECT_EQ(e.line(), 0u);
        EXPECT_NE(std::string(e.what()).find("missing.txt: cannot open the edge list"),
                  std::string::npos)
            << e.what();
    }
    try {
        (void)model::read_edge_list(dir, 5);
        ADD_FAILURE() << "a directory must be refused";
    } catch (const EdgeListError& e) {
        EXPECT_NE(e.reason().find("not a regular file"), std::string::npos);
    }
    std::ofstream(dir / "ok.txt") << "0 1\n3 4\n";
    EXPECT_EQ(model::read_edge_list(dir / "ok.txt", 5).size(), 2u);
    std::filesystem::remove_all(dir);
}

}  // namespace
