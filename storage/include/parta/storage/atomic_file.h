// Writing a whole file so that it is either the old one or the complete new one, also after a
// power cut: a temporary file beside it, flushed, renamed over it, and the directory flushed.
#pragma once

#include <filesystem>
#include <string_view>

#include "parta/storage/status.h"

namespace parta {

// IO error naming the file and the system's reason; the temporary file is removed then.
Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace parta
