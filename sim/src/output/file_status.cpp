#include "file_status.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace journeysim::output {

namespace {

constexpr std::array<const char*, 6> kStepNames = {"create", "write", "truncate",
                                                   "close",  "sync",  "rename"};

// The errors a test may inject, by name: those a disk, a file system or permissions give.
struct NamedError {
    const char* name;
    int value;
};
constexpr std::array<NamedError, 7> kErrors = {{{"ENOSPC", ENOSPC},
                                                {"EIO", EIO},
                                                {"EACCES", EACCES},
                                                {"EPERM", EPERM},
                                                {"EROFS", EROFS},
                                                {"EDQUOT", EDQUOT},
                                                {"EFBIG", EFBIG}}};

std::string next_field(std::string& rest) {
    const auto colon = rest.find(':');
    std::string field = rest.substr(0, colon);
    rest = colon == std::string::npos ? std::string() : rest.substr(colon + 1);
    return field;
}

}  // namespace

FileStatus::FileStatus(std::string path, std::string what)
    : path_(std::move(path)), what_(std::move(what)), fault_(planned_fault(path_)) {}

// JOURNEYSIM_TEST_FAULT=STEP:N:ERRNO[:TEXT]: the N-th STEP (create, write, truncate, close,
// sync, rename) of every file whose path contains TEXT fails with ERRNO (ENOSPC, EIO, ...).
// For tests only: it lets them fail each step of a write in turn, which a full disk cannot.
FileStatus::Fault FileStatus::planned_fault(const std::string& path) {
    const char* value = std::getenv("JOURNEYSIM_TEST_FAULT");
    if (value == nullptr || *value == '\0') return {};
    std::string rest(value);
    const std::string step = next_field(rest), nth = next_field(rest), error = next_field(rest);
    const std::string& text = rest;
    auto malformed = [&](const std::string& why) {
        return std::invalid_argument("JOURNEYSIM_TEST_FAULT=" + std::string(value) + ": " + why +
                                     " (expected STEP:N:ERRNO[:TEXT])");
    };
    Fault fault;
    std::size_t s = 0;
    while (s < kStepNames.size() && step != kStepNames[s]) ++s;
    if (s == kStepNames.size()) throw malformed("unknown step '" + step + "'");
    fault.step = static_cast<FileStep>(s);
    char* end = nullptr;
    fault.nth = std::strtol(nth.c_str(), &end, 10);
    if (nth.empty() || *end != '\0' || fault.nth < 1) throw malformed("N must be >= 1");
    for (const auto& named : kErrors)
        if (error == named.name) fault.error = named.value;
    if (fault.error == 0) throw malformed("unknown error '" + error + "'");
    if (path.find(text) == std::string::npos) return {};
    return fault;
}

int FileStatus::injected(FileStep step) {
    const long count = ++counts_[static_cast<std::size_t>(step)];
    return fault_.nth != 0 && step == fault_.step && count == fault_.nth ? fault_.error : 0;
}

void FileStatus::record(int error) {
    if (error_ == 0) error_ = error != 0 ? error : EIO;  // a failure without errno is one too
}

WriteError FileStatus::error(const std::string& doing) const {
    return {path_, error_, what_ + " (" + doing + "): " + std::strerror(error_)};
}

void FileStatus::throw_for(const std::exception& cause) const {
    if (const auto* error = dynamic_cast<const WriteError*>(&cause)) throw *error;
    if (failed()) throw error(cause.what());
    throw std::runtime_error(path_ + ": " + what_ + " (" + cause.what() + ")");
}

void FileStatus::throw_if_failed(const std::string& doing) const {
    if (failed()) throw error(doing);
}

}  // namespace journeysim::output
