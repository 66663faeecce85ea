#include "journeysim/model/edge_list.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

namespace journeysim::model {

namespace {

// "file:line: reason", or "file: reason" for the file as a whole. Appended piece by piece:
// GCC 12 warns falsely (-Wrestrict) on "literal" + std::string&&.
std::string located(const std::string& source, std::size_t line, const std::string& reason) {
    std::string text = source;
    if (line > 0) text.append(":").append(std::to_string(line));
    return text.append(": ").append(reason);
}

}  // namespace

EdgeListError::EdgeListError(std::string source, std::size_t line, std::string reason)
    : std::runtime_error(located(source, line, reason)),
      source_(std::move(source)),
      line_(line),
      reason_(std::move(reason)) {}

namespace {

bool is_separator(char c) { return c == ' ' || c == '\t' || c == ',' || c == '\r'; }

// A token as it appears in a message: at most 24 characters, unprintable bytes as '?', so a
// binary or hostile file cannot flood or garble a terminal through an error.
std::string shown(std::string_view token) {
    std::string out;
    for (char c : token.substr(0, 24)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    if (token.size() > 24) out += "...";
    return "'" + out + "'";
}

// A household id: decimal digits only, below `households`.
std::uint32_t parse_id(std::string_view token, std::uint32_t households,
                       std::string_view source, std::size_t line) {
    std::uint64_t value = 0;
    for (char c : token) {
        if (c < '0' || c > '9')
            throw EdgeListError(std::string(source), line,
                                shown(token) + " is not a household id (a whole number >= 0)");
        // Past 2^32 the id is out of range whatever follows; stop growing (no overflow).
        if (value <= 0xFFFFFFFFull) value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value >= households) {
        const std::string range =
            households == 0 ? "there are no households"
                            : std::to_string(households) + " households: ids 0 to " +
                                  std::to_string(households - 1);
        throw EdgeListError(std::string(source), line,
                            "household id " + (value > 0xFFFFFFFFull ? shown(token)
                                                                     : std::to_string(value)) +
                                " is out of range (" + range + ")");
    }
    return static_cast<std::uint32_t>(value);
}

}  // namespace

std::vector<HouseholdPair> parse_edge_list(std::istream& in, std::string_view source,
                                           std::uint32_t households) {
    std::vector<HouseholdPair> edges;
    std::string text;
    std::size_t line = 0;
    while (std::getline(in, text)) {
        ++line;
        std::string_view rest(text);
        if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
        std::string_view fields[2];
        std::size_t count = 0;
        while (!rest.empty()) {
            std::size_t start = 0;
            while (start < rest.size() && is_separator(rest[start])) ++start;
            std::size_t stop = start;
            while (stop < rest.size() && !is_separator(rest[stop])) ++stop;
            if (stop > start) {
                if (count < 2) fields[count] = rest.substr(start, stop - start);
                ++count;
            }
            rest = rest.substr(stop);
        }
        if (count == 0) continue;
        if (count != 2)
            throw EdgeListError(std::string(source), line,
                                "expected two household ids, found " + std::to_string(count) +
                                    " field" + (count == 1 ? "" : "s"));
        const std::uint32_t a = parse_id(fields[0], households, source, line);
        const std::uint32_t b = parse_id(fields[1], households, source, line);
        if (a == b)
            throw EdgeListError(std::string(source), line,
                                "household " + std::to_string(a) +
                                    " is linked to itself (self-loops are not allowed)");
        edges.emplace_back(a, b);
    }
    if (in.bad()) throw EdgeListError(std::string(source), line, "read error after this line");
    return edges;
}

std::vector<HouseholdPair> read_edge_list(const std::filesystem::path& file,
                                          std::uint32_t households) {
    const std::string name = file.string();
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (ec || !std::filesystem::exists(status))
        throw EdgeListError(name, 0, "cannot open the edge list: no such file");
    if (!std::filesystem::is_regular_file(status))
        throw EdgeListError(name, 0, "cannot open the edge list: not a regular file");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw EdgeListError(name, 0,
                            std::string("cannot open the edge list: ") + std::strerror(errno));
    return parse_edge_list(in, name, households);
}

}  // namespace journeysim::model
