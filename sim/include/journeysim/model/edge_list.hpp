#pragma once
// Edge-list files: a social graph made by another tool. One friendship per line, two
// household ids (0 .. households-1) separated by spaces, tabs or a comma; `#` starts a
// comment; blank lines are skipped; CRLF line ends are accepted. A friendship listed more than
// once, in either direction, counts once (many tools write both directions).
//
// Anything else is an error naming the file, the line and what is wrong:
//   friends.txt:12: household id 1500 is out of range (1000 households: ids 0 to 999)
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace journeysim::model {

// One friendship: two household ids, in either order.
using HouseholdPair = std::pair<std::uint32_t, std::uint32_t>;

class EdgeListError : public std::runtime_error {
public:
    // line 0: the file as a whole (it cannot be opened or read).
    EdgeListError(std::string source, std::size_t line, std::string reason);
    [[nodiscard]] const std::string& source() const { return source_; }
    [[nodiscard]] std::size_t line() const { return line_; }
    [[nodiscard]] const std::string& reason() const { return reason_; }

private:
    std::string source_;
    std::size_t line_;
    std::string reason_;
};

// The edges of `in`, in file order; `source` names it in errors. Throws EdgeListError at the
// first bad line.
[[nodiscard]] std::vector<HouseholdPair> parse_edge_list(std::istream& in,
                                                         std::string_view source,
                                                         std::uint32_t households);

// The same from a file; a file that cannot be opened or read is an EdgeListError at line 0.
[[nodiscard]] std::vector<HouseholdPair> read_edge_list(const std::filesystem::path& file,
                                                        std::uint32_t households);

}  // namespace journeysim::model
