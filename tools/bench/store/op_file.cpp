// Writes and reads the benchmark's op file; see op_file.h.
#include "op_file.h"

#include <fcntl.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/util/delimited_message_util.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace parta::bench {
namespace {

Status file_error(std::string_view what, const std::filesystem::path& path, int error) {
  return Status::io(fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(error)));
}

}  // namespace

OpFileWriter::OpFileWriter(std::filesystem::path path, int fd)
    : path_(std::move(path)),
      fd_(fd),
      stream_(std::make_unique<google::protobuf::io::FileOutputStream>(fd)) {}

OpFileWriter::~OpFileWriter() {
  stream_.reset();
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<OpFileWriter>> OpFileWriter::create(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return file_error("create", path, errno);
  return std::unique_ptr<OpFileWriter>(new OpFileWriter(path, fd));
}

Status OpFileWriter::append(const oplog::Op& op) {
  assert(fd_ >= 0);
  if (!google::protobuf::util::SerializeDelimitedToZeroCopyStream(op, stream_.get())) {
    return file_error("write", path_, stream_->GetErrno());
  }
  return Status::ok();
}

Status OpFileWriter::finish() {
  assert(fd_ >= 0);
  bool flushed = stream_->Flush();
  int error = stream_->GetErrno();
  stream_.reset();
  int closed = ::close(fd_);
  if (closed != 0 && flushed) error = errno;
  fd_ = -1;
  if (!flushed || closed != 0) return file_error("write", path_, error);
  return Status::ok();
}

OpFileReader::OpFileReader(std::filesystem::path path, int fd)
    : path_(std::move(path)),
      fd_(fd),
      stream_(std::make_unique<google::protobuf::io::FileInputStream>(fd)) {}

OpFileReader::~OpFileReader() {
  stream_.reset();
  ::close(fd_);
}

Result<std::unique_ptr<OpFileReader>> OpFileReader::open(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return file_error("open", path, errno);
  return std::unique_ptr<OpFileReader>(new OpFileReader(path, fd));
}

Status OpFileReader::read_batch(size_t count, std::vector<oplog::Op>* out) {
  out->clear();
  google::protobuf::io::CodedInputStream input(stream_.get());
  while (out->size() < count) {
    int start = input.CurrentPosition();
    uint32_t size = 0;
    if (!input.ReadVarint32(&size)) {
      if (stream_->GetErrno() != 0) return file_error("read", path_, stream_->GetErrno());
      if (input.CurrentPosition() == start) break;  // the clean end of the file
      return Status::corrupt(fmt::format("{} ends inside an op", path_.string()));
    }
    if (size > kOpBytesMax) {
      return Status::corrupt(fmt::format("{} holds an op of {} bytes, more than the {} allowed",
                                         path_.string(), size, kOpBytesMax));
    }
    auto limit = input.PushLimit(static_cast<int>(size));
    bool parsed = out->emplace_back().ParseFromCodedStream(&input) && input.ConsumedEntireMessage();
    input.PopLimit(limit);
    if (!parsed) return Status::corrupt(fmt::format("an op in {} does not parse", path_.string()));
  }
  return Status::ok();
}

}  // namespace parta::bench
