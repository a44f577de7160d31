// Writing a whole file so that it is either the old one or the complete new one, also after a
// power cut: a temporary file beside it, flushed, renamed over it, and the directory flushed.
// Removing a file so that it stays removed after a power cut.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string_view>

#include "parta/storage/status.h"

namespace parta {

// IO error naming the file and the system's reason; the temporary file is removed then.
// `mode` is the new file's permissions before the umask: 0600 for a secret only its owner may
// read (the umask can only narrow it).
Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                             mode_t mode = 0644);

// Removes `path` and flushes its directory; ok when it did not exist. IO error naming the file.
Status remove_file_durably(const std::filesystem::path& path);

}  // namespace parta
