#pragma once
// Resident memory of this process, for the benchmarks' bytes per household (Linux; 0 where
// the source is unavailable).
#include <sys/resource.h>

#include <fstream>
#include <string>

namespace journeysim::bench {

// Resident set size now, in bytes (VmRSS in /proc/self/status).
inline double resident_bytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return 1024.0 * std::stod(line.substr(6));
    return 0.0;
}

// The largest resident set size so far, in bytes (getrusage's ru_maxrss).
inline double peak_resident_bytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return 1024.0 * static_cast<double>(usage.ru_maxrss);  // kilobytes on Linux
}

}  // namespace journeysim::bench
