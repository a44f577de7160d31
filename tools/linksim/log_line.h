// log_line: how linksim reports on stderr: one line per event, prefixed "linksim: ", written in
// one piece so lines from one process never interleave mid-line.
//
// Thread safety: safe from any thread (stdio locks the stream).
#pragma once

#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <utility>

namespace parta::linksim {

template <typename... Args>
void log_line(fmt::format_string<Args...> format, Args&&... args) {
  std::string line = "linksim: " + fmt::format(format, std::forward<Args>(args)...) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace parta::linksim
