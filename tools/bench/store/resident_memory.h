// How much of a process's resident memory is file pages mapped into it (for LMDB, the
// database itself, read through its memory map and shared with the page cache) rather than
// memory of its own. ru_maxrss counts both; the report tells them apart.
#pragma once

#include <cstdint>

namespace parta::bench {

// Bytes of mapped file pages now resident in this process (RssFile in /proc/self/status);
// 0 where the kernel does not say.
uint64_t resident_file_bytes();

}  // namespace parta::bench
