// How partad reports: one line per event on stderr, which journald records under systemd
// (with the time and "partad[PID]:" in front), written in one piece so lines never mix.
//
// Thread safety: safe from any thread (stdio locks the stream).
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <utility>

namespace parta::partad {

template <typename... Args>
void log_line(fmt::format_string<Args...> format, Args&&... args) {
  std::string line = fmt::format(format, std::forward<Args>(args)...) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace parta::partad
