#pragma once
// What went wrong with one file the engine writes: the first error the operating system
// gave, kept so that the message can name it, and the test hook that injects such errors.
// No HDF5 here: the file driver (hdf5_file_driver.cpp) and the writer both report to it.
#include <array>
#include <cerrno>
#include <exception>
#include <string>

#include "journeysim/output/write_error.hpp"

namespace journeysim::output {

// The steps at which writing a file meets the operating system, in the order they come.
enum class FileStep { create, write, truncate, close, sync, rename };

class FileStatus {
public:
    // `path` is the name errors give (the final name, not a temporary one); `what` says
    // what the file is ("cannot write results"). Reads the test hook, JOURNEYSIM_TEST_FAULT
    // (docs/reliability.md), and throws std::invalid_argument when it is malformed.
    FileStatus(std::string path, std::string what);

    // Counts one `step` and returns the errno the test hook injects into it, or 0.
    int injected(FileStep step);
    // Records errno `error`, unless an earlier error is recorded: the first one is the
    // cause, later ones its consequences.
    void record(int error);
    // Runs `call`, an operating-system call returning -1 and setting errno on failure, at
    // `step`, the test hook first; records and returns whether it succeeded.
    template <class Call>
    bool attempt(FileStep step, Call&& call) {
        if (failed()) return false;
        const int error = injected(step);
        if (error == 0 && call() == 0) return true;
        record(error != 0 ? error : errno);
        return false;
    }

    [[nodiscard]] bool failed() const { return error_ != 0; }
    // Throws the recorded error as WriteError, saying what was being done (`doing`).
    void throw_if_failed(const std::string& doing) const;
    [[nodiscard]] WriteError error(const std::string& doing) const;
    // Throws for `cause`, met while writing: the recorded operating-system error when there
    // is one (it is why HDF5 failed), else `cause` said as a failure to write the file.
    [[noreturn]] void throw_for(const std::exception& cause) const;
    [[nodiscard]] const std::string& path() const { return path_; }

private:
    struct Fault {
        FileStep step = FileStep::write;
        long nth = 0;  // 0: no fault planned
        int error = 0;
    };
    static Fault planned_fault(const std::string& path);

    std::string path_;
    std::string what_;
    Fault fault_;
    std::array<long, 6> counts_{};  // per FileStep
    int error_ = 0;
};

}  // namespace journeysim::output
