// The ready file: once linksim listens, it writes its HOST:PORT (no newline) to the file named
// by --ready-file, so a test or script that started it with port 0 learns the port without
// racing: the file appears whole (written beside it, then renamed) or not at all.
//
// Thread safety: a function of the filesystem only.
#pragma once

#include <string>
#include <system_error>

namespace parta::linksim {

// Writes `text` to `path` atomically. The error from the filesystem if it cannot; then `path`
// is left as it was.
[[nodiscard]] std::error_code write_ready_file(const std::string& path, const std::string& text);

}  // namespace parta::linksim
