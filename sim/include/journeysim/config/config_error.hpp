#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace journeysim::config {

// One problem in a scenario: where it is (`stores.jacksons.staff`) and what is wrong with
// it (`must be >= 1 (got 0)`).
struct Issue {
    std::string path;
    std::string message;
};

// Thrown with every problem found, so an author fixes a file in one pass.
class ConfigError : public std::runtime_error {
public:
    explicit ConfigError(std::vector<Issue> issues);
    [[nodiscard]] const std::vector<Issue>& issues() const { return issues_; }

private:
    std::vector<Issue> issues_;
};

}  // namespace journeysim::config
