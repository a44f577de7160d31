// The ops a peer would send, saved once by the preparing process and read back in batches by
// each engine's process, so both apply the very same ops without either holding all of them.
//
// Format: protobuf's standard length-delimited stream of oplog::Op (a varint byte count, then
// the message), nothing else. It lives only in the benchmark's scratch directory.
//
// Thread safety: each object is used by one thread.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "oplog.pb.h"
#include "parta/storage/status.h"

namespace google::protobuf::io {
class FileInputStream;
class FileOutputStream;
}  // namespace google::protobuf::io

namespace parta::bench {

// An op larger than this in the file is refused rather than read.
constexpr size_t kOpBytesMax = size_t{1} << 20;

class OpFileWriter {
 public:
  ~OpFileWriter();
  // Creates (or truncates) `path`; IO naming the file when it cannot.
  static Result<std::unique_ptr<OpFileWriter>> create(const std::filesystem::path& path);
  Status append(const oplog::Op& op);
  // Flushes and closes; the file is complete only when this returned ok.
  Status finish();

 private:
  OpFileWriter(std::filesystem::path path, int fd);
  std::filesystem::path path_;
  int fd_;
  std::unique_ptr<google::protobuf::io::FileOutputStream> stream_;
};

class OpFileReader {
 public:
  ~OpFileReader();
  static Result<std::unique_ptr<OpFileReader>> open(const std::filesystem::path& path);
  // Replaces `out` with up to `count` next ops; empty at the end of the file. Corrupt when an
  // op does not parse or is larger than kOpBytesMax.
  Status read_batch(size_t count, std::vector<oplog::Op>* out);

 private:
  OpFileReader(std::filesystem::path path, int fd);
  std::filesystem::path path_;
  int fd_;
  std::unique_ptr<google::protobuf::io::FileInputStream> stream_;
};

}  // namespace parta::bench
