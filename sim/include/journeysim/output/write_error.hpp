#pragma once
#include <stdexcept>
#include <string>
#include <utility>

namespace journeysim::output {

// A file the engine writes (results, a transaction log) could not be written because the
// operating system refused: a full disk, an I/O error, a permission. what() is
// "<path>: <reason>", the reason ending in the system's own words ("No space left on
// device"); Python raises it as journeysim.WriteError, an OSError with errno and filename.
class WriteError : public std::runtime_error {
public:
    WriteError(std::string path, int error_number, const std::string& reason)
        : std::runtime_error(path + ": " + reason),
          path_(std::move(path)),
          reason_(reason),
          error_number_(error_number) {}

    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] const std::string& reason() const { return reason_; }
    [[nodiscard]] int error_number() const { return error_number_; }

private:
    std::string path_;
    std::string reason_;
    int error_number_;
};

}  // namespace journeysim::output
