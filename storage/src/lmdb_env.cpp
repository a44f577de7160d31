// LMDB wrappers; see lmdb_env.h.
#include "lmdb_env.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace parta::lmdb {

namespace {

constexpr uint64_t kNearlyFullBytes = uint64_t{16} << 20;

// LMDB reports a short write as EIO; a short write is most often a full disk or a file-size
// limit, so look before blaming the hardware.
int diagnose_short_write(const std::filesystem::path& dir) {
  struct statvfs disk;
  if (::statvfs(dir.c_str(), &disk) == 0 &&
      static_cast<uint64_t>(disk.f_bavail) * disk.f_frsize < kNearlyFullBytes) {
    return ENOSPC;
  }
  rlimit limit;
  std::error_code ec;
  auto size = std::filesystem::file_size(dir / "data.mdb", ec);
  if (!ec && ::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
      size + kNearlyFullBytes >= limit.rlim_cur) {
    return EFBIG;
  }
  return EIO;
}

}  // namespace

bool opened_by_another_process(const std::filesystem::path& dir) {
  struct stat lock_file;
  if (::stat((dir / "lock.mdb").c_str(), &lock_file) != 0) return false;
  // A line of /proc/locks: "1: POSIX  ADVISORY  READ 1234 fe:00:11386921 0 0", the device
  // as major:minor in hex; lines with "->" are waiters, not holders.
  const std::string file_id = fmt::format("{:02x}:{:02x}:{}", major(lock_file.st_dev),
                                          minor(lock_file.st_dev), lock_file.st_ino);
  const std::string own_pid = std::to_string(::getpid());
  std::ifstream locks("/proc/locks");
  for (std::string line; std::getline(locks, line);) {
    std::istringstream fields(line);
    std::string id, kind, mode, access, pid, file;
    if (!(fields >> id >> kind >> mode >> access >> pid >> file) || kind == "->") continue;
    if (file == file_id && pid != own_pid) return true;
  }
  return false;
}

Status error(int rc, std::string_view what, const std::filesystem::path& dir) {
  std::string where = dir.string();
  if (rc == EIO) rc = diagnose_short_write(dir);
  switch (rc) {
    case ENOSPC:
    case EDQUOT:
      return Status::io(fmt::format(
          "{}: the disk holding {} is full; free some space and run the command again "
          "(everything saved before is intact)", what, where));
    case EFBIG:
      return Status::io(fmt::format(
          "{}: the database in {} reached this process's file size limit (ulimit -f); raise "
          "it and run the command again (everything saved before is intact)", what, where));
    case EIO:
      return Status::io(fmt::format(
          "{}: the disk holding {} reported an I/O error; check it (dmesg, smartctl) before "
          "writing again (everything saved before is intact)", what, where));
    case EACCES:
    case EPERM:
    case EROFS:
      return Status::io(fmt::format("{}: no permission to write in {} ({}); run as the node's owner",
                                    what, where, std::strerror(rc)));
    case ENOENT:
      return Status::not_found(fmt::format(
          "{}: {} holds no Parta node; create one with 'parta init' or pass the right --dir",
          what, where));
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:
    case MDB_VERSION_MISMATCH:
      return Status::corrupt(fmt::format(
          "{}: the database in {} is damaged ({}); restore it from the latest 'parta backup'",
          what, where, mdb_strerror(rc)));
    case MDB_BAD_VALSIZE:  // an index key (a name, say) over LMDB's 511 bytes
      return Status::invalid(fmt::format(
          "{}: a name or text is too long to store (keep names under 200 letters); shorten it "
          "and run the command again (nothing was saved)",
          what));
    case MDB_READERS_FULL:
      return Status::io(fmt::format("{}: too many programs are reading {} at once; retry", what,
                                    where));
    default:
      return Status::io(fmt::format("{} in {}: {}", what, where, mdb_strerror(rc)));
  }
}

Txn& Txn::operator=(Txn&& other) noexcept {
  if (this != &other) {
    abort();
    txn_ = other.txn_;
    other.txn_ = nullptr;
  }
  return *this;
}

int Txn::begin(MDB_env* env, bool read_only, Txn* out) {
  out->abort();
  return mdb_txn_begin(env, nullptr, read_only ? MDB_RDONLY : 0, &out->txn_);
}

int Txn::commit() {
  assert(txn_ != nullptr);
  int rc = mdb_txn_commit(txn_);
  txn_ = nullptr;  // committed or failed, the handle is freed either way
  return rc;
}

void Txn::abort() {
  if (txn_ != nullptr) mdb_txn_abort(txn_);
  txn_ = nullptr;
}

Cursor::Cursor(MDB_txn* txn, MDB_dbi dbi) {
  error_ = mdb_cursor_open(txn, dbi, &cursor_);
  if (error_ != MDB_SUCCESS) cursor_ = nullptr;
}

Cursor::~Cursor() {
  if (cursor_ != nullptr) mdb_cursor_close(cursor_);
}

bool Cursor::settle(int rc) {
  if (rc == MDB_NOTFOUND) return false;
  if (rc != MDB_SUCCESS) {
    error_ = rc;
    return false;
  }
  return key().starts_with(prefix_);
}

bool Cursor::seek(std::string_view prefix, std::string_view start) {
  if (cursor_ == nullptr) return false;
  assert(start.empty() || start.starts_with(prefix));
  prefix_ = prefix;
  start_ = start.empty() ? prefix : start;
  key_ = to_val(start_);
  return settle(mdb_cursor_get(cursor_, &key_, &value_, start_.empty() ? MDB_FIRST : MDB_SET_RANGE));
}

bool Cursor::next() {
  if (cursor_ == nullptr) return false;
  return settle(mdb_cursor_get(cursor_, &key_, &value_, MDB_NEXT));
}

}  // namespace parta::lmdb
